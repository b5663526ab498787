#include "generator/malformed.h"

#include <array>

#include "generator/json_line.h"

namespace crm {
namespace {

enum class Defect : std::uint8_t {
  kOversized,
  kTruncated,
  kTrailingBytes,
  kTwoObjects,
  kDeepNesting,
  kNotANumber,
  kInvalidUtf8,
  kNoEventId,
  kNullType,
  kNoTs,
  kNoIds,
  kOrderWithoutCustomer,
  kNoOrderId,
  kNullAmount,
  kNoProductId,
  kNumericEventId,
  kEmptyEventId,
  kNumericType,
  kWordTs,
  kImpossibleDate,
  kEpochOutOfRange,
  kOverlongCustomerId,
  kOverlongChannel,
  kNegativeAmount,
  kFiveDecimals,
  kZeroQuantity,
  kNegativeDwell,
  kRepeatedField,
  kItemWithoutProduct,
  kUnknownType,
  kForeignCurrency,
};

struct KindEntry {
  Defect defect;
  MalformedKind kind;
};

constexpr std::array<KindEntry, 31> kKinds = {{
    {Defect::kOversized, {"too_large", "a 70 kB page_view", false}},
    {Defect::kTruncated, {"malformed_json", "truncated in the middle", true}},
    {Defect::kTrailingBytes, {"malformed_json", "a stray } after the object", false}},
    {Defect::kTwoObjects, {"malformed_json", "two objects on one line", false}},
    {Defect::kDeepNesting, {"malformed_json", "arrays nested 70 deep", false}},
    {Defect::kNotANumber, {"malformed_json", "price NaN", false}},
    {Defect::kInvalidUtf8, {"malformed_json", "a cut UTF-8 sequence", false}},
    {Defect::kNoEventId, {"missing_field", "no event_id", false}},
    {Defect::kNullType, {"missing_field", "type null", false}},
    {Defect::kNoTs, {"missing_field", "no ts", false}},
    {Defect::kNoIds, {"missing_field", "neither customer_id nor anonymous_id", false}},
    {Defect::kOrderWithoutCustomer, {"missing_field", "an order without customer_id", true}},
    {Defect::kNoOrderId, {"missing_field", "no order_id", true}},
    {Defect::kNullAmount, {"missing_field", "amount null", true}},
    {Defect::kNoProductId, {"missing_field", "add_to_cart without product_id", false}},
    {Defect::kNumericEventId, {"invalid_field", "event_id a number", false}},
    {Defect::kEmptyEventId, {"invalid_field", "event_id empty", false}},
    {Defect::kNumericType, {"invalid_field", "type a number", false}},
    {Defect::kWordTs, {"invalid_field", "ts \"yesterday\"", false}},
    {Defect::kImpossibleDate, {"invalid_field", "ts on February 30", true}},
    {Defect::kEpochOutOfRange, {"invalid_field", "epoch ms in year 10000", false}},
    {Defect::kOverlongCustomerId, {"invalid_field", "a 129-byte customer_id", true}},
    {Defect::kOverlongChannel, {"invalid_field", "a 65-byte channel", false}},
    {Defect::kNegativeAmount, {"invalid_field", "a negative refund", true}},
    {Defect::kFiveDecimals, {"invalid_field", "an amount with 5 decimals", true}},
    {Defect::kZeroQuantity, {"invalid_field", "quantity 0", false}},
    {Defect::kNegativeDwell, {"invalid_field", "dwell_ms negative", false}},
    {Defect::kRepeatedField, {"invalid_field", "order_id twice", true}},
    {Defect::kItemWithoutProduct, {"invalid_field", "an item without product_id", true}},
    {Defect::kUnknownType, {"unknown_type", "type checkout_started", false}},
    {Defect::kForeignCurrency, {"currency_mismatch", "currency EUR without a rate", true}},
}};

// Writes the parts of an event one at a time, so that each defect leaves out or replaces one.
class Parts {
 public:
  Parts(const IdFormat& ids, const MalformedContext& context, std::string& json, std::string& key)
      : ids_(ids), context_(context), key_(key), line_(json) {}

  JsonLine& line() { return line_; }

  void event_id() {
    line_.plain_from("event_id",
                     [&](std::string& out) { ids_.append_event(out, context_.event_number); });
  }
  void type(std::string_view name) { line_.plain("type", name); }
  void ts() {
    line_.plain_from("ts", [&](std::string& out) { append_rfc3339_ms(out, context_.ts); });
  }
  void customer() {
    IdFormat::append_customer(key_, context_.shopper);
    line_.plain("customer_id", key_);
  }
  // The customer_id of a registered shopper, else the anonymous id of its first device.
  void visitor() {
    if (context_.registered) {
      customer();
      return;
    }
    ids_.append_anonymous(key_, context_.shopper, 0);
    line_.plain("anonymous_id", key_);
  }
  void order_id() {
    line_.plain_from("order_id",
                     [&](std::string& out) { IdFormat::append_order(out, context_.order_number); });
  }
  // The common heads of a clickstream and an order event.
  void click_head(std::string_view type_name) {
    event_id();
    type(type_name);
    ts();
    visitor();
  }
  void order_head(std::string_view type_name) {
    event_id();
    type(type_name);
    ts();
    customer();
    order_id();
  }
  void finish() { line_.close(); }

