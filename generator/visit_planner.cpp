#include "generator/visit_planner.h"

#include <algorithm>

namespace crm {
namespace {

// Shop order numbers start high, as real ones do.
constexpr std::uint64_t kFirstOrderNumber = 100001;

TimeMs days(std::int64_t n) {
  return n * kDayMs;
}

// Order systems stamp whole seconds. Rounding up keeps an order_placed at or after the cart
// additions it empties (semantics.md "Profile": it removes the items added at or before its ts).
TimeMs up_to_second(TimeMs t) {
  return (t + kSecondMs - 1) / kSecondMs * kSecondMs;
}

}  // namespace

struct VisitPlanner::Visit {
  std::uint32_t shopper;
  std::uint32_t session;
  TimeMs t;  // of the next click
  std::uint8_t channel;
  std::uint8_t device;
  std::uint8_t flags;  // identity and session_id of its clickstream events
};

VisitPlanner::VisitPlanner(const Catalog& catalog, std::vector<Shopper>& shoppers,
                           OrderBook& orders, EventQueue& queue, SplitMix64& rng)
    : catalog_(catalog), shoppers_(shoppers), orders_(orders), queue_(queue), rng_(rng) {}

void VisitPlanner::enroll(std::uint32_t id, Persona persona, TimeMs start, TimeMs span) {
  Shopper& s = shoppers_[id];
  const PersonaTraits& t = traits(persona);
  s.persona = persona;
  s.purchases_left = static_cast<std::int16_t>(
      t.purchases_min < 0 ? -1 : rng_.between(t.purchases_min, t.purchases_max));
  const double channel_draw = rng_.unit();  // web 40 %, app 30 %, mobile web 20 %, mini program
  s.channel = channel_draw < 0.4 ? 0 : channel_draw < 0.7 ? 2 : channel_draw < 0.9 ? 1 : 3;
  s.category = static_cast<std::uint8_t>(rng_.below(Catalog::kCategories));
  s.hour = static_cast<std::uint8_t>(rng_.chance(0.6) ? rng_.between(18, 23) : rng_.between(7, 17));
  s.registered = persona != Persona::kSignup && !(persona == Persona::kBrowser && rng_.chance(0.5));
  s.visits_left = persona == Persona::kSignup ? static_cast<std::uint8_t>(rng_.between(1, 4)) : 0;

  // Churn-and-return shoppers start early so that their long silence fits in a year.
  const TimeMs window = persona == Persona::kChurnAndReturn ? std::min(span, days(20))
                        : persona == Persona::kSignup       ? span / 2
                                                            : span * 3 / 10;
  const TimeMs first = start + rng_.between(0, window - 1);
  s.next_purchase_at = first + days(rng_.between(0, std::max(t.purchase_gap_min_days, 7)));
  queue_visit(id, first);
}

void VisitPlanner::plan_visit(std::uint32_t id, TimeMs start) {
  Shopper& s = shoppers_[id];
  Visit v{id, s.sessions++, start, s.channel, 0, 0};
  if (rng_.chance(0.2)) v.channel = static_cast<std::uint8_t>(rng_.below(kChannels.size()));
  if (rng_.chance(0.04)) v.channel = kNoChannel;
  if (rng_.chance(0.9)) v.flags |= kWithSession;  // else the visit is the calendar day

  // Who the visit is, as the site sees it: a visitor who signs up, a customer who logs in on some
  // device (a new one now and then), a customer browsing logged out, or a known customer.
  const bool signs_up = !s.registered && s.persona == Persona::kSignup && s.visits_left == 0;
  bool logs_in = false;
  bool logged_out = false;
  if (s.registered) {
    const double r = rng_.unit();
    logs_in = r < 0.08;
    logged_out = r >= 0.08 && r < 0.12;
  }
  if (logs_in && s.devices < kMaxDevices && rng_.chance(0.4)) {
    v.device = s.devices++;
  } else {
    v.device = static_cast<std::uint8_t>(rng_.below(s.devices));
  }
  const bool known_now = s.registered && !logs_in && !logged_out;
  v.flags |= known_now ? kWithCustomer | (rng_.chance(0.3) ? kWithAnonymous : 0) : kWithAnonymous;

  click(v, EventType::kPageView, static_cast<std::uint32_t>(rng_.below(catalog_.pages().size())),
        rng_.chance(0.7) ? static_cast<std::int32_t>(rng_.between(500, 90'000)) : -1);
  if (signs_up || logs_in) {
    v.flags = static_cast<std::uint8_t>((v.flags & kWithSession) | kWithCustomer | kWithAnonymous);
    click(v, signs_up ? EventType::kSignup : EventType::kLogin, 0, -1);
  }
  if (signs_up) {
    s.registered = true;
    s.next_purchase_at = v.t + days(rng_.between(0, 14));
  }
  if (rng_.chance(0.35)) {
    click(v, EventType::kSearch, static_cast<std::uint32_t>(rng_.below(catalog_.queries().size())),
          -1);
  }
  view_products(v, viewed_);
  if (rng_.chance(0.04)) {
    click(v, EventType::kInquiry, static_cast<std::uint32_t>(rng_.below(catalog_.topics().size())),
          -1);
  }

  const bool buys =
      s.registered && !logged_out && s.purchases_left != 0 && v.t >= s.next_purchase_at;
  bool ordered = false;
  bool left_cart = false;
  if (buys) {
    const std::span<const OrderLine> lines = fill_cart(v, viewed_);
    left_cart = rng_.chance(0.12);  // abandons the cart, comes back for it soon
    if (!left_cart) {
      place_order(v, lines);
      ordered = true;
    }
  } else if (rng_.chance(0.2)) {
    // Window shopping: a cart that is abandoned, or emptied again before leaving.
    const auto count = rng_.between(1, 2);
    const bool empties = rng_.chance(0.3);
    for (std::int64_t i = 0; i < count; ++i) {
      const std::uint32_t product = viewed_[rng_.below(viewed_.size())];
      click(v, EventType::kAddToCart, product, 1);
      if (empties) click(v, EventType::kRemoveFromCart, product, -1);
    }
  }
  schedule_next_visit(id, v.t, ordered, left_cart);
}

void VisitPlanner::click(Visit& visit, EventType type, std::uint32_t detail, std::int32_t number) {
  PendingEvent e;
  e.emit_at = e.ts = visit.t;
  e.shopper = visit.shopper;
  e.session = visit.session;
  e.detail = detail;
  e.number = number;
  e.type = type;
  e.channel = visit.channel;
  e.device = visit.device;
  e.flags = visit.flags;
  queue_.push(e);
  // Reading time, then the click to the next page.
  visit.t +=
      (type == EventType::kPageView || type == EventType::kProductView) && number > 0 ? number : 0;
  visit.t += rng_.between(2 * kSecondMs, 40 * kSecondMs);
}

void VisitPlanner::view_products(Visit& visit, std::vector<std::uint32_t>& viewed) {
  const Shopper& s = shoppers_[visit.shopper];
  const auto count = traits(s.persona).premium ? rng_.between(3, 8) : rng_.between(1, 5);
  viewed.clear();
  for (std::int64_t i = 0; i < count; ++i) {
    const std::uint32_t product = pick_product(s);
    viewed.push_back(product);
    click(visit, EventType::kProductView, product,
          rng_.chance(0.85) ? static_cast<std::int32_t>(rng_.between(2'000, 180'000)) : -1);
    if (rng_.chance(0.08)) click(visit, EventType::kFavorite, product, -1);
  }
}

std::span<const OrderLine> VisitPlanner::fill_cart(Visit& visit,
                                                   std::span<const std::uint32_t> viewed) {
  const Shopper& s = shoppers_[visit.shopper];
  const PersonaTraits& t = traits(s.persona);
  const auto wanted = rng_.between(t.basket_min_lines, t.basket_max_lines);
  lines_.clear();
  for (std::int64_t i = 0; i < wanted; ++i) {
    // What was looked at first, then more of the same kind; each product once.
    const std::uint32_t product = i < static_cast<std::int64_t>(viewed.size())
                                      ? viewed[static_cast<std::size_t>(i)]
                                      : pick_product(s);
    const bool seen = std::any_of(lines_.begin(), lines_.end(),
                                  [&](const OrderLine& line) { return line.product == product; });
    if (seen) continue;
    const auto quantity = static_cast<std::uint16_t>(t.premium           ? rng_.between(1, 5)
                                                     : rng_.chance(0.75) ? 1
                                                                         : rng_.between(2, 3));
    lines_.push_back({product, quantity});
    click(visit, EventType::kAddToCart, product, quantity);
  }
  if (rng_.chance(0.1)) {
    // Second thoughts: one more product in, and out again before checkout.
    const std::uint32_t product = pick_product(s);
    click(visit, EventType::kAddToCart, product, 1);
    click(visit, EventType::kRemoveFromCart, product, -1);
  }
  return lines_;
}

void VisitPlanner::place_order(const Visit& visit, std::span<const OrderLine> lines) {
  const TimeMs placed = up_to_second(visit.t + rng_.between(20 * kSecondMs, 3 * kMinuteMs));
  if (placed >= queue_.end()) return;  // after the span: never placed as far as anyone knows
  const std::uint32_t slot = orders_.open();
  Order& order = orders_[slot];
  order.number = kFirstOrderNumber + order_numbers_++;
  Money amount = 0;
  for (const OrderLine& line : lines) {
    order.lines[order.line_count++] = line;
    amount += catalog_.price(line.product) * line.quantity;
  }
  queue_order_event(visit, slot, EventType::kOrderPlaced, placed, amount);
  const double fate = rng_.unit();
  if (fate < 0.04) {
    // Never paid: the payment reminder fires; half are cancelled days later.
    if (rng_.chance(0.5)) {
      queue_order_event(visit, slot, EventType::kOrderCancelled,
                        placed + rng_.between(1, 3) * kDayMs, 0);
    }
    orders_.discard_if_unqueued(slot);
    return;
  }
  if (fate < 0.06) {
    // A cancellation stamped before the payment that still comes in: no purchase either way.
    queue_order_event(visit, slot, EventType::kOrderCancelled,
                      placed + rng_.between(60, 240) * kSecondMs, 0);
    queue_order_event(visit, slot, EventType::kOrderPaid,
                      placed + rng_.between(300, 600) * kSecondMs, amount);
    orders_.discard_if_unqueued(slot);
    return;
  }
  // Most pay within minutes; some only after the 30 minute payment reminder.
  const TimeMs paid = fate < 0.11 ? placed + rng_.between(31, 180) * kMinuteMs
                                  : placed + rng_.between(20, 600) * kSecondMs;
  queue_order_event(visit, slot, EventType::kOrderPaid, paid, amount);
  if (rng_.chance(0.015)) {
    // The payment provider's notification, sent twice with its own event id.
    queue_order_event(visit, slot, EventType::kOrderPaid, paid + rng_.between(60, 600) * kSecondMs,
                      amount);
  }
  if (rng_.chance(0.03)) {
    queue_order_event(visit, slot, EventType::kOrderCancelled,
                      paid + rng_.between(10, 720) * kMinuteMs, 0);
    orders_.discard_if_unqueued(slot);
    return;
  }
  const TimeMs shipped = paid + rng_.between(2, 48) * kHourMs;
  const TimeMs delivered = shipped + rng_.between(24, 120) * kHourMs;
  queue_order_event(visit, slot, EventType::kOrderShipped, shipped, 0);
  queue_order_event(visit, slot, EventType::kOrderDelivered, delivered, 0);
  const double refund = rng_.unit();
  if (refund < 0.08) {
    // 5 % return one unit of the first line, 3 % everything.
    const Money refunded = refund < 0.05 ? catalog_.price(order.lines[0].product) : amount;
    queue_order_event(visit, slot, EventType::kOrderRefunded,
                      delivered + rng_.between(24, 14 * 24) * kHourMs, refunded);
  }
  orders_.discard_if_unqueued(slot);
}

void VisitPlanner::queue_order_event(const Visit& visit, std::uint32_t slot, EventType type,
                                     TimeMs ts, Money amount) {
  PendingEvent e;
  e.emit_at = e.ts = ts;
  e.shopper = visit.shopper;
  e.detail = slot;
  e.amount = amount;
  e.type = type;
  e.channel = visit.channel;
  e.flags = kWithCustomer;
  if (queue_.push(e)) ++orders_[slot].queued;
}

void VisitPlanner::schedule_next_visit(std::uint32_t id, TimeMs end, bool ordered, bool left_cart) {
  Shopper& s = shoppers_[id];
  const PersonaTraits& t = traits(s.returned ? Persona::kRegular : s.persona);
  if (!s.registered) {
    // A visitor: the signup persona counts down its anonymous visits.
    if (s.visits_left > 0) --s.visits_left;
    const std::int64_t gap = s.persona == Persona::kSignup
                                 ? rng_.between(1, 7)
                                 : rng_.between(t.browse_gap_min_days, t.browse_gap_max_days);
    queue_visit(id, at_favourite_hour(s, end + days(gap)));
    return;
  }
  if (ordered) {
    if (s.purchases_left > 0) --s.purchases_left;
    s.next_purchase_at = end +
                         days(rng_.between(t.purchase_gap_min_days, t.purchase_gap_max_days)) +
                         rng_.between(0, kDayMs - 1);
    if (s.purchases_left == 0 && s.persona == Persona::kChurnAndReturn && !s.returned) {
      // Silent for longer than any churn window (semantics.md: at most 365 days with the
      // defaults, 4 x E for these shoppers' 2-4 week cadence), then buys again.
      s.returned = true;
      s.purchases_left = -1;
      s.next_purchase_at = end + days(rng_.between(180, 230));
      queue_visit(id, s.next_purchase_at);
      return;
    }
    if (s.purchases_left == 0) s.visits_left = static_cast<std::uint8_t>(rng_.between(0, 3));
  }
  if (s.purchases_left == 0 && traits(s.persona).purchases_max > 0) {
    // Done buying: a last few visits, then gone.
    if (s.visits_left == 0) return;
    --s.visits_left;
  }
  if (left_cart) {
    queue_visit(id, end + rng_.between(2 * kHourMs, 3 * kDayMs));
    return;
  }
  TimeMs next =
      at_favourite_hour(s, end + days(rng_.between(t.browse_gap_min_days, t.browse_gap_max_days)));
  if (s.purchases_left != 0 && s.next_purchase_at < next) {
    next = std::max(s.next_purchase_at, end + kHourMs);
  }
  queue_visit(id, next);
}

void VisitPlanner::queue_visit(std::uint32_t id, TimeMs start) {
  PendingEvent e;
  e.emit_at = e.ts = start;
  e.shopper = id;
  e.kind = PendingKind::kSessionStart;
  queue_.push(e);
}

TimeMs VisitPlanner::at_favourite_hour(const Shopper& shopper, TimeMs t) {
  TimeMs candidate = whole_days(t) * kDayMs + shopper.hour * kHourMs +
                     rng_.between(-90 * kMinuteMs, 90 * kMinuteMs);
  if (candidate < t) candidate += kDayMs;
  return candidate;
}

std::uint32_t VisitPlanner::pick_product(const Shopper& shopper) {
  const int category =
      rng_.chance(0.6) ? shopper.category : static_cast<int>(rng_.below(Catalog::kCategories));
  return traits(shopper.persona).premium ? catalog_.random_premium_product(rng_, category)
                                         : catalog_.random_product(rng_, category);
}

}  // namespace crm
