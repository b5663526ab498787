// Churn risk of a buyer (semantics.md "Churn risk"): a level from the days since the last
// purchase against the buyer's own intervals, and a score in [0, 1].
#pragma once

#include <cstdint>

#include "processors/customer_view.h"
#include "processors/lifecycle.h"

namespace crm {

// low if d <= E, medium if d <= at_risk_after, high if d <= churned_after, else churned (first
// that holds, so a huge E can keep a customer "low" past at_risk_after). score =
// min(1, d / churned_after), unrounded: outputs round it to three decimals.
ChurnView churn_view(std::int64_t days_since_last_purchase, const PurchaseIntervals& intervals);

}  // namespace crm
