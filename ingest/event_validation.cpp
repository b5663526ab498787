#include "ingest/event_validation.h"

#include <string>
#include <utility>

#include "ingest/decimal.h"
#include "ingest/exact_decimal.h"
#include "ingest/timestamp.h"

namespace crm {
namespace {

constexpr int kMoneyPlaces = 4;              // Money counts ten-thousandths
constexpr std::size_t kQuotedMaxBytes = 64;  // of a raw value quoted in a detail

std::string_view kind_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::kAbsent:
      return "absent";
    case JsonKind::kNull:
      return "null";
    case JsonKind::kString:
      return "string";
    case JsonKind::kNumber:
      return "number";
    case JsonKind::kBool:
      return "boolean";
    case JsonKind::kObject:
      return "object";
    case JsonKind::kArray:
      return "array";
  }
  return "?";
}

// A value as it may appear in a detail: strings in quotes, cut at a UTF-8 boundary so a
// wild value does not make a wild dead-letter record.
std::string quoted(std::string_view text, bool as_string = true) {
  std::string out;
  if (as_string) out.push_back('"');
  if (text.size() <= kQuotedMaxBytes) {
    out.append(text);
  } else {
    std::size_t cut = kQuotedMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.append(text.substr(0, cut));
    out.append("...");
  }
  if (as_string) out.push_back('"');
  return out;
}

// The captured value as quoted in a detail: strings quoted, numbers as written.
std::string shown(const CapturedValue& value) {
  if (value.kind == JsonKind::kString) return quoted(value.text);
  if (value.kind == JsonKind::kNumber) return quoted(value.text, false);
  return std::string(kind_name(value.kind));
}

bool has_money_fields(EventType type) {
  return is_order_event(type) || type == EventType::kProductView || type == EventType::kAddToCart;
}

bool requires_customer_id(EventType type) {
  return is_order_event(type) || type == EventType::kSignup || type == EventType::kLogin;
}

bool requires_amount(EventType type) {
  return type == EventType::kOrderPlaced || type == EventType::kOrderPaid ||
         type == EventType::kOrderRefunded;
}

