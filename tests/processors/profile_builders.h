// Small builders shared by the evaluation tests: a UTC instant from a date, and a customer
// profile made of purchases only (what evaluate() reads).
#pragma once

#include <utility>
#include <vector>

#include "processors/profile.h"
#include "processors/time.h"

namespace crm::test {

inline TimeMs utc(std::int64_t y, unsigned mo, unsigned d, std::int64_t h = 0) {
  return days_from_civil(y, mo, d) * kDayMs + h * kHourMs;
}

inline Profile customer(std::vector<Purchase> purchases) {
  Profile p;
  p.customer_id = "c-1042";
  p.purchases = std::move(purchases);
  for (const Purchase& x : p.purchases) p.monetary_lifetime += x.value;
  return p;
}

}  // namespace crm::test
