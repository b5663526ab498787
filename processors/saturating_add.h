// Sums of values that producers send (money, cart quantities, dwell times). Each value is valid
// on its own up to the int64 range, so a sum of two can leave it: it stays at the range's end
// instead of wrapping around (signed overflow is undefined behaviour, and a wrapped sum turns a
// refund "in full or more" into a small purchase, a total into a negative one). A sum that
// large is past anything exact anyway (922 trillion units of money).
#pragma once

#include <cstdint>
#include <limits>

namespace crm {

inline std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<std::int64_t>::max()
               : std::numeric_limits<std::int64_t>::min();
}

}  // namespace crm
