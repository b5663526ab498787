#include "generator/shop_generator.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "generator/catalog.h"
#include "generator/event_queue.h"
#include "generator/event_renderer.h"
#include "generator/ids.h"
#include "generator/malformed.h"
#include "generator/random.h"
#include "generator/shop_state.h"
#include "generator/visit_planner.h"

namespace crm {
namespace {

// Order ids of malformed order events: far above the shop's own numbers, so that even a
// wrongly accepted one cannot land on a real order.
constexpr std::uint64_t kMalformedOrderNumbers = 9'000'000'000;

void check_options(const GeneratorOptions& o) {
  const auto is_fraction = [](double f) { return f >= 0.0 && f <= 1.0; };
  if (o.customers < 0) throw std::invalid_argument("customers must be >= 0");
  if (o.duration <= 0) throw std::invalid_argument("duration must be > 0");
  if (o.max_events < 0) throw std::invalid_argument("max_events must be >= 0");
  if (o.max_lateness < 0) throw std::invalid_argument("max_lateness must be >= 0");
  if (!is_fraction(o.malformed_fraction) || !is_fraction(o.duplicate_fraction) ||
      !is_fraction(o.late_fraction) || !is_fraction(o.wrong_key_fraction) ||
      !is_fraction(o.wrong_topic_fraction)) {
    throw std::invalid_argument("fractions must be in [0, 1]");
  }
}

// A line to be sent again as it was.
struct Copy {
  std::string json;
  std::string key;
  GeneratedEvent::Stream stream = GeneratedEvent::kClickstream;
  TimeMs ts = 0;
};

}  // namespace

struct ShopGenerator::Impl {
  explicit Impl(const GeneratorOptions& o)
      : options(o),
        rng(o.seed),
        catalog(o.seed),
        ids(o.seed),
        shoppers(static_cast<std::size_t>(o.customers)),
        queue(o.start, o.start + o.duration),
        planner(catalog, shoppers, orders, queue, rng),
        renderer(catalog, ids, orders),
        malformed(ids) {}

  bool hold_back(PendingEvent& event);
  void yield_event(const PendingEvent& event, GeneratedEvent& out);
  void yield_copy(const PendingEvent& event, GeneratedEvent& out);
  void queue_copy(const PendingEvent& event, const GeneratedEvent& out);
  void stage_malformed(const PendingEvent& event);

