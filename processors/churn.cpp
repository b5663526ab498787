#include "processors/churn.h"

#include <algorithm>

namespace crm {

ChurnView churn_view(std::int64_t days_since_last_purchase, const PurchaseIntervals& intervals) {
  ChurnView view;
  view.days_since_last_purchase = days_since_last_purchase;
  view.expected_interval_days = intervals.expected_interval_days;
  view.at_risk_after_days = intervals.at_risk_after_days;
  view.churned_after_days = intervals.churned_after_days;

  const auto d = static_cast<double>(days_since_last_purchase);
  if (d <= intervals.expected_interval_days) {
    view.level = ChurnLevel::kLow;
  } else if (d <= intervals.at_risk_after_days) {
    view.level = ChurnLevel::kMedium;
  } else if (d <= intervals.churned_after_days) {
    view.level = ChurnLevel::kHigh;
  } else {
    view.level = ChurnLevel::kChurned;
  }
  // churned_after is at least churn_min_days; a configuration allowing 0 would divide by zero,
  // and by then any day is past it.
  view.score =
      intervals.churned_after_days > 0 ? std::min(1.0, d / intervals.churned_after_days) : 1.0;
  return view;
}

}  // namespace crm
