// The lifecycle rules: E and its clamps at every bound, and the stage table in its order.
#include "processors/lifecycle.h"

#include <gtest/gtest.h>

namespace crm {
namespace {

// Intervals of P purchases evenly spread over `span` ms.
PurchaseIntervals intervals_of(std::int64_t purchases, TimeMs span,
                               const LifecycleConfig& config = {}) {
  const TimeMs first = 1'700'000'000'000;
  return purchase_intervals(purchases, first, first + span, config);
}

TEST(PurchaseIntervals, ClampsAtEveryBound) {
  const struct {
    const char* name;
    std::int64_t purchases;
    TimeMs span;
    double e, at_risk, churned;
  } cases[] = {
      {"one purchase: default interval", 1, 0, 30.0, 60.0, 120.0},
      {"same instant: E at least 1", 2, 0, 1.0, 30.0, 90.0},
      {"one hour apart: E at least 1", 2, kHourMs, 1.0, 30.0, 90.0},
      {"E tiny: both minimums", 2, 3 * kDayMs, 3.0, 30.0, 90.0},
      {"2E exactly the at_risk minimum", 2, 15 * kDayMs, 15.0, 30.0, 90.0},
      {"2E just above the minimum", 2, 15 * kDayMs + kHourMs, 15.0 + 1.0 / 24, 30.0 + 2.0 / 24,
       90.0},
      {"4E exactly the churn minimum", 2, 45 * kDayMs / 2, 22.5, 45.0, 90.0},
      {"outputs.md: 48 days, three purchases", 3, 48 * kDayMs, 24.0, 48.0, 96.0},
      {"outputs.md export: 43 days, three purchases", 3, 43 * kDayMs, 21.5, 43.0, 90.0},
      {"2E exactly the at_risk maximum", 2, 90 * kDayMs, 90.0, 180.0, 360.0},
      {"4E exactly the churn maximum", 2, 365 * kDayMs / 4, 91.25, 180.0, 365.0},
      {"E huge: both maximums", 2, 1000 * kDayMs, 1000.0, 180.0, 365.0},
      {"fractional E", 2, 21 * kDayMs + 18 * kHourMs, 21.75, 43.5, 90.0},
  };
  for (const auto& c : cases) {
    const PurchaseIntervals in = intervals_of(c.purchases, c.span);
    EXPECT_DOUBLE_EQ(in.expected_interval_days, c.e) << c.name;
    EXPECT_DOUBLE_EQ(in.at_risk_after_days, c.at_risk) << c.name;
    EXPECT_DOUBLE_EQ(in.churned_after_days, c.churned) << c.name;
  }
}

TEST(PurchaseIntervals, OutputsExampleIsExact) {
  // Shown as 24.0 / 48.0 / 96.0: no rounding noise allowed.
  const PurchaseIntervals in = intervals_of(3, 48 * kDayMs);
  EXPECT_EQ(in.expected_interval_days, 24.0);
  EXPECT_EQ(in.at_risk_after_days, 48.0);
  EXPECT_EQ(in.churned_after_days, 96.0);
}

TEST(PurchaseIntervals, FollowsConfiguration) {
  LifecycleConfig config;
  config.default_interval_days = 10;
  config.at_risk_factor = 3;
  config.churn_factor = 5;
  config.at_risk_min_days = 1;
  config.churn_min_days = 1;
  const PurchaseIntervals in = intervals_of(1, 0, config);
  EXPECT_DOUBLE_EQ(in.expected_interval_days, 10.0);
  EXPECT_DOUBLE_EQ(in.at_risk_after_days, 30.0);
  EXPECT_DOUBLE_EQ(in.churned_after_days, 50.0);

  config.default_interval_days = 0.25;  // "at least 1" applies to the default too
  EXPECT_DOUBLE_EQ(intervals_of(1, 0, config).expected_interval_days, 1.0);
}

LifecycleFacts buyer(std::int64_t purchases, std::int64_t d, std::int64_t window_frequency,
                     PurchaseIntervals intervals) {
  LifecycleFacts facts;
  facts.purchases = purchases;
  facts.days_since_last_purchase = d;
  facts.window_frequency = window_frequency;
  facts.intervals = intervals;
  facts.registered = true;
  facts.visits = 5;
  return facts;
}

LifecycleFacts non_buyer(bool registered, std::int64_t visits) {
  LifecycleFacts facts;
  facts.registered = registered;
  facts.visits = visits;
  return facts;
}

TEST(LifecycleStage, TableInOrder) {
  const PurchaseIntervals integral{24.0, 48.0, 96.0};
  const PurchaseIntervals fractional{21.75, 43.5, 90.0};
  const struct {
    const char* name;
    LifecycleFacts facts;
    LifecycleStage stage;
  } cases[] = {
      {"d = at_risk_after is not yet at risk", buyer(3, 48, 3, integral), LifecycleStage::kRepeat},
      {"d = at_risk_after + 1 is at risk", buyer(3, 49, 3, integral), LifecycleStage::kAtRisk},
      {"fractional: d 43 of 43.5", buyer(2, 43, 2, fractional), LifecycleStage::kRepeat},
      {"fractional: d 44 of 43.5", buyer(2, 44, 2, fractional), LifecycleStage::kAtRisk},
      {"d = churned_after is at risk", buyer(3, 96, 3, integral), LifecycleStage::kAtRisk},
      {"d = churned_after + 1 is churned", buyer(3, 97, 3, integral), LifecycleStage::kChurned},
      {"churned beats loyal", buyer(9, 97, 9, integral), LifecycleStage::kChurned},
      {"at_risk beats loyal", buyer(9, 49, 9, integral), LifecycleStage::kAtRisk},
      {"loyal at 4 windowed orders", buyer(4, 0, 4, integral), LifecycleStage::kLoyal},
      {"3 windowed orders of 9 is repeat", buyer(9, 0, 3, integral), LifecycleStage::kRepeat},
      {"P = 2 is repeat", buyer(2, 0, 2, integral), LifecycleStage::kRepeat},
      {"P = 2, none in window, is repeat", buyer(2, 0, 0, integral), LifecycleStage::kRepeat},
      {"P = 1 is first purchase", buyer(1, 0, 1, integral), LifecycleStage::kFirstPurchase},
      {"registered beats visits", non_buyer(true, 7), LifecycleStage::kRegistered},
      {"registered, no visits", non_buyer(true, 0), LifecycleStage::kRegistered},
      {"two visits", non_buyer(false, 2), LifecycleStage::kReturningVisitor},
      {"one visit", non_buyer(false, 1), LifecycleStage::kVisitor},
      {"nothing at all", non_buyer(false, 0), LifecycleStage::kVisitor},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(lifecycle_stage(c.facts, LifecycleConfig{}), c.stage) << c.name;
  }
}

TEST(LifecycleStage, LoyalThresholdIsConfigurable) {
  LifecycleConfig config;
  config.loyal_min_orders = 2;
  EXPECT_EQ(lifecycle_stage(buyer(2, 0, 2, {24, 48, 96}), config), LifecycleStage::kLoyal);
  EXPECT_EQ(lifecycle_stage(buyer(1, 0, 1, {30, 60, 120}), config), LifecycleStage::kFirstPurchase);
  config.loyal_min_orders = 0;  // a degenerate configuration still needs a purchase
  EXPECT_EQ(lifecycle_stage(non_buyer(true, 3), config), LifecycleStage::kRegistered);
}

}  // namespace
}  // namespace crm
