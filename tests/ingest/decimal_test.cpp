#include "ingest/decimal.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>

#include "ingest/exact_decimal.h"

namespace crm {
namespace {

struct MoneyCase {
  std::string text;
  std::optional<Money> expected;
};

class MoneyStringTest : public testing::TestWithParam<MoneyCase> {};

TEST_P(MoneyStringTest, Parses) {
  EXPECT_EQ(parse_money_string(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MoneyStringTest,
    testing::Values(MoneyCase{"129.90", 1'299'000}, MoneyCase{"0", 0}, MoneyCase{"0.0001", 1},
                    MoneyCase{"1.50000", 15'000}, MoneyCase{"007.5", 75'000},
                    MoneyCase{"12.3456", 123'456}, MoneyCase{"12.34567", std::nullopt},
                    MoneyCase{"12.34560000", 123'456}, MoneyCase{"1e2", std::nullopt},
                    MoneyCase{"-1", std::nullopt}, MoneyCase{"+1", std::nullopt},
                    MoneyCase{" 1", std::nullopt}, MoneyCase{"1 ", std::nullopt},
                    MoneyCase{"", std::nullopt}, MoneyCase{".5", std::nullopt},
                    MoneyCase{"5.", std::nullopt}, MoneyCase{"1.2.3", std::nullopt},
                    MoneyCase{"1,5", std::nullopt},
                    // int64 max / 10^4 = 922337203685477.5807
                    MoneyCase{"922337203685477.5807", std::numeric_limits<Money>::max()},
                    MoneyCase{"922337203685477.5808", std::nullopt},
                    MoneyCase{"99999999999999999999999", std::nullopt}));

class MoneyNumberTest : public testing::TestWithParam<MoneyCase> {};

TEST_P(MoneyNumberTest, Parses) {
  EXPECT_EQ(parse_money_number(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MoneyNumberTest,
    testing::Values(MoneyCase{"129.9", 1'299'000}, MoneyCase{"1e2", 1'000'000},
                    MoneyCase{"1E+2", 1'000'000}, MoneyCase{"0.00015e1", 15},
                    MoneyCase{"1234.5e-3", 12'345}, MoneyCase{"1.5e-4", std::nullopt},
                    MoneyCase{"12.34567", std::nullopt}, MoneyCase{"1.50000", 15'000},
                    MoneyCase{"100000e-9", 1}, MoneyCase{"0", 0}, MoneyCase{"-0", 0},
                    MoneyCase{"-0.0", 0}, MoneyCase{"0e999999999999999999", 0},
                    MoneyCase{"-1", std::nullopt}, MoneyCase{"-0.5", std::nullopt},
                    MoneyCase{"1e999999999999", std::nullopt},
                    MoneyCase{"1e-999999999999", std::nullopt},
                    MoneyCase{"1e15", std::nullopt},  // 10^19 ten-thousandths overflow
                    MoneyCase{"1e14", 1'000'000'000'000'000'000}, MoneyCase{"01", std::nullopt},
                    MoneyCase{"1.", std::nullopt}, MoneyCase{".1", std::nullopt},
                    MoneyCase{"1e", std::nullopt}, MoneyCase{"NaN", std::nullopt},
                    MoneyCase{"Infinity", std::nullopt}, MoneyCase{"\"1\"", std::nullopt},
                    MoneyCase{"", std::nullopt}, MoneyCase{"1 ", std::nullopt}));

TEST(ExactDecimalTest, HugeDigitStringsWithSmallValues) {
  // 400 digits whose value is 1 after the exponent: exact, no float on the way.
  const std::string token = "1" + std::string(399, '0') + "e-399";
  EXPECT_EQ(scale_json_number(token, 0).value, 1);
  EXPECT_EQ(scale_json_number("0." + std::string(300, '0') + "1e301", 0).value, 1);
}

TEST(ExactDecimalTest, FaultsAndSign) {
  EXPECT_EQ(scale_json_number("1.5", 0).fault, DecimalFault::kTooPrecise);
  EXPECT_EQ(scale_json_number("-3", 0).value, -3);
  EXPECT_TRUE(scale_json_number("-3", 0).negative);
  EXPECT_EQ(scale_json_number("9223372036854775807", 0).value,
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(scale_json_number("9223372036854775808", 0).fault, DecimalFault::kOutOfRange);
  EXPECT_EQ(scale_json_number("1-2", 0).fault, DecimalFault::kSyntax);
  EXPECT_TRUE(is_json_number("-0.5e+10"));
  EXPECT_FALSE(is_json_number("-"));
  EXPECT_FALSE(is_json_number("+1"));
}

struct RateCase {
  std::string text;
  std::optional<DecimalRate> expected;
};

class RateTest : public testing::TestWithParam<RateCase> {};

TEST_P(RateTest, Parses) {
  EXPECT_EQ(parse_decimal_rate(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RateTest,
    testing::Values(RateCase{"1.08", DecimalRate{108, 2}}, RateCase{"7.1", DecimalRate{71, 1}},
                    RateCase{"1.0800", DecimalRate{108, 2}}, RateCase{"01.08", DecimalRate{108, 2}},
                    RateCase{"2", DecimalRate{2, 0}}, RateCase{"0.000001", DecimalRate{1, 6}},
                    RateCase{"0.123456789012345678", DecimalRate{123456789012345678, 18}},
                    RateCase{"0", std::nullopt}, RateCase{"0.000", std::nullopt},
                    RateCase{"-1.08", std::nullopt}, RateCase{"1e2", std::nullopt},
                    RateCase{"", std::nullopt}, RateCase{"1.", std::nullopt},
                    RateCase{".5", std::nullopt}, RateCase{" 1.08", std::nullopt},
                    RateCase{"99999999999999999999", std::nullopt}));

struct ConvertCase {
  Money amount;
  DecimalRate rate;
  std::optional<Money> expected;
};

class ConvertTest : public testing::TestWithParam<ConvertCase> {};

TEST_P(ConvertTest, MultipliesExactlyAndRoundsHalfEven) {
  const ConvertCase& c = GetParam();
  EXPECT_EQ(convert_money(c.amount, c.rate), c.expected)
      << c.amount << " x " << c.rate.digits << "e-" << c.rate.scale;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConvertTest,
    testing::Values(
        ConvertCase{1'000'000, {108, 2}, 1'080'000},  // 100 x 1.08 = 108
        ConvertCase{1, {5, 1}, 0},                    // 0.00005 -> 0.0000 (half to even)
        ConvertCase{3, {5, 1}, 2},                    // 0.00015 -> 0.0002
        ConvertCase{5, {5, 1}, 2},                    // 0.00025 -> 0.0002
        ConvertCase{7, {5, 1}, 4},                    // 0.00035 -> 0.0004
        ConvertCase{1, {51, 2}, 1},                   // 0.000051 -> 0.0001 (above half)
        ConvertCase{1, {49, 2}, 0},                   // 0.000049 -> 0.0000
        ConvertCase{-3, {5, 1}, -2},                  // symmetric for negatives
        ConvertCase{1'299'000, {71, 1}, 9'222'900},   // 129.9 x 7.1 = 922.29
        ConvertCase{std::numeric_limits<Money>::max(), {2, 0}, std::nullopt},
        ConvertCase{std::numeric_limits<Money>::max(), {1, 0}, std::numeric_limits<Money>::max()},
        ConvertCase{123'456, {1, 38}, 0}, ConvertCase{1, {1, 39}, std::nullopt},
        ConvertCase{std::numeric_limits<Money>::max(),
                    {std::numeric_limits<std::int64_t>::max(), 38},
                    1}));  // (2^63-1)^2 / 10^38 = 0.85: the product needs all 127 bits

}  // namespace
}  // namespace crm
