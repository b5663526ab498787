// Exact decimal parsing for money and exchange rates (events.md "Money"): no binary floats.
#pragma once

#include <optional>
#include <string_view>

#include "ingest/decoder_config.h"
#include "processors/money.h"

namespace crm {

// A decimal string of digits with an optional fraction ("129.90", "1.50000"): no sign,
// exponent or spaces, at most 4 decimal places of value (trailing zeros beyond are fine).
// nullopt when malformed or out of range.
std::optional<Money> parse_money_string(std::string_view text);

// A JSON number token as written (exponent allowed: "1e2", "129.9", "0.00015e1"), >= 0, with
// at most 4 decimal places of value. nullopt when not such a number or out of range.
std::optional<Money> parse_money_number(std::string_view json_number);

// A positive exchange rate written as a decimal string ("1.08", "7.1") of any precision.
std::optional<DecimalRate> parse_decimal_rate(std::string_view text);

// amount x rate, rounded half-even to 4 places; nullopt on overflow.
std::optional<Money> convert_money(Money amount, DecimalRate rate);

}  // namespace crm
