#include "processors/decimal_format.h"

#include <cmath>

namespace crm {

std::optional<std::int64_t> round_to_thousandths(double value) {
  // Above 2^53 a double no longer holds every integer, so the rounding would not be exact.
  constexpr double kLimit = 9007199254740992.0;  // 2^53
  if (!std::isfinite(value)) return std::nullopt;
  const double scaled = std::floor(1000.0 * value + 0.5);
  if (!(std::fabs(scaled) < kLimit)) return std::nullopt;
  return static_cast<std::int64_t>(scaled);
}

bool append_decimal3(std::string& out, double value) {
  const std::optional<std::int64_t> thousandths = round_to_thousandths(value);
  if (!thousandths) return false;
  const std::int64_t n = *thousandths;
  // |n| < 2^53, so the negation cannot overflow.
  const std::uint64_t magnitude = static_cast<std::uint64_t>(n < 0 ? -n : n);
  if (n < 0) out.push_back('-');
  char digits[24];
  std::uint64_t whole = magnitude / 1000;
  int length = 0;
  do {
    digits[length++] = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  while (length > 0) out.push_back(digits[--length]);
  out.push_back('.');
  std::uint64_t fraction = magnitude % 1000;
  // At least one fractional digit; beyond it, trailing zeros are trimmed.
  int places = 3;
  while (places > 1 && fraction % 10 == 0) {
    fraction /= 10;
    --places;
  }
  for (int i = places - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  out.append(digits, static_cast<std::size_t>(places));
  return true;
}

std::string format_decimal3(double value) {
  std::string out;
  append_decimal3(out, value);
  return out;
}

}  // namespace crm
