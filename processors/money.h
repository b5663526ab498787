// Money is held exactly as an integer count of ten-thousandths of the configured currency
// (events.md), never as a binary float that drifts when summed.
#pragma once

#include <cstdint>
#include <string>

namespace crm {

using Money = std::int64_t;

inline constexpr Money kMoneyScale = 10'000;

// Shortest exact decimal, no exponent, no trailing zeros: 2598000 -> "259.8", 890000 -> "89".
std::string format_money(Money m);
void append_money(std::string& out, Money m);

}  // namespace crm
