#include "generator/event_renderer.h"

#include "generator/wire_format.h"

namespace crm {
namespace {

TsForm pick_ts_form(SplitMix64& rng) {
  const double r = rng.unit();
  if (r < 0.75) return TsForm::kUtcMillis;
  if (r < 0.85) return TsForm::kEpochMillis;
  if (r < 0.93) return TsForm::kOffset;
  if (r < 0.98) return TsForm::kWholeSecond;
  return TsForm::kUtcMicros;
}

MoneyForm pick_money_form(SplitMix64& rng) {
  const double r = rng.unit();
  if (r < 0.45) return MoneyForm::kNumber;
  if (r < 0.90) return MoneyForm::kString;
  if (r < 0.95) return MoneyForm::kPaddedString;
  return MoneyForm::kExponentNumber;
}

}  // namespace

void EventRenderer::render(const PendingEvent& event, std::uint64_t event_number, SplitMix64& rng,
                           std::string& json, std::string& key) {
  JsonWriter w(json);
  w.begin_object();
  scratch_.clear();
  ids_.append_event(scratch_, event_number);
  w.key("event_id").string_value(scratch_);
  w.key("type").string_value(to_string(event.type));
  scratch_.clear();
  append_ts(scratch_, event.ts, pick_ts_form(rng), rng);
  w.key("ts").raw_value(scratch_);

  key.clear();
  if (event.flags & kWithCustomer) {
    IdFormat::append_customer(key, event.shopper);
    w.key("customer_id").string_value(key);
  }
  if (event.flags & kWithAnonymous) {
    scratch_.clear();
    ids_.append_anonymous(scratch_, event.shopper, event.device);
    w.key("anonymous_id").string_value(scratch_);
    if (key.empty()) key = scratch_;
  }
  if (event.flags & kWithSession) {
    scratch_.clear();
    ids_.append_session(scratch_, event.shopper, event.session);
    w.key("session_id").string_value(scratch_);
  }
  if (event.channel != kNoChannel) {
    w.key("channel").string_value(kChannels[event.channel]);
  } else if (rng.chance(0.25)) {
    w.key("channel").null_value();  // null is absent: the channel is `unknown`
  }

  switch (event.type) {
    case EventType::kPageView:
      w.key("page").string_value(catalog_.pages()[event.detail]);
      if (event.number >= 0) w.key("dwell_ms").int_value(event.number);
      break;
    case EventType::kProductView:
      write_product(event.detail, w);
      if (rng.chance(0.9)) {
        w.key("category").string_value(catalog_.category_name(catalog_.category_of(event.detail)));
      }
      if (rng.chance(0.8)) write_money(catalog_.price(event.detail), rng, "price", w);
      if (event.number >= 0) w.key("dwell_ms").int_value(event.number);
      break;
    case EventType::kSearch:
      w.key("query").string_value(catalog_.queries()[event.detail]);
      break;
    case EventType::kAddToCart:
      write_product(event.detail, w);
      // quantity defaults to 1: often left out when it is 1.
      if (event.number != 1 || rng.chance(0.5)) w.key("quantity").int_value(event.number);
      if (rng.chance(0.7)) write_money(catalog_.price(event.detail), rng, "price", w);
      break;
    case EventType::kRemoveFromCart:
    case EventType::kFavorite:
      write_product(event.detail, w);
      break;
    case EventType::kSignup:
    case EventType::kLogin:
      break;  // the two ids above are the whole point
    case EventType::kInquiry:
      if (rng.chance(0.9)) w.key("topic").string_value(catalog_.topics()[event.detail]);
      break;
    case EventType::kOrderPlaced:
    case EventType::kOrderPaid:
    case EventType::kOrderShipped:
    case EventType::kOrderDelivered:
    case EventType::kOrderCancelled:
    case EventType::kOrderRefunded:
      write_order_fields(event, rng, w);
      break;
  }

  // Fields crmstream does not validate and must skip, a nested one among them.
  if (rng.chance(0.03)) {
    w.key("user_agent").string_value("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)");
  }
  if (rng.chance(0.02)) {
    w.key("context").raw_value(
        R"({"experiment":"hero-banner","arm":2,"tags":["spring",null,1.5e3]})");
  }
  w.end_object();
}

void EventRenderer::write_order_fields(const PendingEvent& event, SplitMix64& rng, JsonWriter& w) {
  const Order& order = orders_[event.detail];
  scratch_.clear();
  IdFormat::append_order(scratch_, order.number);
  w.key("order_id").string_value(scratch_);
  const bool has_amount = event.type == EventType::kOrderPlaced ||
                          event.type == EventType::kOrderPaid ||
                          event.type == EventType::kOrderRefunded;
  if (!has_amount) return;
  write_money(event.amount, rng, "amount", w);
  if (rng.chance(0.15)) w.key("currency").string_value("USD");  // the configured one: accepted

  const double items_share = event.type == EventType::kOrderPlaced ? 0.5
                             : event.type == EventType::kOrderPaid ? 0.15
                                                                   : 0.0;
  if (!rng.chance(items_share)) return;
  w.key("items").begin_array();
  for (int i = 0; i < order.line_count; ++i) {
    const OrderLine& line = order.lines[static_cast<std::size_t>(i)];
    w.begin_object();
    write_product(line.product, w);
    if (rng.chance(0.8)) {
      w.key("category").string_value(catalog_.category_name(catalog_.category_of(line.product)));
    }
    if (line.quantity != 1 || rng.chance(0.5)) w.key("quantity").int_value(line.quantity);
    if (rng.chance(0.8)) write_money(catalog_.price(line.product), rng, "price", w);
    w.end_object();
  }
  w.end_array();
}

void EventRenderer::write_product(std::uint32_t product, JsonWriter& w) {
  scratch_.clear();
  catalog_.append_product_id(scratch_, product);
  w.key("product_id").string_value(scratch_);
}

void EventRenderer::write_money(Money amount, SplitMix64& rng, std::string_view name,
                                JsonWriter& w) {
  scratch_.clear();
  append_money_as(scratch_, amount, pick_money_form(rng));
  w.key(name).raw_value(scratch_);
}

}  // namespace crm
