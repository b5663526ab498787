#include "generator/malformed.h"

#include <array>

#include "processors/json_writer.h"

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
      : ids_(ids), context_(context), key_(key), writer_(json) {
    writer_.begin_object();
  }

  JsonWriter& writer() { return writer_; }

  void event_id() {
    scratch_.clear();
    ids_.append_event(scratch_, context_.event_number);
    writer_.key("event_id").string_value(scratch_);
  }
  void type(std::string_view name) { writer_.key("type").string_value(name); }
  void ts() { writer_.key("ts").time_value(context_.ts); }
  void customer() {
    IdFormat::append_customer(key_, context_.shopper);
    writer_.key("customer_id").string_value(key_);
  }
  // The customer_id of a registered shopper, else the anonymous id of its first device.
  void visitor() {
    if (context_.registered) {
      customer();
      return;
    }
    ids_.append_anonymous(key_, context_.shopper, 0);
    writer_.key("anonymous_id").string_value(key_);
  }
  void order_id() {
    scratch_.clear();
    IdFormat::append_order(scratch_, context_.order_number);
    writer_.key("order_id").string_value(scratch_);
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
  void finish() { writer_.end_object(); }

 private:
  const IdFormat& ids_;
  const MalformedContext& context_;
  std::string& key_;
  JsonWriter writer_;
  std::string scratch_;
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
  JsonWriter& w = p.writer();
  switch (kKinds[static_cast<std::size_t>(index)].defect) {
    case Defect::kOversized:
      p.click_head("page_view");
      w.key("page").string_value("/");
      w.key("note").string_value(std::string(70'000, 'x'));
      p.finish();
      break;
    case Defect::kTruncated:
      p.order_head("order_paid");
      w.key("amount").string_value("49.90");
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
      w.key("query").string_value("lego");
      p.finish();
      json.append(" {}");
      break;
    case Defect::kDeepNesting:
      p.click_head("page_view");
      w.key("context").raw_value(std::string(70, '[') + std::string(70, ']'));
      p.finish();
      break;
    case Defect::kNotANumber:
      p.click_head("product_view");
      w.key("product_id").string_value("sku-00001");
      w.key("price").raw_value("NaN");
      p.finish();
      break;
    case Defect::kInvalidUtf8:
      p.click_head("search");
      // Raw: the writer would repair the cut sequence. The second byte of "é" is missing.
      w.key("query").raw_value("\"caf\xC3\"");
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
      w.key("type").null_value();
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
      w.key("page").string_value("/sale");
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
      w.key("amount").null_value();
      p.finish();
      break;
    case Defect::kNoProductId:
      p.click_head("add_to_cart");
      w.key("quantity").int_value(1);
      p.finish();
      break;
    case Defect::kNumericEventId:
      w.key("event_id").int_value(static_cast<std::int64_t>(context.event_number));
      p.type("page_view");
      p.ts();
      p.visitor();
      p.finish();
      break;
    case Defect::kEmptyEventId:
      w.key("event_id").string_value("");
      p.type("page_view");
      p.ts();
      p.visitor();
      p.finish();
      break;
    case Defect::kNumericType:
      p.event_id();
      w.key("type").int_value(7);
      p.ts();
      p.visitor();
      p.finish();
      break;
    case Defect::kWordTs:
      p.event_id();
      p.type("page_view");
      w.key("ts").string_value("yesterday");
      p.visitor();
      p.finish();
      break;
    case Defect::kImpossibleDate:
      p.event_id();
      p.type("order_shipped");
      w.key("ts").string_value("2025-02-30T10:00:00Z");
      p.customer();
      p.order_id();
      p.finish();
      break;
    case Defect::kEpochOutOfRange:
      p.event_id();
      p.type("page_view");
      w.key("ts").int_value(253'402'300'800'000);  // 10000-01-01T00:00:00Z, one past the last valid
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
      w.key("customer_id").string_value(key);
      p.order_id();
      p.finish();
      break;
    case Defect::kOverlongChannel:
      p.click_head("page_view");
      w.key("channel").string_value(std::string(65, 'm'));
      p.finish();
      break;
    case Defect::kNegativeAmount:
      p.order_head("order_refunded");
      w.key("amount").raw_value("-12.5");
      p.finish();
      break;
    case Defect::kFiveDecimals:
      p.order_head("order_paid");
      w.key("amount").string_value("12.34567");
      p.finish();
      break;
    case Defect::kZeroQuantity:
      p.click_head("add_to_cart");
      w.key("product_id").string_value("sku-00001");
      w.key("quantity").int_value(0);
      p.finish();
      break;
    case Defect::kNegativeDwell:
      p.click_head("page_view");
      w.key("dwell_ms").int_value(-5);
      p.finish();
      break;
    case Defect::kRepeatedField:
      p.order_head("order_shipped");
      p.order_id();
      p.finish();
      break;
    case Defect::kItemWithoutProduct:
      p.order_head("order_placed");
      w.key("amount").string_value("9.99");
      w.key("items").raw_value(R"([{"quantity":1,"price":"9.99"}])");
      p.finish();
      break;
    case Defect::kUnknownType:
      p.click_head("checkout_started");
      p.finish();
      break;
    case Defect::kForeignCurrency:
      p.order_head("order_paid");
      w.key("amount").string_value("49.90");
      w.key("currency").string_value("EUR");
      p.finish();
      break;
  }
}

}  // namespace crm
