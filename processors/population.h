// Population and KPI count deltas (semantics.md "KPIs"): how the gauges kept in the state store
// move when a profile's published classification or KPI membership changes, overall and per
// experiment variant, and the lifecycle transitions the at-risk return and churned reactivation
// rates count. Deltas, not totals: state/ adds them to its counts in the same write batch.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "processors/change.h"
#include "processors/customer_view.h"
#include "processors/experiments.h"
#include "processors/model_config.h"
#include "processors/profile.h"

namespace crm {

// One family of gauges. The first four count profiles per published value (named in
// PopulationCount::value); the memberships count profiles in them (value empty).
enum class PopulationGauge : std::uint8_t {
  kLifecycle,
  kRfmSegment,
  kValueTier,
  kChurnRisk,
  kBuyers,                // P >= 1: the repeat-purchase rate's denominator
  kRepeatBuyers,          // P >= 2: its numerator
  kSecondPurchaseCohort,  // first purchase 90..365 days old: the second-purchase rate's denominator
  kSecondWithin90Days,    // ... whose second purchase came within 90 days: its numerator
};
std::string_view to_string(PopulationGauge gauge);  // "lifecycle", ..., "second_within_90_days"

// The values one of the first four gauges can count, in the model's order: every lifecycle stage,
// configured segment name, value tier or churn level. Empty for a membership.
std::vector<std::string> known_values(PopulationGauge gauge, const ModelConfig& config);

// Slice of a count: every profile (experiment = kAllProfiles) or one variant of one experiment.
// Visitors have no customer_id, hence no variant: they count in the overall slice only.
inline constexpr int kAllProfiles = -1;

struct PopulationCount {
  PopulationGauge gauge = PopulationGauge::kLifecycle;
  std::string value;              // the stage, segment, tier or level; empty for memberships
  int experiment = kAllProfiles;  // index into ModelConfig::experiments
  Variant variant = Variant::kTreatment;  // meaningful when experiment >= 0
  std::int64_t delta = 0;
};

// Net count changes; a key appears at most once and never with a zero delta. Reused across
// steps: clear() keeps the capacity.
class PopulationDelta {
 public:
  void clear() { counts_.clear(); }
  bool empty() const { return counts_.empty(); }
  const std::vector<PopulationCount>& counts() const { return counts_; }

  void add(PopulationGauge gauge, std::string_view value, int experiment, Variant variant,
           std::int64_t delta);
  // The net delta of one key (0 when absent).
  std::int64_t get(PopulationGauge gauge, std::string_view value, int experiment = kAllProfiles,
                   Variant variant = Variant::kTreatment) const;

 private:
  std::vector<PopulationCount> counts_;
};

// Counts a profile moving from what it was counted as (from, from_kpi) to what it is now
// (to, to_kpi): -1 for each old value, +1 for each new one, for each dimension and membership
// that differs, overall and, when customer_id is not empty, per experiment variant. A profile
// appearing passes empty `from`s; one disappearing empty `to`s.
void count_change(PopulationDelta& delta, const PublishedClassification& from,
                  const KpiMembership& from_kpi, const PublishedClassification& to,
                  const KpiMembership& to_kpi, std::string_view customer_id,
                  const ModelConfig& config);

// Removes what a profile is counted as (profile.published, profile.counted_kpi): a visitor
// merged into a customer, an expired visitor, an erased customer.
void count_removal(PopulationDelta& delta, const Profile& profile, const ModelConfig& config);

enum class KpiTransitionKind : std::uint8_t {
  kIntoAtRisk,              // the at-risk return rate's denominator
  kIntoChurned,             // the reactivation rate's denominator
  kReturnedFromAtRisk,      // out of at_risk by a purchase (a win-back)
  kReactivatedFromChurned,  // out of churned by a purchase (a win-back)
};
std::string_view to_string(KpiTransitionKind kind);

// One lifecycle transition for the windowed rates, bucketed by the UTC day of its instant.
struct KpiTransition {
  KpiTransitionKind kind = KpiTransitionKind::kIntoAtRisk;
  std::int64_t day = 0;  // whole_days(ts): the daily bucket of clock time
  int experiment = kAllProfiles;
  Variant variant = Variant::kTreatment;
  friend bool operator==(const KpiTransition&, const KpiTransition&) = default;
};

// Appends the transitions a lifecycle change at `ts` makes, overall and per experiment variant.
// Into at_risk or churned by any cause; out of them only when `lifecycle.win_back` (a purchase),
// since a refund or time moving a customer on is not a return.
void record_kpi_transitions(std::vector<KpiTransition>& out, const DimensionChange& lifecycle,
                            TimeMs ts, std::string_view customer_id, const ModelConfig& config);

}  // namespace crm
