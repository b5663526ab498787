// Exact decimal values of number text (JSON number tokens, plain decimal strings), scaled to an
// integer count of 10^-places units without ever going through a binary float. The shared core
// of money, integer fields and epoch-ms timestamps; each fault says why a text was refused so
// the decoder can name the problem in a dead-letter detail.
#pragma once

#include <cstdint>
#include <string_view>

namespace crm {

enum class DecimalFault : std::uint8_t {
  kNone,
  kSyntax,      // not a JSON number / not digits[.digits]
  kTooPrecise,  // the value has more fractional digits than `places`
  kOutOfRange,  // the scaled value does not fit an int64
};

struct ScaledDecimal {
  std::int64_t value = 0;  // the number x 10^places; meaningful only when fault == kNone
  DecimalFault fault = DecimalFault::kNone;
  bool negative = false;  // the number is < 0 (known whenever the syntax is right)
};

// True when `token` is exactly one JSON number (RFC 8259 grammar; no spaces, no NaN/Infinity).
bool is_json_number(std::string_view token);

// value(token) x 10^places as an exact int64. Trailing zeros do not count as precision
// ("1.50000", "100e-2" are fine at places 4 or 2); exponents of any size are handled.
// "-0" and "-0.0" are 0.
ScaledDecimal scale_json_number(std::string_view token, int places);

// The same for a plain decimal string: digits with an optional fraction ("129.90"); no sign,
// exponent, spaces, or missing digits on either side of the point.
ScaledDecimal scale_plain_decimal(std::string_view text, int places);

}  // namespace crm
