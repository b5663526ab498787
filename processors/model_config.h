// The customer model's settings (semantics.md), as plain structs with the contract's defaults.
// config/ fills them from YAML and validates them once; the model only reads them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "processors/money.h"
#include "processors/time.h"

namespace crm {

// An inclusive range of RFM scores, 1..5.
struct ScoreRange {
  int min = 1;
  int max = 5;
  bool contains(int score) const { return score >= min && score <= max; }
};

// One RFM segment rule; the first rule whose three ranges all hold wins.
struct SegmentRule {
  std::string name;
  ScoreRange r;
  ScoreRange f;
  ScoreRange m;
};

// The common R x F grid of semantics.md.
std::vector<SegmentRule> default_segment_rules();

enum class RfmScoring : std::uint8_t { kStatic, kQuantile };

struct RfmConfig {
  std::int64_t window_days = 365;  // 0 = lifetime
  RfmScoring scoring = RfmScoring::kStatic;
  // Static thresholds, ascending. R = 5 - #{t < recency_days}; F, M = 1 + #{t <= value}.
  std::array<std::int64_t, 4> recency_days = {30, 90, 180, 365};
  std::array<std::int64_t, 4> frequency = {2, 3, 5, 8};
  std::array<Money, 4> monetary = {100 * kMoneyScale, 300 * kMoneyScale, 1000 * kMoneyScale,
                                   3000 * kMoneyScale};
  TimeMs quantile_refresh = kHourMs;
  std::vector<SegmentRule> segments = default_segment_rules();
};

struct LifecycleConfig {
  double default_interval_days = 30;
  double at_risk_factor = 2.0;
  double at_risk_min_days = 30;
  double at_risk_max_days = 180;
  double churn_factor = 4.0;
  double churn_min_days = 90;
  double churn_max_days = 365;
  std::int64_t loyal_min_orders = 4;
};

struct TriggersConfig {
  TimeMs cart_abandoned_after = kHourMs;
  TimeMs unpaid_after = 30 * kMinuteMs;
};

struct ExperimentConfig {
  std::string name;
  std::string salt;
  double holdout_percent = 0;  // 0..100
};

struct ModelConfig {
  RfmConfig rfm;
  LifecycleConfig lifecycle;
  TriggersConfig triggers;
  std::vector<ExperimentConfig> experiments;
  TimeMs day_offset = 0;  // time.day_offset: the visit day is the UTC day shifted by this
  TimeMs dedupe_retention = 7 * kDayMs;
  TimeMs visitor_retention = 180 * kDayMs;
};

}  // namespace crm
