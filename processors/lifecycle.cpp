#include "processors/lifecycle.h"

#include <algorithm>

namespace crm {

namespace {

// std::clamp is undefined when lo > hi; a bad configuration must not be undefined behaviour.
double clamp_days(double value, double lo, double hi) {
  return std::min(std::max(value, lo), hi);
}

}  // namespace

PurchaseIntervals purchase_intervals(std::int64_t purchases, TimeMs first_purchase,
                                     TimeMs last_purchase, const LifecycleConfig& config) {
  // The spec's order of operations (ms / 86400000 / (P - 1)) is kept so that the doubles shown
  // in outputs are the same on every implementation.
  const double raw = purchases >= 2
                         ? static_cast<double>(last_purchase - first_purchase) /
                               static_cast<double>(kDayMs) / static_cast<double>(purchases - 1)
                         : config.default_interval_days;
  PurchaseIntervals intervals;
  intervals.expected_interval_days = std::max(raw, 1.0);
  intervals.at_risk_after_days =
      clamp_days(config.at_risk_factor * intervals.expected_interval_days, config.at_risk_min_days,
                 config.at_risk_max_days);
  intervals.churned_after_days = clamp_days(config.churn_factor * intervals.expected_interval_days,
                                            config.churn_min_days, config.churn_max_days);
  return intervals;
}

LifecycleStage lifecycle_stage(const LifecycleFacts& facts, const LifecycleConfig& config) {
  if (facts.purchases >= 1) {
    const auto d = static_cast<double>(facts.days_since_last_purchase);
    if (d > facts.intervals.churned_after_days) return LifecycleStage::kChurned;
    if (d > facts.intervals.at_risk_after_days) return LifecycleStage::kAtRisk;
  }
  // Only buyers have windowed purchases; P >= 1 keeps a loyal_min_orders of 0 from making a
  // visitor loyal.
  if (facts.window_frequency >= config.loyal_min_orders && facts.purchases >= 1) {
    return LifecycleStage::kLoyal;
  }
  if (facts.purchases >= 2) return LifecycleStage::kRepeat;
  if (facts.purchases == 1) return LifecycleStage::kFirstPurchase;
  if (facts.registered) return LifecycleStage::kRegistered;
  if (facts.visits >= 2) return LifecycleStage::kReturningVisitor;
  return LifecycleStage::kVisitor;
}

}  // namespace crm