bool is_iso_4217_code(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// Where a value sits, for details: a top-level field, or a field of items[index].
struct FieldLabel {
  std::string_view name;
  int item_index = -1;

  std::string text() const {
    if (item_index < 0) return std::string(name);
    return "items[" + std::to_string(item_index) + "]." + std::string(name);
  }
  // events.md: an absent required field is missing_field, but anything wrong inside an
  // items element makes the element malformed, which is invalid_field.
  RejectReason missing_reason() const {
    return item_index < 0 ? RejectReason::kMissingField : RejectReason::kInvalidField;
  }
};

enum class Presence : bool { kOptional, kRequired };

class Validator {
 public:
  Validator(const FieldCapture& capture, const DecoderConfig& config,
            std::optional<TimeMs> wall_now, EventArena& arena, Event& out)
      : capture_(capture), config_(config), wall_now_(wall_now), arena_(arena), out_(out) {}

  DecodeOutcome run() {
    out_ = Event{};
    const bool ok = check_event_id() && check_type() && check_ts() && check_ids() &&
                    check_channel() && check_type_fields() && check_currency();
    (void)ok;  // outcome_ holds the first failure, if any
    return std::move(outcome_);
  }

 private:
  const CapturedValue& field(FieldId id) const { return capture_[id]; }
  static FieldLabel label(FieldId id) { return FieldLabel{field_name(id)}; }

  // Failure paths build the detail; kept out of line so the checks stay small and fast.
  [[gnu::cold, gnu::noinline]] bool reject(RejectReason reason, std::string detail) {
    outcome_ = DecodeOutcome(reason, std::move(detail));
    return false;
  }
  [[gnu::cold, gnu::noinline]] bool invalid(const FieldLabel& where, std::string_view problem) {
    return reject(RejectReason::kInvalidField, where.text() + ": " + std::string(problem));
  }
  // "<field>: not <expected> (<kind>)"
  [[gnu::cold, gnu::noinline]] bool wrong_kind(const FieldLabel& where, std::string_view expected,
                                               JsonKind kind) {
    return invalid(where,
                   "not " + std::string(expected) + " (" + std::string(kind_name(kind)) + ")");
  }
  // "<field>: <problem>: <value as written>"
  [[gnu::cold, gnu::noinline]] bool bad_value(const FieldLabel& where, std::string_view problem,
                                              const CapturedValue& value) {
    return invalid(where, std::string(problem) + ": " + shown(value));
  }
  [[gnu::cold, gnu::noinline]] bool too_long(const FieldLabel& where, std::size_t max_bytes) {
    return invalid(where, "longer than " + std::to_string(max_bytes) + " bytes");
  }
  [[gnu::cold, gnu::noinline]] bool unknown_type(std::string_view name) {
    return reject(RejectReason::kUnknownType, "type: unknown " + quoted(name));
  }
  [[gnu::cold, gnu::noinline]] bool too_far_ahead(TimeMs ts) {
    return invalid(label(FieldId::kTs), format_rfc3339_ms(ts) + " is more than " +
                                            std::to_string(config_.max_future_skew) +
                                            " ms ahead of the wall clock " +
                                            format_rfc3339_ms(*wall_now_));
  }
  [[gnu::cold, gnu::noinline]] bool no_customer_key() {
    return reject(RejectReason::kMissingField,
                  "customer_id or anonymous_id: missing (one is required by " +
                      std::string(to_string(out_.type)) + ")");
  }
  [[gnu::cold, gnu::noinline]] bool element_not_object(std::size_t index, JsonKind kind) {
    return invalid(label(FieldId::kItems), "element " + std::to_string(index) +
                                               " is not an object (" +
                                               std::string(kind_name(kind)) + ")");
  }
  [[gnu::cold, gnu::noinline]] bool currency_mismatch(const CapturedValue& currency) {
    return reject(RejectReason::kCurrencyMismatch,
                  "currency: " + shown(currency) + " is not the configured " +
                      quoted(config_.currency) + " and currency_rates has no rate for it");
  }
  [[gnu::cold, gnu::noinline]] bool missing(const FieldLabel& where) {
    std::string detail = where.text() + ": missing";
    if (where.item_index < 0 && type_known_) {
      detail += " (required by " + std::string(to_string(out_.type)) + ")";
    }
    return reject(where.missing_reason(), std::move(detail));
  }

  // The checks every field shares: not duplicated, present when required, of the right kind.
  // False after a rejection; `present` says whether there is a value to read.
  bool check_presence(const CapturedValue& value, const FieldLabel& where, Presence presence,
                      bool& present) {
    if (value.count > 1) return invalid(where, "appears more than once");
    present = value.present();
    if (!present && presence == Presence::kRequired) return missing(where);
    return true;
  }

  // A string of min_bytes..max_bytes (after unescaping), copied into the arena.
  bool check_string(const CapturedValue& value, const FieldLabel& where, Presence presence,
                    std::size_t min_bytes, std::size_t max_bytes, std::string_view& dest) {
    bool present = false;
    if (!check_presence(value, where, presence, present)) return false;
    if (!present) return true;
    if (value.kind != JsonKind::kString) return wrong_kind(where, "a string", value.kind);
    if (value.text.size() < min_bytes) return invalid(where, "empty");
    if (value.text.size() > max_bytes) return too_long(where, max_bytes);
    dest = value.in_message ? value.text : arena_.copy(value.text);
    return true;
  }

  bool check_string(FieldId id, Presence presence, std::size_t max_bytes, std::string_view& dest) {
    return check_string(field(id), label(id), presence, 1, max_bytes, dest);
  }

  // An integer >= min_value. "Integer" is read by value, as JSON Schema does: 2, 2.0 and 2e0
  // are the same integer; 2.5 is not one.
  bool check_integer(const CapturedValue& value, const FieldLabel& where, std::int64_t min_value,
                     std::optional<std::int64_t>& dest) {
    bool present = false;
    if (!check_presence(value, where, Presence::kOptional, present)) return false;
    if (!present) return true;
    if (value.kind != JsonKind::kNumber) return wrong_kind(where, "an integer", value.kind);
    const ScaledDecimal number = scale_json_number(value.text, 0);
    if (number.fault == DecimalFault::kTooPrecise) {
      return bad_value(where, "not an integer", value);
    }
    if (number.fault != DecimalFault::kNone || number.value < min_value) {
      return bad_value(where, "out of range (at least " + std::to_string(min_value) + ")", value);
    }
    dest = number.value;
    return true;
  }

  // Money: a JSON number or a plain decimal string, >= 0, at most 4 decimal places of value.
  bool check_money(const CapturedValue& value, const FieldLabel& where, Presence presence,
                   std::optional<Money>& dest) {
    bool present = false;
    if (!check_presence(value, where, presence, present)) return false;
    if (!present) return true;
    ScaledDecimal money;
    if (value.kind == JsonKind::kNumber) {
      money = scale_json_number(value.text, kMoneyPlaces);
    } else if (value.kind == JsonKind::kString) {
      money = scale_plain_decimal(value.text, kMoneyPlaces);
    } else {
      return wrong_kind(where, "a number or decimal string", value.kind);
    }
    if (money.fault == DecimalFault::kSyntax)
      return bad_value(where, "not a decimal number", value);
    if (money.negative) return bad_value(where, "negative", value);
    if (money.fault == DecimalFault::kTooPrecise) {
      return bad_value(where, "more than 4 decimal places", value);
    }
    if (money.fault == DecimalFault::kOutOfRange) return bad_value(where, "out of range", value);
    dest = money.value;
    return true;
  }

  bool check_event_id() {
    return check_string(FieldId::kEventId, Presence::kRequired, kMaxIdBytes, out_.event_id);
  }

  bool check_type() {
    const CapturedValue& value = field(FieldId::kType);
    bool present = false;
    if (!check_presence(value, label(FieldId::kType), Presence::kRequired, present)) return false;
    if (value.kind != JsonKind::kString) {
      return wrong_kind(label(FieldId::kType), "a string", value.kind);
    }
    const std::optional<EventType> type = parse_event_type(value.text);
    if (!type) return unknown_type(value.text);
    out_.type = *type;
    type_known_ = true;
    return true;
  }

  bool check_ts() {
    const CapturedValue& value = field(FieldId::kTs);
    const FieldLabel where = label(FieldId::kTs);
    bool present = false;
    if (!check_presence(value, where, Presence::kRequired, present)) return false;
    TimeMs ts = 0;
    if (value.kind == JsonKind::kString) {
      const std::optional<TimeMs> parsed = parse_rfc3339(value.text);
      if (!parsed) return bad_value(where, "not RFC 3339 or epoch ms", value);
      if (!is_event_time(*parsed)) {
        return bad_value(where, "out of range (years 1970 to 9999 UTC)", value);
      }
      ts = *parsed;
    } else if (value.kind == JsonKind::kNumber) {
      const ScaledDecimal number = scale_json_number(value.text, 0);
      if (number.fault == DecimalFault::kTooPrecise) {
        return bad_value(where, "epoch ms not an integer", value);
      }
      if (number.fault != DecimalFault::kNone || !is_event_time(number.value)) {
        return bad_value(where, "epoch ms out of range [0, " + std::to_string(kEventTimeEnd) + ")",
                         value);
      }
      ts = number.value;
    } else {
      return bad_value(where, "not RFC 3339 or epoch ms", value);
    }
    if (wall_now_ && config_.max_future_skew > 0 && ts > *wall_now_ + config_.max_future_skew) {
      return too_far_ahead(ts);
    }
    out_.ts = ts;
    return true;
  }

  bool check_ids() {
    const EventType type = out_.type;
    if (!check_string(FieldId::kCustomerId,
                      requires_customer_id(type) ? Presence::kRequired : Presence::kOptional,
                      kMaxIdBytes, out_.customer_id) ||
        !check_string(FieldId::kAnonymousId, Presence::kOptional, kMaxIdBytes, out_.anonymous_id)) {
      return false;
    }
    if (out_.customer_id.empty() && out_.anonymous_id.empty()) return no_customer_key();
    // session_id: any string, "" included (events.md gives it no length).
    std::string_view session_id;
    if (!check_string(field(FieldId::kSessionId), label(FieldId::kSessionId), Presence::kOptional,
                      0, std::string_view::npos, session_id)) {
      return false;
    }
    if (field(FieldId::kSessionId).present()) out_.session_id = session_id;
    return true;
  }

  bool check_channel() {
    return check_string(FieldId::kChannel, Presence::kOptional, kMaxChannelBytes, out_.channel);
  }

  bool check_type_fields() {
    switch (out_.type) {
      case EventType::kPageView:
        return check_string(FieldId::kPage, Presence::kOptional, kMaxTextBytes, out_.page) &&
               check_integer(field(FieldId::kDwellMs), label(FieldId::kDwellMs), 0, out_.dwell_ms);
      case EventType::kProductView:
        return check_string(FieldId::kProductId, Presence::kRequired, kMaxTextBytes,
                            out_.product_id) &&
               check_string(FieldId::kCategory, Presence::kOptional, kMaxTextBytes,
                            out_.category) &&
               check_money(field(FieldId::kPrice), label(FieldId::kPrice), Presence::kOptional,
                           out_.price) &&
               check_integer(field(FieldId::kDwellMs), label(FieldId::kDwellMs), 0, out_.dwell_ms);
      case EventType::kSearch:
        return check_string(FieldId::kQuery, Presence::kOptional, kMaxTextBytes, out_.query);
      case EventType::kAddToCart: {
        std::optional<std::int64_t> quantity;
        const bool ok =
            check_string(FieldId::kProductId, Presence::kRequired, kMaxTextBytes,
                         out_.product_id) &&
            check_integer(field(FieldId::kQuantity), label(FieldId::kQuantity), 1, quantity) &&
            check_money(field(FieldId::kPrice), label(FieldId::kPrice), Presence::kOptional,
                        out_.price);
        out_.quantity = quantity.value_or(1);
        return ok;
      }
      case EventType::kRemoveFromCart:
      case EventType::kFavorite:
        return check_string(FieldId::kProductId, Presence::kRequired, kMaxTextBytes,
                            out_.product_id);
      case EventType::kSignup:
      case EventType::kLogin:
        return true;  // customer_id and anonymous_id are checked with the ids
      case EventType::kInquiry:
        return check_string(FieldId::kTopic, Presence::kOptional, kMaxTextBytes, out_.topic);
      case EventType::kOrderPlaced:
      case EventType::kOrderPaid:
      case EventType::kOrderShipped:
      case EventType::kOrderDelivered:
      case EventType::kOrderCancelled:
      case EventType::kOrderRefunded:
        // `amount` is a field of placed, paid and refunded only: elsewhere it is not validated
        // (events.md: any field not listed for the type is ignored).
        return check_string(FieldId::kOrderId, Presence::kRequired, kMaxIdBytes, out_.order_id) &&
               (!requires_amount(out_.type) ||
                check_money(field(FieldId::kAmount), label(FieldId::kAmount), Presence::kRequired,
                            out_.amount)) &&
               check_items();
    }
    return true;
  }

  bool check_items() {
    const CapturedValue& value = field(FieldId::kItems);
    const FieldLabel where = label(FieldId::kItems);
    bool present = false;
    if (!check_presence(value, where, Presence::kOptional, present)) return false;
    if (!present) return true;
    if (value.kind != JsonKind::kArray) {
      return wrong_kind(where, "an array", value.kind);
    }
    items_ = arena_.allocate_array<OrderItem>(capture_.items.size());
    for (std::size_t i = 0; i < capture_.items.size(); ++i) {
      const CapturedItem& element = capture_.items[i];
      OrderItem& item = items_[i];
      const int index = static_cast<int>(i);
      auto where_item = [&](ItemFieldId id) { return FieldLabel{item_field_name(id), index}; };
      if (element.kind != JsonKind::kObject) return element_not_object(i, element.kind);
      std::optional<std::int64_t> quantity;
      if (!check_string(element[ItemFieldId::kProductId], where_item(ItemFieldId::kProductId),
                        Presence::kRequired, 1, kMaxTextBytes, item.product_id) ||
          !check_string(element[ItemFieldId::kCategory], where_item(ItemFieldId::kCategory),
                        Presence::kOptional, 1, kMaxTextBytes, item.category) ||
          !check_integer(element[ItemFieldId::kQuantity], where_item(ItemFieldId::kQuantity), 1,
                         quantity) ||
          !check_money(element[ItemFieldId::kPrice], where_item(ItemFieldId::kPrice),
                       Presence::kOptional, item.price)) {
        return false;
      }
      item.quantity = quantity.value_or(1);
    }
    out_.items = items_;
    return true;
  }

  // Last in the check order: a currency other than the configured one converts every money
  // value of the event with its configured rate, or the event is currency_mismatch.
  bool check_currency() {
    if (!has_money_fields(out_.type)) return true;  // `currency` is ignored there
    const CapturedValue& value = field(FieldId::kCurrency);
    const FieldLabel where = label(FieldId::kCurrency);
    bool present = false;
    if (!check_presence(value, where, Presence::kOptional, present)) return false;
    if (!present) return true;
    if (value.kind != JsonKind::kString) {
      return wrong_kind(where, "a string", value.kind);
    }
    if (!is_iso_4217_code(value.text)) return bad_value(where, "not an ISO 4217 code", value);
    if (value.text == config_.currency) return true;
    const auto rate = config_.currency_rates.find(value.text);
    if (rate == config_.currency_rates.end()) return currency_mismatch(value);
    if (!convert(out_.amount, rate->second, label(FieldId::kAmount)) ||
        !convert(out_.price, rate->second, label(FieldId::kPrice))) {
      return false;
    }
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (!convert(items_[i].price, rate->second,
                   FieldLabel{item_field_name(ItemFieldId::kPrice), static_cast<int>(i)})) {
        return false;
      }
    }
    return true;
  }

  bool convert(std::optional<Money>& money, DecimalRate rate, const FieldLabel& where);

  const FieldCapture& capture_;
  const DecoderConfig& config_;
  const std::optional<TimeMs> wall_now_;
  EventArena& arena_;
  Event& out_;
  std::span<OrderItem> items_;
  bool type_known_ = false;
  DecodeOutcome outcome_;
};

bool Validator::convert(std::optional<Money>& money, DecimalRate rate, const FieldLabel& where) {
  if (!money) return true;
  const std::optional<Money> converted = convert_money(*money, rate);
  if (!converted) {
    return invalid(where, "out of range after conversion to " + quoted(config_.currency));
  }
  money = converted;
  return true;
}

}  // namespace

DecodeOutcome validate_event(const FieldCapture& capture, const DecoderConfig& config,
                             std::optional<TimeMs> wall_now, EventArena& arena, Event& out) {
  return Validator(capture, config, wall_now, arena, out).run();
}

}  // namespace crm
