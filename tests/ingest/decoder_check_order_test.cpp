// Every reason code, and the contract's check order: size, JSON, event_id, type, ts, the ids,
// the type's other fields, currency. Each row breaks two or more checks; the first wins.
#include <gtest/gtest.h>

#include <string>

#include "decoder_harness.h"

namespace crm {
namespace {

using testing_support::DecoderHarness;
using testing_support::kTs;
using testing_support::rejected;

struct OrderCase {
  std::string name;
  std::string json;
  RejectReason reason;
  std::string detail;
  std::optional<TimeMs> wall_now = std::nullopt;
};

void PrintTo(const OrderCase& c, std::ostream* os) {
  *os << c.name;
}

class CheckOrderTest : public testing::TestWithParam<OrderCase> {};

TEST_P(CheckOrderTest, FirstFailingCheckGivesTheReason) {
  DecoderConfig config;
  config.max_message_bytes = 400;
  DecoderHarness harness(config);
  const OrderCase& c = GetParam();
  EXPECT_TRUE(rejected(harness.decode(c.json, c.wall_now), c.reason, c.detail)) << c.json;
}

const std::string kLong129(129, 'x');

INSTANTIATE_TEST_SUITE_P(
    Pairs, CheckOrderTest,
    testing::Values(
        // size before JSON
        OrderCase{"too_large_beats_malformed", "{" + std::string(500, '['), RejectReason::kTooLarge,
                  "501 bytes exceeds limits.max_message_bytes (400)"},
        // JSON (anywhere in the document) before every field check
        OrderCase{"malformed_late_beats_missing_event_id",
                  R"({"type":"page_view","ts":"x","extra":[1,2,]})", RejectReason::kMalformedJson,
                  "JSON: "},
        OrderCase{"bad_escape_in_ignored_field_beats_missing_event_id",
                  R"({"type":"nope","extra":"\ud800"})", RejectReason::kMalformedJson, "JSON: "},
        OrderCase{"bad_number_in_ignored_field_beats_unknown_type",
                  R"({"event_id":"e1","type":"nope","extra":{"n":01}})",
                  RejectReason::kMalformedJson, "JSON: invalid number"},
        OrderCase{"trailing_bytes_beat_field_errors", R"({"type":7} {})",
                  RejectReason::kMalformedJson, "trailing bytes"},
        // event_id before type
        OrderCase{"bad_event_id_beats_unknown_type",
                  R"({"event_id":")" + kLong129 + R"(","type":"nope"})",
                  RejectReason::kInvalidField, "event_id: longer than 128 bytes"},
        OrderCase{"missing_event_id_beats_unknown_type", R"({"type":"nope","ts":"x"})",
                  RejectReason::kMissingField, "event_id: missing"},
        OrderCase{"duplicate_event_id_beats_missing_type", R"({"event_id":"a","event_id":"b"})",
                  RejectReason::kInvalidField, "event_id: appears more than once"},
        OrderCase{"event_id_number_beats_missing_type", R"({"event_id":12})",
                  RejectReason::kInvalidField, "event_id: not a string (number)"},
        // type before ts
        OrderCase{"unknown_type_beats_bad_ts",
                  R"({"event_id":"e1","type":"page_viewed","ts":"yesterday"})",
                  RejectReason::kUnknownType, "type: unknown \"page_viewed\""},
        OrderCase{"missing_type_beats_bad_ts", R"({"event_id":"e1","ts":"yesterday"})",
                  RejectReason::kMissingField, "type: missing"},
        OrderCase{"type_not_string_is_invalid_not_unknown",
                  R"({"event_id":"e1","type":["page_view"],"ts":"x"})", RejectReason::kInvalidField,
                  "type: not a string (array)"},
        // ts before the ids
        OrderCase{"bad_ts_beats_missing_customer_id",
                  R"({"event_id":"e1","type":"order_paid","ts":"yesterday","order_id":"o"})",
                  RejectReason::kInvalidField, R"(ts: not RFC 3339 or epoch ms: "yesterday")"},
        OrderCase{"missing_ts_beats_bad_customer_id",
                  R"({"event_id":"e1","type":"login","customer_id":""})",
                  RejectReason::kMissingField, "ts: missing"},
        OrderCase{"future_ts_beats_missing_ids",
                  R"({"event_id":"e1","type":"page_view","ts":1795428000001})",
                  RejectReason::kInvalidField, "ahead of the wall clock", kTs},
        // the ids before the type's fields
        OrderCase{
            "bad_customer_id_beats_missing_order_id",
            R"({"event_id":"e1","type":"order_paid","ts":1,"customer_id":")" + kLong129 + R"("})",
            RejectReason::kInvalidField, "customer_id: longer than 128 bytes"},
        OrderCase{"missing_customer_id_beats_bad_amount",
                  R"({"event_id":"e1","type":"order_paid","ts":1,"anonymous_id":"a",)"
                  R"("order_id":"o","amount":-1})",
                  RejectReason::kMissingField, "customer_id: missing (required by order_paid)"},
        OrderCase{"missing_both_ids_beats_missing_product_id",
                  R"({"event_id":"e1","type":"product_view","ts":1})", RejectReason::kMissingField,
                  "customer_id or anonymous_id: missing"},
        OrderCase{"bad_anonymous_id_beats_bad_channel",
                  R"({"event_id":"e1","type":"search","ts":1,"anonymous_id":"","channel":""})",
                  RejectReason::kInvalidField, "anonymous_id: empty"},
        OrderCase{"bad_session_id_beats_bad_product_id",
                  R"({"event_id":"e1","type":"favorite","ts":1,"anonymous_id":"a",)"
                  R"("session_id":5,"product_id":""})",
                  RejectReason::kInvalidField, "session_id: not a string (number)"},
        // common channel before the type's fields
        OrderCase{"bad_channel_beats_missing_product_id",
                  R"({"event_id":"e1","type":"favorite","ts":1,"anonymous_id":"a","channel":true})",
                  RejectReason::kInvalidField, "channel: not a string (boolean)"},
        // the type's fields before currency
        OrderCase{"missing_order_id_beats_bad_amount",
                  R"({"event_id":"e1","type":"order_paid","ts":1,"customer_id":"c","amount":-1})",
                  RejectReason::kMissingField, "order_id: missing (required by order_paid)"},
        OrderCase{"bad_amount_beats_currency_mismatch",
                  R"({"event_id":"e1","type":"order_paid","ts":1,"customer_id":"c",)"
                  R"("order_id":"o","amount":"1e2","currency":"EUR"})",
                  RejectReason::kInvalidField, R"(amount: not a decimal number: "1e2")"},
        OrderCase{"bad_item_beats_currency_mismatch",
                  R"({"event_id":"e1","type":"order_shipped","ts":1,"customer_id":"c",)"
                  R"("order_id":"o","items":[{"category":"x"}],"currency":"EUR"})",
                  RejectReason::kInvalidField, "items[0].product_id: missing"},
        OrderCase{"bad_quantity_beats_bad_price",
                  R"({"event_id":"e1","type":"add_to_cart","ts":1,"anonymous_id":"a",)"
                  R"("product_id":"p","price":"x","quantity":0})",
                  RejectReason::kInvalidField, "quantity: out of range (at least 1): 0"},
        // currency last
        OrderCase{"currency_mismatch",
                  R"({"event_id":"e1","type":"order_paid","ts":1,"customer_id":"c",)"
                  R"("order_id":"o","amount":"10","currency":"EUR"})",
                  RejectReason::kCurrencyMismatch,
                  R"(currency: "EUR" is not the configured "USD")"},
        OrderCase{"currency_not_iso_is_invalid",
                  R"({"event_id":"e1","type":"order_paid","ts":1,"customer_id":"c",)"
                  R"("order_id":"o","amount":"10","currency":"eur"})",
                  RejectReason::kInvalidField, R"(currency: not an ISO 4217 code: "eur")"}),
    [](const testing::TestParamInfo<OrderCase>& p) { return p.param.name; });

TEST(RejectReasonTest, ContractCodes) {
  EXPECT_EQ(to_string(RejectReason::kTooLarge), "too_large");
  EXPECT_EQ(to_string(RejectReason::kMalformedJson), "malformed_json");
  EXPECT_EQ(to_string(RejectReason::kMissingField), "missing_field");
  EXPECT_EQ(to_string(RejectReason::kInvalidField), "invalid_field");
  EXPECT_EQ(to_string(RejectReason::kUnknownType), "unknown_type");
  EXPECT_EQ(to_string(RejectReason::kCurrencyMismatch), "currency_mismatch");
}

}  // namespace
}  // namespace crm
