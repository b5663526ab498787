#include "ingest/decimal.h"

#include <limits>

#include "ingest/exact_decimal.h"
#include "ingest/int128.h"

namespace crm {
namespace {

constexpr int kMoneyPlaces = 4;  // kMoneyScale = 10^4
// 10^38 still fits an Int128 (max ~1.7e38), so amount x digits / 10^scale stays exact.
constexpr int kMaxRateScale = 38;

std::optional<Money> non_negative(const ScaledDecimal& scaled) {
  if (scaled.fault != DecimalFault::kNone || scaled.negative) return std::nullopt;
  return scaled.value;
}

UInt128 power_of_ten(int exponent) {
  UInt128 p = 1;
  for (int i = 0; i < exponent; ++i) p *= 10;
  return p;
}

}  // namespace

std::optional<Money> parse_money_string(std::string_view text) {
  return non_negative(scale_plain_decimal(text, kMoneyPlaces));
}

std::optional<Money> parse_money_number(std::string_view json_number) {
  return non_negative(scale_json_number(json_number, kMoneyPlaces));
}

std::optional<DecimalRate> parse_decimal_rate(std::string_view text) {
  const std::size_t point = text.find('.');
  std::string_view int_part = text.substr(0, point);
  std::string_view frac_part = point == std::string_view::npos ? "" : text.substr(point + 1);
  if (int_part.empty() || (point != std::string_view::npos && frac_part.empty())) {
    return std::nullopt;
  }
  auto all_digits = [](std::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (!all_digits(int_part) || !all_digits(frac_part)) return std::nullopt;
  // Zeros that carry no value are dropped so "1.0800" and "01.08" give {108, 2}.
  while (int_part.size() > 1 && int_part.front() == '0') int_part.remove_prefix(1);
  while (!frac_part.empty() && frac_part.back() == '0') frac_part.remove_suffix(1);
  if (frac_part.size() > static_cast<std::size_t>(kMaxRateScale)) return std::nullopt;
  UInt128 digits = 0;
  for (std::string_view part : {int_part, frac_part}) {
    for (char c : part) {
      digits = digits * 10 + static_cast<unsigned>(c - '0');
      if (digits > static_cast<UInt128>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
      }
    }
  }
  if (digits == 0) return std::nullopt;
  return DecimalRate{static_cast<std::int64_t>(digits), static_cast<int>(frac_part.size())};
}

std::optional<Money> convert_money(Money amount, DecimalRate rate) {
  if (rate.digits < 0 || rate.scale < 0 || rate.scale > kMaxRateScale) return std::nullopt;
  // |amount x digits| < 2^126, so the product is exact in Int128.
  const Int128 product = static_cast<Int128>(amount) * rate.digits;
  const UInt128 divisor = power_of_ten(rate.scale);
  const bool negative = product < 0;
  const auto magnitude = static_cast<UInt128>(negative ? -product : product);
  UInt128 quotient = magnitude / divisor;
  const UInt128 remainder = magnitude % divisor;
  // Half-even: a remainder of exactly half rounds to the even quotient (banker's rounding),
  // so rounding errors do not drift one way when many converted amounts are summed.
  const UInt128 twice = remainder * 2;  // < 2 x 10^38 < 2^128
  if (twice > divisor || (twice == divisor && quotient % 2 == 1)) ++quotient;
  if (quotient > static_cast<UInt128>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  const auto result = static_cast<Money>(quotient);
  return negative ? -result : result;
}

}  // namespace crm
