#include "ingest/exact_decimal.h"

#include <cstddef>
#include <limits>

namespace crm {
namespace {

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A number split as written: sign, integer digits, fraction digits, decimal exponent.
// Its value is (int_digits ++ frac_digits) x 10^(exponent - frac_digits.size()).
struct DecimalParts {
  bool negative = false;
  std::string_view int_digits;
  std::string_view frac_digits;
  std::int64_t exponent = 0;
};

// Exponents beyond this are saturated: any non-zero value with such an exponent is out of
// range or too precise whatever its digits (a message holds at most a few MB of digits).
constexpr std::int64_t kExponentCap = std::int64_t{1} << 40;

std::size_t digit_run(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && is_digit(text[end])) ++end;
  return end;
}

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool split_json_number(std::string_view t, DecimalParts& parts) {
  std::size_t pos = 0;
  if (pos < t.size() && t[pos] == '-') {
    parts.negative = true;
    ++pos;
  }
  std::size_t end = digit_run(t, pos);
  if (end == pos) return false;
  if (t[pos] == '0' && end - pos > 1) return false;  // no leading zeros
  parts.int_digits = t.substr(pos, end - pos);
  pos = end;
  if (pos < t.size() && t[pos] == '.') {
    end = digit_run(t, ++pos);
    if (end == pos) return false;
    parts.frac_digits = t.substr(pos, end - pos);
    pos = end;
  }
  if (pos < t.size() && (t[pos] == 'e' || t[pos] == 'E')) {
    ++pos;
    bool negative_exponent = false;
    if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) negative_exponent = t[pos++] == '-';
    end = digit_run(t, pos);
    if (end == pos) return false;
    std::int64_t exponent = 0;
    for (; pos < end; ++pos) {
      exponent = exponent * 10 + (t[pos] - '0');
      if (exponent > kExponentCap) exponent = kExponentCap;
    }
    parts.exponent = negative_exponent ? -exponent : exponent;
  }
  return pos == t.size();
}

// digits[.digits]
bool split_plain_decimal(std::string_view t, DecimalParts& parts) {
  std::size_t end = digit_run(t, 0);
  if (end == 0) return false;
  parts.int_digits = t.substr(0, end);
  if (end == t.size()) return true;
  if (t[end] != '.') return false;
  const std::size_t frac_end = digit_run(t, end + 1);
  if (frac_end == end + 1 || frac_end != t.size()) return false;
  parts.frac_digits = t.substr(end + 1);
  return true;
}

ScaledDecimal scale_parts(const DecimalParts& parts, int places) {
  // value = (a ++ b) x 10^exponent10 with a, b the digits as written. Zeros that carry no
  // value are dropped: leading ones outright, trailing ones into the exponent, so that
  // "1.50000", "100e-2" and 400-digit spellings of small values are all exact.
  std::string_view a = parts.int_digits;
  std::string_view b = parts.frac_digits;
  std::int64_t exponent10 = parts.exponent - static_cast<std::int64_t>(b.size());
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  if (a.empty()) {
    while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  }
  while (!b.empty() && b.back() == '0') {
    b.remove_suffix(1);
    ++exponent10;
  }
  if (b.empty()) {
    while (!a.empty() && a.back() == '0') {
      a.remove_suffix(1);
      ++exponent10;
    }
  }
  ScaledDecimal out;
  const auto significant = static_cast<std::int64_t>(a.size() + b.size());
  if (significant == 0) return out;  // zero, "-0" included
  out.negative = parts.negative;
  const std::int64_t shift = exponent10 + places;
  if (shift < 0) {
    out.fault = DecimalFault::kTooPrecise;
    return out;
  }
  constexpr int kMaxDigits = std::numeric_limits<std::int64_t>::digits10 + 1;  // 19
  if (significant + shift > kMaxDigits) {
    out.fault = DecimalFault::kOutOfRange;
    return out;
  }
  // At most 19 digits in all, so the significand fits a uint64 and 10^shift (shift <= 19)
  // is in the table; one checked multiply gives the value.
  static constexpr std::uint64_t kPowersOfTen[] = {1ULL,
                                                   10ULL,
                                                   100ULL,
                                                   1'000ULL,
                                                   10'000ULL,
                                                   100'000ULL,
                                                   1'000'000ULL,
                                                   10'000'000ULL,
                                                   100'000'000ULL,
                                                   1'000'000'000ULL,
                                                   10'000'000'000ULL,
                                                   100'000'000'000ULL,
                                                   1'000'000'000'000ULL,
                                                   10'000'000'000'000ULL,
                                                   100'000'000'000'000ULL,
                                                   1'000'000'000'000'000ULL,
                                                   10'000'000'000'000'000ULL,
                                                   100'000'000'000'000'000ULL,
                                                   1'000'000'000'000'000'000ULL,
                                                   10'000'000'000'000'000'000ULL};
  std::uint64_t digits = 0;
  for (char c : a) digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
  for (char c : b) digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
  std::uint64_t value = 0;
  if (__builtin_mul_overflow(digits, kPowersOfTen[shift], &value) ||
      value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    out.fault = DecimalFault::kOutOfRange;
    return out;
  }
  const auto magnitude = static_cast<std::int64_t>(value);
  out.value = parts.negative ? -magnitude : magnitude;
  return out;
}

}  // namespace

bool is_json_number(std::string_view token) {
  DecimalParts parts;
  return split_json_number(token, parts);
}

ScaledDecimal scale_json_number(std::string_view token, int places) {
  DecimalParts parts;
  if (!split_json_number(token, parts)) return {.fault = DecimalFault::kSyntax};
  return scale_parts(parts, places);
}

ScaledDecimal scale_plain_decimal(std::string_view text, int places) {
  DecimalParts parts;
  if (!split_plain_decimal(text, parts)) return {.fault = DecimalFault::kSyntax};
  return scale_parts(parts, places);
}

}  // namespace crm
