// Field rules of events.md: ts forms, byte limits after unescaping, null = absent,
// duplicates, the required fields of every type, integers, items.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decoder_harness.h"

namespace crm {
namespace {

using testing_support::decoded;
using testing_support::DecoderHarness;
using testing_support::kOrderPaid;
using testing_support::kPageView;
using testing_support::kTs;
using testing_support::rejected;
using testing_support::with;

// A page_view with the given ts JSON value.
std::string page_view_at(std::string_view ts) {
  return R"({"event_id":"e1","type":"page_view","anonymous_id":"a","ts":)" + std::string(ts) + "}";
}

struct TsCase {
  std::string ts;
  std::optional<TimeMs> expected;  // nullopt = invalid_field
};

class TsFieldTest : public testing::TestWithParam<TsCase> {};

TEST_P(TsFieldTest, Decodes) {
  DecoderHarness harness;
  const DecodeOutcome outcome = harness.decode(page_view_at(GetParam().ts));
  if (GetParam().expected) {
    ASSERT_TRUE(decoded(outcome)) << GetParam().ts;
    EXPECT_EQ(harness.event.ts, *GetParam().expected);
  } else {
    EXPECT_TRUE(rejected(outcome, RejectReason::kInvalidField, "ts: ")) << GetParam().ts;
  }
}

INSTANTIATE_TEST_SUITE_P(Forms, TsFieldTest,
                         testing::Values(TsCase{R"("2026-11-22T10:00:00Z")", kTs},
                                         TsCase{R"("2026-11-22T18:00:00.250+08:00")", kTs + 250},
                                         TsCase{R"("2026-11-22T10:00:00.2509Z")", kTs + 250},
                                         TsCase{R"("2026-11-22t10:00:00.25z")", kTs + 250},
                                         TsCase{"1795341600000", kTs}, TsCase{"0", 0},
                                         TsCase{"253402300799999", 253'402'300'799'999},
                                         TsCase{"1.7953416e12", kTs},  // an integer by value
                                         TsCase{"1795341600000.0", kTs},
                                         TsCase{R"("\u0032026-11-22T10:00:00Z")", kTs}));

INSTANTIATE_TEST_SUITE_P(
    Invalid, TsFieldTest,
    testing::Values(TsCase{"253402300800000", std::nullopt}, TsCase{"-1", std::nullopt},
                    TsCase{"1795341600000.5", std::nullopt}, TsCase{"1e300", std::nullopt},
                    TsCase{"99999999999999999999999", std::nullopt},
                    TsCase{R"("1795341600000")", std::nullopt},
                    TsCase{R"("yesterday")", std::nullopt}, TsCase{R"("")", std::nullopt},
                    TsCase{R"("1969-12-31T23:59:59.999Z")", std::nullopt},
                    TsCase{R"("0001-01-01T00:00:00Z")", std::nullopt},
                    TsCase{R"("9999-12-31T23:59:59-01:00")", std::nullopt},
                    TsCase{R"("2026-02-29T10:00:00Z")", std::nullopt},
                    TsCase{R"("2026-11-22T10:00:00")", std::nullopt}, TsCase{"true", std::nullopt},
                    TsCase{"{}", std::nullopt}, TsCase{"[1]", std::nullopt}));

TEST(TsFieldTest, DetailQuotesTheValue) {
  DecoderHarness harness;
  EXPECT_TRUE(rejected(harness.decode(page_view_at(R"("yesterday")")), RejectReason::kInvalidField,
                       R"(ts: not RFC 3339 or epoch ms: "yesterday")"));
  EXPECT_TRUE(rejected(harness.decode(page_view_at("253402300800000")), RejectReason::kInvalidField,
                       "ts: epoch ms out of range [0, 253402300800000): 253402300800000"));
  EXPECT_TRUE(
      rejected(harness.decode(page_view_at("null")), RejectReason::kMissingField, "ts: missing"));
}

TEST(TsFieldTest, FutureSkewOnlyWithAWallClock) {
  const TimeMs now = kTs;
  const std::string at_limit = page_view_at(std::to_string(now + 24 * kHourMs));
  const std::string past_limit = page_view_at(std::to_string(now + 24 * kHourMs + 1));
  DecoderHarness harness;
  EXPECT_TRUE(decoded(harness.decode(at_limit, now)));
  EXPECT_TRUE(rejected(harness.decode(past_limit, now), RejectReason::kInvalidField,
                       "ts: 2026-11-23T10:00:00.001Z is more than 86400000 ms ahead of the wall "
                       "clock 2026-11-22T10:00:00.000Z"));
  EXPECT_TRUE(decoded(harness.decode(past_limit, std::nullopt))) << "replay has no skew check";
  EXPECT_TRUE(decoded(harness.decode(page_view_at("253402300799999"), std::nullopt)));

  DecoderConfig off;
  off.max_future_skew = 0;
  DecoderHarness no_skew(off);
  EXPECT_TRUE(decoded(no_skew.decode(past_limit, now))) << "max_future_skew 0 = off";
}

TEST(FieldMappingTest, EveryFieldLandsInTheEvent) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(
      R"({"event_id":"e-9","type":"product_view","ts":"2026-11-22T10:00:00Z","customer_id":"c",)"
      R"("anonymous_id":"a","session_id":"s","channel":"app","product_id":"p","category":"shoes",)"
      R"("price":"89.5","dwell_ms":1200,"page":"ignored for product_view"})")));
  const Event& e = harness.event;
  EXPECT_EQ(e.event_id, "e-9");
  EXPECT_EQ(e.type, EventType::kProductView);
  EXPECT_EQ(e.ts, kTs);
  EXPECT_EQ(e.customer_id, "c");
  EXPECT_EQ(e.anonymous_id, "a");
  EXPECT_EQ(e.session_id, "s");
  EXPECT_EQ(e.channel, "app");
  EXPECT_EQ(e.product_id, "p");
  EXPECT_EQ(e.category, "shoes");
  EXPECT_EQ(e.price, 895'000);
  EXPECT_EQ(e.dwell_ms, 1200);
  EXPECT_EQ(e.page, "") << "not a field of product_view";
  EXPECT_EQ(e.customer_key(), "c");
}

