// The three-decimal numbers of the outputs (semantics.md): derived intervals (E, at_risk_after,
// churned_after) and churn_score are shown as floor(1000 x value + 0.5) / 1000, printed as the
// shortest decimal with at least one fractional digit: 24.0, 0.51, 0.063.
// The rounding is done once, in double precision exactly as the contract writes it; everything
// after it is integer arithmetic on thousandths, so printing never reintroduces binary noise
// (0.1 + 0.2 prints 0.3, not 0.30000000000000004). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace crm {

// floor(1000 x value + 0.5): the value in thousandths, or nullopt when the value is not finite
// or too large for the result to be exact (|value| >= 2^53 / 1000), so that no caller prints a
// number JSON cannot hold.
std::optional<std::int64_t> round_to_thousandths(double value);

// Appends the rounded value ("24.0", "0.51", "-1.5"); appends nothing and returns false when
// round_to_thousandths() has no answer, so that each format decides what stands in its place.
bool append_decimal3(std::string& out, double value);

// The same as a string; empty when append_decimal3() would return false.
std::string format_decimal3(double value);

}  // namespace crm