 private:
  const IdFormat& ids_;
  const MalformedContext& context_;
  std::string& key_;
  JsonLine line_;
};

}  // namespace

int MalformedWriter::kind_count() {
  return static_cast<int>(kKinds.size());
}

const MalformedKind& MalformedWriter::kind(int index) {
  return kKinds[static_cast<std::size_t>(index)].kind;
}

void MalformedWriter::write(int index, const MalformedContext& context, std::string& json,
                            std::string& key) const {
  json.clear();
  key.clear();
  Parts p(ids_, context, json, key);
  JsonLine& w = p.line();
  switch (kKinds[static_cast<std::size_t>(index)].defect) {
    case Defect::kOversized:
      p.click_head("page_view");
      w.plain("page", "/");
      w.plain("note", std::string(70'000, 'x'));
      p.finish();
      break;
    case Defect::kTruncated:
      p.order_head("order_paid");
      w.plain("amount", "49.90");
      p.finish();
      json.resize(json.size() / 2);
      break;
    case Defect::kTrailingBytes:
      p.click_head("page_view");
      p.finish();
      json.push_back('}');
      break;
    case Defect::kTwoObjects:
      p.click_head("search");
      w.plain("query", "lego");
      p.finish();
      json.append(" {}");
      break;
    case Defect::kDeepNesting:
      p.click_head("page_view");
      w.raw("context", std::string(70, '[') + std::string(70, ']'));
      p.finish();
      break;
    case Defect::kNotANumber:
      p.click_head("product_view");
      w.plain("product_id", "sku-00001");
      w.raw("price", "NaN");
      p.finish();
      break;
    case Defect::kInvalidUtf8:
      p.click_head("search");
      w.plain("query", "caf\xC3");  // the second byte of "é" is missing
      p.finish();
      break;
    case Defect::kNoEventId:
      p.type("page_view");
      p.ts();
      p.visitor();
      p.finish();
      break;
    case Defect::kNullType:
      p.event_id();
      w.raw("type", "null");
      p.ts();
      p.visitor();
      p.finish();
      break;
    case Defect::kNoTs:
      p.event_id();
      p.type("page_view");
      p.visitor();
      p.finish();
      break;
    case Defect::kNoIds:
      p.event_id();
      p.type("page_view");
      p.ts();
      w.plain("page", "/sale");
      p.finish();
      break;
    case Defect::kOrderWithoutCustomer:
      p.event_id();
      p.type("order_shipped");
      p.ts();
      p.order_id();
      p.finish();
      break;
    case Defect::kNoOrderId:
      p.event_id();
      p.type("order_delivered");
      p.ts();
      p.customer();
      p.finish();
      break;
    case Defect::kNullAmount:
      p.order_head("order_paid");
      w.raw("amount", "null");
      p.finish();
      break;
    case Defect::kNoProductId:
      p.click_head("add_to_cart");
      w.integer("quantity", 1);
      p.finish();
      break;
    case Defect::kNumericEventId:
      w.integer("event_id", static_cast<std::int64_t>(context.event_number));
      p.type("page_view");
      p.ts();
      p.visitor();
      p.finish();
      break;
    case Defect::kEmptyEventId:
      w.plain("event_id", "");
      p.type("page_view");
      p.ts();
      p.visitor();
      p.finish();
      break;
    case Defect::kNumericType:
      p.event_id();
      w.integer("type", 7);
      p.ts();
      p.visitor();
      p.finish();
      break;
    case Defect::kWordTs:
      p.event_id();
      p.type("page_view");
      w.plain("ts", "yesterday");
      p.visitor();
      p.finish();
      break;
    case Defect::kImpossibleDate:
      p.event_id();
      p.type("order_shipped");
      w.plain("ts", "2025-02-30T10:00:00Z");
      p.customer();
      p.order_id();
      p.finish();
      break;
    case Defect::kEpochOutOfRange:
      p.event_id();
      p.type("page_view");
      w.integer("ts", 253'402'300'800'000);  // 10000-01-01T00:00:00Z, one past the last valid
      p.visitor();
      p.finish();
      break;
    case Defect::kOverlongCustomerId:
      p.event_id();
      p.type("order_shipped");
      p.ts();
      IdFormat::append_customer(key, context.shopper);
      key.push_back('-');
      key.resize(129, 'x');
      w.plain("customer_id", key);
      p.order_id();
      p.finish();
      break;
    case Defect::kOverlongChannel:
      p.click_head("page_view");
      w.plain("channel", std::string(65, 'm'));
      p.finish();
      break;
    case Defect::kNegativeAmount:
      p.order_head("order_refunded");
      w.raw("amount", "-12.5");
      p.finish();
      break;
    case Defect::kFiveDecimals:
      p.order_head("order_paid");
      w.plain("amount", "12.34567");
      p.finish();
      break;
    case Defect::kZeroQuantity:
      p.click_head("add_to_cart");
      w.plain("product_id", "sku-00001");
      w.integer("quantity", 0);
      p.finish();
      break;
    case Defect::kNegativeDwell:
      p.click_head("page_view");
      w.integer("dwell_ms", -5);
      p.finish();
      break;
    case Defect::kRepeatedField:
      p.order_head("order_shipped");
      p.order_id();
      p.finish();
      break;
    case Defect::kItemWithoutProduct:
      p.order_head("order_placed");
      w.plain("amount", "9.99");
      w.raw("items", R"([{"quantity":1,"price":"9.99"}])");
      p.finish();
      break;
    case Defect::kUnknownType:
      p.click_head("checkout_started");
      p.finish();
      break;
    case Defect::kForeignCurrency:
      p.order_head("order_paid");
      w.plain("amount", "49.90");
      w.plain("currency", "EUR");
      p.finish();
      break;
  }
}

}  // namespace crm
