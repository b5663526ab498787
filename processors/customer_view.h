// What a profile *is* at a clock instant: RFM, segment, tier, lifecycle stage, churn risk
// and KPI memberships (semantics.md). Derived, never stored; evaluate() computes it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "processors/money.h"
#include "processors/time.h"

namespace crm {

enum class LifecycleStage : std::uint8_t {
  kVisitor,
  kReturningVisitor,
  kRegistered,
  kFirstPurchase,
  kRepeat,
  kLoyal,
  kAtRisk,
  kChurned,
};
inline constexpr int kLifecycleStageCount = 8;
std::string_view to_string(LifecycleStage stage);  // "visitor", ..., "first_purchase", ...

enum class ValueTier : std::uint8_t { kLow, kMedium, kHigh };
inline constexpr int kValueTierCount = 3;
std::string_view to_string(ValueTier tier);

enum class ChurnLevel : std::uint8_t { kLow, kMedium, kHigh, kChurned };
inline constexpr int kChurnLevelCount = 4;
std::string_view to_string(ChurnLevel level);

// Thresholds t1..t4 per RFM input, ascending. `strict` is the quantile rule
// (F = 1 + #{t < f}); static scoring counts t <= f. Recency: R = 5 - #{t < recency_days}.
struct RfmThresholds {
  std::array<std::int64_t, 4> recency_days{};
  std::array<std::int64_t, 4> frequency{};
  std::array<Money, 4> monetary{};
  bool strict = false;
  friend bool operator==(const RfmThresholds&, const RfmThresholds&) = default;
};

struct RfmView {
  int r = 1;
  int f = 1;
  int m = 1;
  std::int64_t recency_days = 0;
  std::int64_t frequency = 0;  // purchases in the window
  Money monetary = 0;          // their values
  int segment = 0;             // index into RfmConfig::segments
  ValueTier tier = ValueTier::kLow;
};

struct ChurnView {
  ChurnLevel level = ChurnLevel::kLow;
  double score = 0;  // min(1, d / churned_after), unrounded
  std::int64_t days_since_last_purchase = 0;
  double expected_interval_days = 0;
  double at_risk_after_days = 0;
  double churned_after_days = 0;
};

// Memberships behind the KPI counts (semantics.md "KPIs").
struct KpiMembership {
  bool buyer = false;                   // P >= 1
  bool repeat_buyer = false;            // P >= 2
  bool second_purchase_cohort = false;  // first purchase 90..365 days old
  bool second_within_90_days = false;   // ... and the second came within 90 days of the first
  friend bool operator==(const KpiMembership&, const KpiMembership&) = default;
};

struct CustomerView {
  LifecycleStage lifecycle = LifecycleStage::kVisitor;
  std::int64_t purchases = 0;  // P
  Money monetary_lifetime = 0;
  std::optional<TimeMs> first_purchase;
  std::optional<TimeMs> last_purchase;
  std::optional<RfmView> rfm;      // buyers only
  std::optional<ChurnView> churn;  // buyers only
  KpiMembership kpi;
};

}  // namespace crm