TEST(FieldMappingTest, DefaultsWhenAbsent) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(kPageView)));
  EXPECT_EQ(harness.event.channel, "unknown");
  EXPECT_FALSE(harness.event.session_id.has_value());
  EXPECT_EQ(harness.event.customer_key(), "a1");
  EXPECT_FALSE(harness.event.is_customer());
  EXPECT_EQ(harness.event.quantity, 1);
  EXPECT_FALSE(harness.event.dwell_ms.has_value());
  ASSERT_TRUE(decoded(harness.decode(with(kPageView, R"("session_id":"")"))));
  EXPECT_EQ(harness.event.session_id, "") << "an empty session_id is a session id";
}

TEST(FieldMappingTest, StringsLiveInTheArenaNotTheMessage) {
  DecoderHarness harness;
  std::string message = with(kPageView, R"("page":"/home","customer_id":"c\u00e9")");
  ASSERT_TRUE(decoded(harness.decode(message)));
  const Event first = harness.event;
  std::fill(message.begin(), message.end(), ' ');
  ASSERT_TRUE(decoded(harness.decode(
      R"({"event_id":"other","type":"search","ts":5,"anonymous_id":"zz","query":"q"})")));
  EXPECT_EQ(first.event_id, "e1");
  EXPECT_EQ(first.page, "/home");
  EXPECT_EQ(first.customer_id, "c\xc3\xa9");
  EXPECT_EQ(first.anonymous_id, "a1");
  EXPECT_EQ(harness.event.query, "q");
}

// Byte limits count the UTF-8 after unescaping, not the bytes as written.
struct LimitCase {
  std::string field;
  std::size_t limit;
};

class ByteLimitTest : public testing::TestWithParam<LimitCase> {};

std::string escaped_a(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += "\\u0041";
  return out;
}

std::string event_with(const std::string& field, const std::string& value) {
  // product_view validates every string field but page/query/topic/order_id; those get
  // types that do.
  std::string type = "product_view";
  if (field == "page") type = "page_view";
  if (field == "query") type = "search";
  if (field == "topic") type = "inquiry";
  if (field == "order_id") type = "order_shipped";
  std::string json = R"({"event_id":"e1","type":")" + type +
                     R"(","ts":1,"customer_id":"c",)"
                     R"("product_id":"p","order_id":"o"})";
  const std::string key = "\"" + field + "\":\"";
  const std::size_t at = json.find(key);
  if (at == std::string::npos) return with(json, key + value + "\"");
  const std::size_t end = json.find('"', at + key.size());
  json.replace(at, end - at + 1, key + value + "\"");
  return json;
}

