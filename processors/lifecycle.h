// The lifecycle stage (semantics.md "Lifecycle stage"): the purchase intervals a buyer is
// judged by (E, at_risk_after, churned_after) and the stage table, first row that holds.
#pragma once

#include <cstdint>

#include "processors/customer_view.h"
#include "processors/model_config.h"
#include "processors/time.h"

namespace crm {

// Real numbers of days, in double from milliseconds without flooring (outputs show them).
struct PurchaseIntervals {
  double expected_interval_days = 0;  // E
  double at_risk_after_days = 0;      // clamp(at_risk_factor x E, min, max)
  double churned_after_days = 0;      // clamp(churn_factor x E, min, max)
};

// E = (last - first) ms / 86400000 / (P - 1) for P >= 2, else default_interval_days; at least 1.
// If a configuration's min exceeds its max, max wins (the clamp never misbehaves).
PurchaseIntervals purchase_intervals(std::int64_t purchases, TimeMs first_purchase,
                                     TimeMs last_purchase, const LifecycleConfig& config);

// What the stage table reads. days_since_last_purchase and intervals matter only for buyers.
struct LifecycleFacts {
  std::int64_t purchases = 0;                 // P
  std::int64_t days_since_last_purchase = 0;  // d
  std::int64_t window_frequency = 0;          // RFM frequency, windowed
  PurchaseIntervals intervals;
  bool registered = false;  // a customer_id is known
  std::int64_t visits = 0;
};

LifecycleStage lifecycle_stage(const LifecycleFacts& facts, const LifecycleConfig& config);

}  // namespace crm