  GeneratorOptions options;
  SplitMix64 rng;
  Catalog catalog;
  IdFormat ids;
  std::vector<Shopper> shoppers;
  OrderBook orders;
  EventQueue queue;
  VisitPlanner planner;
  EventRenderer renderer;
  MalformedWriter malformed;
  GeneratorStats stats;
  std::uint64_t event_numbers = 0;  // event ids handed out, malformed events' included
  std::vector<Copy> copies;         // by slot
  std::vector<std::uint32_t> free_copies;
  GeneratedEvent staged;  // a malformed event, yielded right after the event it was made from
  bool has_staged = false;
  std::int64_t malformed_made = 0;  // staged so far: picks the next kind
};

// Holds a valid event back so that it leaves after events with later ts: by at least a second,
// mostly by little, at most by max_lateness, and never past the end of the span.
bool ShopGenerator::Impl::hold_back(PendingEvent& event) {
  if (event.flags & kDeferred) return false;
  if (!rng.chance(options.late_fraction) || options.max_lateness < kSecondMs) return false;
  const double u = rng.unit();
  const auto delay = kSecondMs + static_cast<TimeMs>(
                                     static_cast<double>(options.max_lateness - kSecondMs) * u * u);
  event.emit_at = std::min(event.ts + delay, queue.end() - 1);
  event.flags |= kDeferred;
  queue.push(event);
  return true;
}

void ShopGenerator::Impl::yield_event(const PendingEvent& event, GeneratedEvent& out) {
  const std::uint64_t number = event_numbers++;
  out.json.clear();
  renderer.render(event, number, rng, out.json, out.key);
  const bool order = is_order_event(event.type);
  if (order) orders.release(event.detail);
  out.stream = order ? GeneratedEvent::kOrders : GeneratedEvent::kClickstream;
  if (rng.chance(options.wrong_topic_fraction)) {
    out.stream = order ? GeneratedEvent::kClickstream : GeneratedEvent::kOrders;
  }
  if (rng.chance(options.wrong_key_fraction)) {
    out.key.clear();
    ids.append_event(out.key, number);
  }
  out.ts = event.ts;
  out.duplicate = false;
  out.intended_rejection.reset();
  ++stats.events;
  if (event.flags & kDeferred) ++stats.late;
  if (event.type == EventType::kOrderPlaced) ++stats.orders;
  if (rng.chance(options.duplicate_fraction)) queue_copy(event, out);
  if (rng.chance(options.malformed_fraction)) stage_malformed(event);
}

// A producer's retry: right away half of the time, else within the lateness allowed.
void ShopGenerator::Impl::queue_copy(const PendingEvent& event, const GeneratedEvent& out) {
  std::uint32_t slot = 0;
  if (free_copies.empty()) {
    slot = static_cast<std::uint32_t>(copies.size());
    copies.emplace_back();
  } else {
    slot = free_copies.back();
    free_copies.pop_back();
  }
  Copy& copy = copies[slot];
  copy.json.assign(out.json);
  copy.key.assign(out.key);
  copy.stream = out.stream;
  copy.ts = out.ts;

  PendingEvent resend;
  resend.kind = PendingKind::kCopy;
  resend.detail = slot;
  resend.ts = event.ts;
  const TimeMs latest = std::min(event.ts + options.max_lateness, queue.end() - 1);
  resend.emit_at = rng.chance(0.5) ? event.emit_at : rng.between(event.emit_at, latest);
  if (!queue.push(resend)) free_copies.push_back(slot);
}

void ShopGenerator::Impl::yield_copy(const PendingEvent& event, GeneratedEvent& out) {
  const Copy& copy = copies[event.detail];
  out.json.assign(copy.json);
  out.key.assign(copy.key);
  out.stream = copy.stream;
  out.ts = copy.ts;
  out.duplicate = true;
  out.intended_rejection.reset();
  free_copies.push_back(event.detail);
  ++stats.events;
  ++stats.duplicates;
}

// Malformed events take their turn kind by kind, so that a short run has every kind.
void ShopGenerator::Impl::stage_malformed(const PendingEvent& event) {
  const int index = static_cast<int>(malformed_made % MalformedWriter::kind_count());
  const MalformedKind& kind = MalformedWriter::kind(index);
  MalformedContext context;
  context.shopper = event.shopper;
  context.registered = shoppers[event.shopper].registered;
  context.ts = event.ts;
  context.event_number = event_numbers++;
  context.order_number = kMalformedOrderNumbers + static_cast<std::uint64_t>(malformed_made);
  malformed.write(index, context, staged.json, staged.key);
  staged.stream = kind.orders_topic ? GeneratedEvent::kOrders : GeneratedEvent::kClickstream;
  staged.ts = event.ts;
  staged.duplicate = false;
  staged.intended_rejection = std::string(kind.reason);
  has_staged = true;
  ++malformed_made;
}

ShopGenerator::ShopGenerator(const GeneratorOptions& options) {
  check_options(options);
  impl_ = std::make_unique<Impl>(options);
  for (int i = 0; i < options.customers; ++i) {
    const auto id = static_cast<std::uint32_t>(i);
    const Persona persona = persona_of(options.seed, id);
    ++impl_->stats.shoppers[static_cast<std::size_t>(persona)];
    impl_->planner.enroll(id, persona, options.start, options.duration);
  }
}

ShopGenerator::~ShopGenerator() = default;

bool ShopGenerator::next(GeneratedEvent& out) {
  Impl& s = *impl_;
  if (s.options.max_events > 0 && s.stats.events >= s.options.max_events) return false;
  if (s.has_staged) {
    std::swap(out, s.staged);  // the buffers go round, none is freed
    s.has_staged = false;
    ++s.stats.events;
    ++s.stats.malformed;
    return true;
  }
  while (!s.queue.empty()) {
    PendingEvent event = s.queue.pop();
    switch (event.kind) {
      case PendingKind::kSessionStart:
        s.planner.plan_visit(event.shopper, event.ts);
        break;
      case PendingKind::kCopy:
        s.yield_copy(event, out);
        return true;
      case PendingKind::kEvent:
        if (s.hold_back(event)) break;
        s.yield_event(event, out);
        return true;
    }
  }
  return false;
}

const GeneratorStats& ShopGenerator::stats() const {
  return impl_->stats;
}

const GeneratorOptions& ShopGenerator::options() const {
  return impl_->options;
}

Persona ShopGenerator::persona(std::uint32_t shopper) const {
  return impl_->shoppers[shopper].persona;
}

}  // namespace crm