TEST_P(ByteLimitTest, LimitAfterUnescaping) {
  const LimitCase& c = GetParam();
  DecoderHarness harness;
  EXPECT_TRUE(decoded(harness.decode(event_with(c.field, std::string(c.limit, 'x')))));
  EXPECT_TRUE(decoded(harness.decode(event_with(c.field, escaped_a(c.limit)))))
      << "written in 6x the bytes";
  EXPECT_TRUE(rejected(harness.decode(event_with(c.field, escaped_a(c.limit + 1))),
                       RejectReason::kInvalidField,
                       c.field + ": longer than " + std::to_string(c.limit) + " bytes"));
  std::string two_byte;  // é is 2 bytes of UTF-8
  for (std::size_t i = 0; i < c.limit / 2; ++i) two_byte += "\xc3\xa9";
  EXPECT_TRUE(decoded(harness.decode(event_with(c.field, two_byte))));
  EXPECT_TRUE(rejected(harness.decode(event_with(c.field, two_byte + "x")),
                       RejectReason::kInvalidField, c.field + ": longer than"));
  EXPECT_TRUE(rejected(harness.decode(event_with(c.field, "")), RejectReason::kInvalidField,
                       c.field + ": empty"));
}

INSTANTIATE_TEST_SUITE_P(Fields, ByteLimitTest,
                         testing::Values(LimitCase{"event_id", 128}, LimitCase{"customer_id", 128},
                                         LimitCase{"anonymous_id", 128}, LimitCase{"order_id", 128},
                                         LimitCase{"channel", 64}, LimitCase{"product_id", 256},
                                         LimitCase{"category", 256}, LimitCase{"page", 256},
                                         LimitCase{"query", 256}, LimitCase{"topic", 256}),
                         [](const testing::TestParamInfo<LimitCase>& p) { return p.param.field; });

TEST(ByteLimitTest, EventIdWrittenTwiceIsDuplicateEvenIfEqual) {
  DecoderHarness harness;
  EXPECT_TRUE(rejected(harness.decode(with(kPageView, R"("event_id":"e1")")),
                       RejectReason::kInvalidField, "event_id: appears more than once"));
}

TEST(NullTest, NullIsAbsent) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(
      with(kPageView,
           R"("customer_id":null,"session_id":null,"channel":null,"page":null,"dwell_ms":null)"))));
  EXPECT_EQ(harness.event.channel, "unknown");
  EXPECT_FALSE(harness.event.session_id.has_value());
  EXPECT_TRUE(harness.event.customer_id.empty());
  ASSERT_TRUE(decoded(harness.decode(with(kOrderPaid, R"("items":null,"currency":null)"))));
  EXPECT_TRUE(harness.event.items.empty());
  EXPECT_TRUE(
      rejected(harness.decode(R"({"event_id":null,"type":"page_view","ts":1,"anonymous_id":"a"})"),
               RejectReason::kMissingField, "event_id: missing"));
  EXPECT_TRUE(
      rejected(harness.decode(R"({"event_id":"e","type":"page_view","ts":1,"anonymous_id":null})"),
               RejectReason::kMissingField, "customer_id or anonymous_id: missing"));
  EXPECT_TRUE(
      rejected(harness.decode(R"({"event_id":"e","type":"order_paid","ts":1,"customer_id":"c",)"
                              R"("order_id":"o","amount":null})"),
               RejectReason::kMissingField, "amount: missing (required by order_paid)"));
}

struct DuplicateCase {
  std::string name;
  std::string json;
  bool valid;
};

void PrintTo(const DuplicateCase& c, std::ostream* os) {
  *os << c.name;
}

class DuplicateTest : public testing::TestWithParam<DuplicateCase> {};

