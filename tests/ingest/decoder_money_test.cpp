// Money in events (events.md "Money"): exact ten-thousandths from a JSON number's text or a
// decimal string, and currency conversion with configured rates, rounded half-even.
#include <gtest/gtest.h>

#include <string>

#include "decoder_harness.h"

namespace crm {
namespace {

using testing_support::decoded;
using testing_support::DecoderHarness;
using testing_support::rejected;

std::string order_with_amount(std::string_view amount, std::string_view extra = "") {
  return R"({"event_id":"e1","type":"order_paid","ts":1,"customer_id":"c","order_id":"o",)"
         R"("amount":)" +
         std::string(amount) + std::string(extra) + "}";
}

struct MoneyCase {
  std::string amount;  // as written in the JSON
  std::optional<Money> expected;
  std::string detail = {};  // for invalid ones
};

class AmountTest : public testing::TestWithParam<MoneyCase> {};

TEST_P(AmountTest, Decodes) {
  const MoneyCase& c = GetParam();
  DecoderHarness harness;
  const DecodeOutcome outcome = harness.decode(order_with_amount(c.amount));
  if (c.expected) {
    ASSERT_TRUE(decoded(outcome)) << c.amount;
    EXPECT_EQ(harness.event.amount, c.expected) << c.amount;
  } else {
    EXPECT_TRUE(rejected(outcome, RejectReason::kInvalidField, "amount: " + c.detail)) << c.amount;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Forms, AmountTest,
    testing::Values(MoneyCase{R"("129.90")", 1'299'000}, MoneyCase{"129.9", 1'299'000},
                    MoneyCase{"129.90", 1'299'000}, MoneyCase{"1e2", 1'000'000},
                    MoneyCase{"1E-4", 1}, MoneyCase{R"("1.50000")", 15'000},
                    MoneyCase{"1.50000", 15'000}, MoneyCase{"0", 0}, MoneyCase{R"("0")", 0},
                    // 0.1 + 0.2 style values stay exact: no binary float on the way
                    MoneyCase{"0.3", 3'000}, MoneyCase{"1234567890.1234", 12'345'678'901'234},
                    MoneyCase{R"("\u0031.5")", 15'000}));

INSTANTIATE_TEST_SUITE_P(
    Invalid, AmountTest,
    testing::Values(MoneyCase{R"("12.34567")", std::nullopt, "more than 4 decimal places"},
                    MoneyCase{"12.34567", std::nullopt, "more than 4 decimal places"},
                    MoneyCase{"-1", std::nullopt, "negative"},
                    MoneyCase{R"("-1")", std::nullopt, "not a decimal number"},
                    MoneyCase{R"("1e2")", std::nullopt, "not a decimal number: \"1e2\""},
                    MoneyCase{R"(" 1")", std::nullopt, "not a decimal number"},
                    MoneyCase{R"("1 ")", std::nullopt, "not a decimal number"},
                    MoneyCase{R"("")", std::nullopt, "not a decimal number"},
                    MoneyCase{R"("$5")", std::nullopt, "not a decimal number"},
                    MoneyCase{"1e300", std::nullopt, "out of range"},
                    MoneyCase{"99999999999999999999", std::nullopt, "out of range"},
                    MoneyCase{R"("99999999999999999999")", std::nullopt, "out of range"},
                    MoneyCase{"true", std::nullopt, "not a number or decimal string (boolean)"},
                    MoneyCase{"{}", std::nullopt, "not a number or decimal string (object)"}));

TEST(PriceTest, ProductViewAndAddToCartPrices) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(
      R"({"event_id":"e","type":"add_to_cart","ts":1,"anonymous_id":"a","product_id":"p",)"
      R"("price":19.99})")));
  EXPECT_EQ(harness.event.price, 199'900);
  EXPECT_TRUE(
      rejected(harness.decode(R"({"event_id":"e","type":"product_view","ts":1,"anonymous_id":"a",)"
                              R"("product_id":"p","price":"19.999999"})"),
               RejectReason::kInvalidField, "price: more than 4 decimal places"));
}

DecoderConfig with_rates() {
  DecoderConfig config;
  config.currency = "USD";
  config.currency_rates["EUR"] = DecimalRate{108, 2};  // 1.08
  config.currency_rates["HLF"] = DecimalRate{5, 1};    // 0.5, for rounding
  config.currency_rates["BIG"] = DecimalRate{1000, 0};
  return config;
}

struct CurrencyCase {
  std::string amount;
  std::string currency;
  std::optional<Money> expected;  // nullopt: rejected with `reason`
  RejectReason reason = RejectReason::kCurrencyMismatch;
  std::string detail = "currency";
};

void PrintTo(const CurrencyCase& c, std::ostream* os) {
  *os << c.amount << " " << c.currency;
}

class CurrencyTest : public testing::TestWithParam<CurrencyCase> {};

TEST_P(CurrencyTest, ConvertsExactlyOrRejects) {
  const CurrencyCase& c = GetParam();
  DecoderHarness harness(with_rates());
  const DecodeOutcome outcome =
      harness.decode(order_with_amount(c.amount, R"(,"currency":)" + c.currency));
  if (c.expected) {
    ASSERT_TRUE(decoded(outcome));
    EXPECT_EQ(harness.event.amount, c.expected);
  } else {
    EXPECT_TRUE(rejected(outcome, c.reason, c.detail));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CurrencyTest,
    testing::Values(CurrencyCase{R"("100")", R"("USD")", 1'000'000},     // the configured one
                    CurrencyCase{R"("100")", R"("EUR")", 1'080'000},     // 100 x 1.08
                    CurrencyCase{R"("129.99")", R"("EUR")", 1'403'892},  // 140.3892 exactly
                    CurrencyCase{R"("0.0001")", R"("HLF")", 0},          // 0.00005 -> 0.0000 (even)
                    CurrencyCase{R"("0.0003")", R"("HLF")", 2},          // 0.00015 -> 0.0002
                    CurrencyCase{R"("0.0005")", R"("HLF")", 2},          // 0.00025 -> 0.0002
                    CurrencyCase{R"("0.0007")", R"("HLF")", 4},          // 0.00035 -> 0.0004
                    CurrencyCase{R"("1.0003")", R"("EUR")", 10'803},     // 1.080324 -> 1.0803
                    CurrencyCase{R"("1.0005")", R"("EUR")", 10'805},     // 1.08054 -> 1.0805
                    CurrencyCase{R"("100")", R"("GBP")", std::nullopt},  // no rate
                    CurrencyCase{R"("100")", R"("usd")", std::nullopt, RejectReason::kInvalidField},
                    CurrencyCase{R"("100")", R"("US")", std::nullopt, RejectReason::kInvalidField},
                    CurrencyCase{R"("100")", "840", std::nullopt, RejectReason::kInvalidField},
                    CurrencyCase{R"("900000000000000")", R"("BIG")", std::nullopt,
                                 RejectReason::kInvalidField,
                                 "amount: out of range after conversion"},
                    CurrencyCase{R"("100")", "null", 1'000'000}));  // absent = configured

TEST(CurrencyTest, WithoutRatesAnyOtherCurrencyIsAMismatch) {
  DecoderHarness harness;  // USD, no rates
  EXPECT_TRUE(rejected(harness.decode(order_with_amount(R"("1")", R"(,"currency":"EUR")")),
                       RejectReason::kCurrencyMismatch,
                       R"(currency: "EUR" is not the configured "USD" and currency_rates has no )"
                       R"(rate for it)"));
  // Even on an order event without money: `currency` is a field of every order type.
  EXPECT_TRUE(rejected(
      harness.decode(R"({"event_id":"e","type":"order_cancelled","ts":1,"customer_id":"c",)"
                     R"("order_id":"o","currency":"EUR"})"),
      RejectReason::kCurrencyMismatch, "currency"));
  // Not a field of types without money: ignored there.
  EXPECT_TRUE(decoded(harness.decode(
      R"({"event_id":"e","type":"search","ts":1,"anonymous_id":"a","currency":"EUR"})")));
}

TEST(CurrencyTest, ConvertsPricesAndItemPricesToo) {
  DecoderHarness harness(with_rates());
  ASSERT_TRUE(decoded(harness.decode(
      R"({"event_id":"e","type":"order_placed","ts":1,"customer_id":"c","order_id":"o",)"
      R"("currency":"EUR","amount":"10","items":[{"product_id":"p","price":"5"},)"
      R"({"product_id":"q"}]})")));
  EXPECT_EQ(harness.event.amount, 108'000);
  ASSERT_EQ(harness.event.items.size(), 2u);
  EXPECT_EQ(harness.event.items[0].price, 54'000);
  EXPECT_FALSE(harness.event.items[1].price.has_value());
  ASSERT_TRUE(decoded(harness.decode(
      R"({"event_id":"e","type":"add_to_cart","ts":1,"anonymous_id":"a","product_id":"p",)"
      R"("price":"2.50","currency":"EUR"})")));
  EXPECT_EQ(harness.event.price, 27'000);
}

}  // namespace
}  // namespace crm
