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

void write_money(JsonLine& line, std::string_view name, Money amount, SplitMix64& rng) {
  append_money_as(line.member(name), amount, pick_money_form(rng));
}

}  // namespace

void EventRenderer::render(const PendingEvent& event, std::uint64_t event_number, SplitMix64& rng,
                           std::string& json, std::string& key) const {
  JsonLine line(json);
  line.plain_from("event_id", [&](std::string& out) { ids_.append_event(out, event_number); });
  line.plain("type", to_string(event.type));
  append_ts(line.member("ts"), event.ts, pick_ts_form(rng), rng);

  key.clear();
  if (event.flags & kWithCustomer) {
    IdFormat::append_customer(key, event.shopper);
    line.plain("customer_id", key);
  }
  if (event.flags & kWithAnonymous) {
    line.plain_from("anonymous_id", [&](std::string& out) {
      const std::size_t from = out.size();
      ids_.append_anonymous(out, event.shopper, event.device);
      if (key.empty()) key.assign(out, from);
    });
  }
  if (event.flags & kWithSession) {
    line.plain_from("session_id", [&](std::string& out) {
      ids_.append_session(out, event.shopper, event.session);
    });
  }
  if (event.channel != kNoChannel) {
    line.plain("channel", kChannels[event.channel]);
  } else if (rng.chance(0.25)) {
    line.raw("channel", "null");  // null is absent: the channel is `unknown`
  }

  switch (event.type) {
    case EventType::kPageView:
      line.text("page", catalog_.pages()[event.detail]);
      if (event.number >= 0) line.integer("dwell_ms", event.number);
      break;
    case EventType::kProductView:
      write_product(event.detail, line);
      if (rng.chance(0.9)) {
        line.plain("category", catalog_.category_name(catalog_.category_of(event.detail)));
      }
      if (rng.chance(0.8)) write_money(line, "price", catalog_.price(event.detail), rng);
      if (event.number >= 0) line.integer("dwell_ms", event.number);
      break;
    case EventType::kSearch:
      line.text("query", catalog_.queries()[event.detail]);
      break;
    case EventType::kAddToCart:
      write_product(event.detail, line);
      // quantity defaults to 1: often left out when it is 1.
      if (event.number != 1 || rng.chance(0.5)) line.integer("quantity", event.number);
      if (rng.chance(0.7)) write_money(line, "price", catalog_.price(event.detail), rng);
      break;
    case EventType::kRemoveFromCart:
    case EventType::kFavorite:
      write_product(event.detail, line);
      break;
    case EventType::kSignup:
    case EventType::kLogin:
      break;  // the two ids above are the whole point
    case EventType::kInquiry:
      if (rng.chance(0.9)) line.text("topic", catalog_.topics()[event.detail]);
      break;
    case EventType::kOrderPlaced:
    case EventType::kOrderPaid:
    case EventType::kOrderShipped:
    case EventType::kOrderDelivered:
    case EventType::kOrderCancelled:
    case EventType::kOrderRefunded:
      write_order_fields(event, rng, line);
      break;
  }

  // Fields crmstream does not validate and must skip, a nested one among them.
  if (rng.chance(0.03)) {
    line.plain("user_agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)");
  }
  if (rng.chance(0.02)) {
    line.raw("context", R"({"experiment":"hero-banner","arm":2,"tags":["spring",null,1.5e3]})");
  }
  line.close();
}

void EventRenderer::write_order_fields(const PendingEvent& event, SplitMix64& rng,
                                       JsonLine& line) const {
  const Order& order = orders_[event.detail];
  line.plain_from("order_id", [&](std::string& out) { IdFormat::append_order(out, order.number); });
  const bool has_amount = event.type == EventType::kOrderPlaced ||
                          event.type == EventType::kOrderPaid ||
                          event.type == EventType::kOrderRefunded;
  if (!has_amount) return;
  write_money(line, "amount", event.amount, rng);
  if (rng.chance(0.15)) line.plain("currency", "USD");  // the configured one: accepted

  const double items_share = event.type == EventType::kOrderPlaced ? 0.5
                             : event.type == EventType::kOrderPaid ? 0.15
                                                                   : 0.0;
  if (!rng.chance(items_share)) return;
  std::string& out = line.member("items");
  out.push_back('[');
  for (int i = 0; i < order.line_count; ++i) {
    const OrderLine& ordered = order.lines[static_cast<std::size_t>(i)];
    if (i > 0) out.push_back(',');
    JsonLine item(out);
    write_product(ordered.product, item);
    if (rng.chance(0.8)) {
      item.plain("category", catalog_.category_name(catalog_.category_of(ordered.product)));
    }
    if (ordered.quantity != 1 || rng.chance(0.5)) item.integer("quantity", ordered.quantity);
    if (rng.chance(0.8)) write_money(item, "price", catalog_.price(ordered.product), rng);
    item.close();
  }
  out.push_back(']');
}

void EventRenderer::write_product(std::uint32_t product, JsonLine& line) const {
  line.plain_from("product_id",
                  [&](std::string& out) { catalog_.append_product_id(out, product); });
}

}  // namespace crm