TEST_P(DuplicateTest, ValidatedFieldsOnlyOnce) {
  DecoderHarness harness;
  const DecodeOutcome outcome = harness.decode(GetParam().json);
  if (GetParam().valid) {
    EXPECT_TRUE(decoded(outcome));
  } else {
    EXPECT_TRUE(rejected(outcome, RejectReason::kInvalidField, "appears more than once"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DuplicateTest,
    testing::Values(
        DuplicateCase{"type", with(kPageView, R"("type":"page_view")"), false},
        DuplicateCase{"ts", with(kPageView, R"("ts":1)"), false},
        DuplicateCase{"anonymous_id", with(kPageView, R"("anonymous_id":"a1")"), false},
        DuplicateCase{"session_id", with(kPageView, R"("session_id":"s","session_id":"s")"), false},
        DuplicateCase{"channel_null_twice", with(kPageView, R"("channel":null,"channel":null)"),
                      false},
        DuplicateCase{"page_on_page_view", with(kPageView, R"("page":"/","page":"/")"), false},
        DuplicateCase{"amount_on_order", with(kOrderPaid, R"("amount":"10")"), false},
        DuplicateCase{"items_on_order", with(kOrderPaid, R"("items":[],"items":[])"), false},
        DuplicateCase{"currency_on_order", with(kOrderPaid, R"("currency":"USD","currency":"USD")"),
                      false},
        DuplicateCase{"key_in_item",
                      with(kOrderPaid, R"("items":[{"product_id":"p","product_id":"p"}])"), false},
        // not validated for the type, hence ignored, duplicates included
        DuplicateCase{
            "page_on_search_ignored",
            R"({"event_id":"e","type":"search","ts":1,"anonymous_id":"a","page":1,"page":2})",
            true},
        DuplicateCase{"price_on_order_ignored", with(kOrderPaid, R"("price":1,"price":2)"), true},
        DuplicateCase{"amount_on_order_shipped_ignored",
                      R"({"event_id":"e","type":"order_shipped","ts":1,"customer_id":"c",)"
                      R"("order_id":"o","amount":1,"amount":2})",
                      true},
        DuplicateCase{"items_on_page_view_ignored",
                      with(kPageView, R"("items":[],"items":[{"bad":1}])"), true},
        DuplicateCase{"currency_on_page_view_ignored",
                      with(kPageView, R"("currency":"EUR","currency":"XXX")"), true},
        DuplicateCase{"unknown_field", with(kPageView, R"("x":1,"x":{"y":2})"), true},
        DuplicateCase{"unknown_key_in_item",
                      with(kOrderPaid, R"("items":[{"product_id":"p","x":1,"x":2}])"), true}),
    [](const testing::TestParamInfo<DuplicateCase>& p) { return p.param.name; });

// Required fields of every type: the minimal event decodes, and without any one of its
// required fields it is missing_field naming that field.
struct RequiredCase {
  std::string type;
  std::vector<std::string> required;  // beyond event_id, type, ts
  bool either_id = false;             // customer_id or anonymous_id
};

class RequiredFieldsTest : public testing::TestWithParam<RequiredCase> {};

std::string field_json(const std::string& name) {
  if (name == "amount") return R"("amount":"12.5")";
  return "\"" + name + "\":\"v-" + name + "\"";
}

std::string minimal(const RequiredCase& c, const std::string& without) {
  std::string json = R"({"event_id":"e1","type":")" + c.type + R"(","ts":1)";
  for (const std::string& field : c.required) {
    if (field != without) json += "," + field_json(field);
  }
  if (c.either_id && without != "ids") json += R"(,"anonymous_id":"a")";
  return json + "}";
}

TEST_P(RequiredFieldsTest, MinimalDecodesAndEachRequiredFieldIsNeeded) {
  const RequiredCase& c = GetParam();
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(minimal(c, ""))));
  EXPECT_EQ(to_string(harness.event.type), c.type);
  for (const std::string& field : c.required) {
    EXPECT_TRUE(rejected(harness.decode(minimal(c, field)), RejectReason::kMissingField,
                         field + ": missing"))
        << c.type;
  }
  if (c.either_id) {
    EXPECT_TRUE(rejected(harness.decode(minimal(c, "ids")), RejectReason::kMissingField,
                         "customer_id or anonymous_id: missing"));
  }
  for (const char* common : {"event_id", "type", "ts"}) {
    std::string json = minimal(c, "");
    const std::size_t at = json.find(std::string("\"") + common + "\"");
    const std::size_t end = json.find(',', at);
    json.erase(at, end - at + 1);
    EXPECT_TRUE(rejected(harness.decode(json), RejectReason::kMissingField,
                         std::string(common) + ": missing"))
        << json;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Types, RequiredFieldsTest,
    testing::Values(
        RequiredCase{"page_view", {}, true}, RequiredCase{"product_view", {"product_id"}, true},
        RequiredCase{"search", {}, true}, RequiredCase{"add_to_cart", {"product_id"}, true},
        RequiredCase{"remove_from_cart", {"product_id"}, true},
        RequiredCase{"favorite", {"product_id"}, true},
        RequiredCase{"signup", {"customer_id"}, false},
        RequiredCase{"login", {"customer_id"}, false}, RequiredCase{"inquiry", {}, true},
        RequiredCase{"order_placed", {"customer_id", "order_id", "amount"}, false},
        RequiredCase{"order_paid", {"customer_id", "order_id", "amount"}, false},
        RequiredCase{"order_shipped", {"customer_id", "order_id"}, false},
        RequiredCase{"order_delivered", {"customer_id", "order_id"}, false},
        RequiredCase{"order_cancelled", {"customer_id", "order_id"}, false},
        RequiredCase{"order_refunded", {"customer_id", "order_id", "amount"}, false}),
    [](const testing::TestParamInfo<RequiredCase>& p) { return p.param.type; });

TEST(RequiredFieldsTest, SignupLinksBothIds) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(
      R"({"event_id":"e","type":"signup","ts":1,"customer_id":"c","anonymous_id":"a"})")));
  EXPECT_EQ(harness.event.customer_id, "c");
  EXPECT_EQ(harness.event.anonymous_id, "a");
  EXPECT_TRUE(
      rejected(harness.decode(R"({"event_id":"e","type":"signup","ts":1,"anonymous_id":"a"})"),
               RejectReason::kMissingField, "customer_id: missing (required by signup)"));
}

struct IntegerCase {
  std::string field;  // quantity (add_to_cart) or dwell_ms (page_view)
  std::string value;
  std::optional<std::int64_t> expected;
};

class IntegerFieldTest : public testing::TestWithParam<IntegerCase> {};

TEST_P(IntegerFieldTest, Decodes) {
  const IntegerCase& c = GetParam();
  const std::string json =
      c.field == "quantity"
          ? R"({"event_id":"e","type":"add_to_cart","ts":1,"anonymous_id":"a","product_id":"p",)"
            R"("quantity":)" +
                c.value + "}"
          : with(kPageView, R"("dwell_ms":)" + c.value);
  DecoderHarness harness;
  const DecodeOutcome outcome = harness.decode(json);
  if (c.expected) {
    ASSERT_TRUE(decoded(outcome)) << json;
    EXPECT_EQ(c.field == "quantity" ? harness.event.quantity : *harness.event.dwell_ms,
              *c.expected);
  } else {
    EXPECT_TRUE(rejected(outcome, RejectReason::kInvalidField, c.field + ": ")) << json;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IntegerFieldTest,
    testing::Values(
        IntegerCase{"quantity", "1", 1}, IntegerCase{"quantity", "3", 3},
        IntegerCase{"quantity", "2.0", 2}, IntegerCase{"quantity", "1e1", 10},
        IntegerCase{"quantity", "0", std::nullopt}, IntegerCase{"quantity", "-1", std::nullopt},
        IntegerCase{"quantity", "1.5", std::nullopt},
        IntegerCase{"quantity", "\"2\"", std::nullopt},
        IntegerCase{"quantity", "true", std::nullopt},
        IntegerCase{"quantity", "99999999999999999999", std::nullopt},
        IntegerCase{"quantity", "9223372036854775807", INT64_MAX}, IntegerCase{"dwell_ms", "0", 0},
        IntegerCase{"dwell_ms", "-0", 0}, IntegerCase{"dwell_ms", "1200", 1200},
        IntegerCase{"dwell_ms", "-1", std::nullopt}, IntegerCase{"dwell_ms", "0.5", std::nullopt},
        IntegerCase{"dwell_ms", "[]", std::nullopt}));

TEST(IntegerFieldTest, QuantityDefaultsToOne) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(
      R"({"event_id":"e","type":"add_to_cart","ts":1,"anonymous_id":"a","product_id":"p"})")));
  EXPECT_EQ(harness.event.quantity, 1);
}

TEST(ItemsTest, ElementsDecode) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(with(
      kOrderPaid,
      R"("items":[{"product_id":"p1","category":"shoes","quantity":2,"price":"49.95","x":[1]},)"
      R"({"product_id":"p\u0032","category":null,"price":5},{"product_id":"p3"}])"))));
  const std::span<const OrderItem> items = harness.event.items;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].product_id, "p1");
  EXPECT_EQ(items[0].category, "shoes");
  EXPECT_EQ(items[0].quantity, 2);
  EXPECT_EQ(items[0].price, 499'500);
  EXPECT_EQ(items[1].product_id, "p2");
  EXPECT_EQ(items[1].category, "");
  EXPECT_EQ(items[1].quantity, 1);
  EXPECT_EQ(items[1].price, 50'000);
  EXPECT_EQ(items[2].product_id, "p3");
  EXPECT_FALSE(items[2].price.has_value());
  ASSERT_TRUE(decoded(harness.decode(with(kOrderPaid, R"("items":[])"))));
  EXPECT_TRUE(harness.event.items.empty());
}

struct ItemCase {
  std::string items;
  std::string detail;
};

class MalformedItemTest : public testing::TestWithParam<ItemCase> {};

TEST_P(MalformedItemTest, IsInvalidField) {
  DecoderHarness harness;
  EXPECT_TRUE(rejected(harness.decode(with(kOrderPaid, R"("items":)" + GetParam().items)),
                       RejectReason::kInvalidField, GetParam().detail))
      << GetParam().items;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedItemTest,
    testing::Values(
        ItemCase{R"({"product_id":"p"})", "items: not an array (object)"},
        ItemCase{R"("p1")", "items: not an array (string)"},
        ItemCase{R"(["p1"])", "items: element 0 is not an object (string)"},
        ItemCase{R"([{"product_id":"p"},null])", "items: element 1 is not an object (null)"},
        ItemCase{R"([{"category":"c"}])", "items[0].product_id: missing"},
        ItemCase{R"([{"product_id":null}])", "items[0].product_id: missing"},
        ItemCase{R"([{"product_id":""}])", "items[0].product_id: empty"},
        ItemCase{R"([{"product_id":7}])", "items[0].product_id: not a string (number)"},
        ItemCase{R"([{"product_id":"p","category":""}])", "items[0].category: empty"},
        ItemCase{R"([{"product_id":"p","quantity":0}])", "items[0].quantity: out of range"},
        ItemCase{R"([{"product_id":"p","quantity":"1"}])", "items[0].quantity: not an integer"},
        ItemCase{R"([{"product_id":"p","price":-1}])", "items[0].price: negative"},
        ItemCase{R"([{"product_id":"p"},{"product_id":"q","price":"1.00001"}])",
                 "items[1].price: more than 4 decimal places"},
        ItemCase{R"([{"product_id":"p","price":1,"price":1}])",
                 "items[0].price: appears more than once"}));

TEST(ItemsTest, IgnoredOnClickstreamTypes) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(with(kPageView, R"("items":[1,{"price":-1}])"))));
  EXPECT_TRUE(harness.event.items.empty());
}

// `amount` is listed for order_placed, order_paid and order_refunded only: on the other order
// types any value of it is ignored, as any field not listed for the type.
TEST(AmountTest, IgnoredWhereNotListed) {
  for (const char* type : {"order_shipped", "order_delivered", "order_cancelled"}) {
    for (const char* amount : {R"("abc")", "-5", "null", R"({"x":1})"}) {
      DecoderHarness harness;
      const std::string json = R"({"event_id":"e","type":")" + std::string(type) +
                               R"(","ts":1,"customer_id":"c","order_id":"o","amount":)" + amount +
                               "}";
      EXPECT_TRUE(decoded(harness.decode(json))) << json;
      EXPECT_FALSE(harness.event.amount.has_value()) << json;
    }
  }
}

}  // namespace
}  // namespace crm
