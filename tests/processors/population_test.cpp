// Population and KPI count deltas: what moves when a profile's classification changes.
#include "processors/population.h"

#include <gtest/gtest.h>

namespace crm {
namespace {

PublishedClassification classification(const char* lifecycle, const char* segment = nullptr,
                                       const char* tier = nullptr, const char* churn = nullptr) {
  PublishedClassification c;
  if (lifecycle) c.lifecycle = lifecycle;
  if (segment) c.rfm_segment = segment;
  if (tier) c.value_tier = tier;
  if (churn) c.churn_risk = churn;
  return c;
}

ModelConfig with_experiment() {
  ModelConfig config;
  config.experiments.push_back({"winback-q4", "salt-1", 50});
  return config;
}

TEST(Population, DeltaNetsAndDropsZeros) {
  PopulationDelta delta;
  delta.add(PopulationGauge::kLifecycle, "visitor", kAllProfiles, Variant::kTreatment, -1);
  delta.add(PopulationGauge::kLifecycle, "registered", kAllProfiles, Variant::kTreatment, +1);
  delta.add(PopulationGauge::kLifecycle, "visitor", kAllProfiles, Variant::kTreatment, +1);
  ASSERT_EQ(delta.counts().size(), 1u);
  EXPECT_EQ(delta.get(PopulationGauge::kLifecycle, "registered"), 1);
  EXPECT_EQ(delta.get(PopulationGauge::kLifecycle, "visitor"), 0);
  delta.add(PopulationGauge::kLifecycle, "registered", 0, Variant::kHoldout, 1);
  EXPECT_EQ(delta.get(PopulationGauge::kLifecycle, "registered", 0, Variant::kHoldout), 1);
  EXPECT_EQ(delta.get(PopulationGauge::kLifecycle, "registered", 0, Variant::kTreatment), 0);
  delta.clear();
  EXPECT_TRUE(delta.empty());
}

TEST(Population, ChangeCountsOnlyWhatDiffers) {
  const ModelConfig config = with_experiment();
  const Variant variant = variant_of(config.experiments[0], "c1");
  PopulationDelta delta;
  KpiMembership before;
  KpiMembership after;
  after.buyer = true;
  count_change(delta, classification("registered"), before,
               classification("first_purchase", "new_customers", "low", "low"), after, "c1",
               config);
  struct Expect {
    PopulationGauge gauge;
    const char* value;
    std::int64_t delta;
  };
  const Expect expected[] = {
      {PopulationGauge::kLifecycle, "registered", -1},
      {PopulationGauge::kLifecycle, "first_purchase", +1},
      {PopulationGauge::kRfmSegment, "new_customers", +1},
      {PopulationGauge::kValueTier, "low", +1},
      {PopulationGauge::kChurnRisk, "low", +1},
      {PopulationGauge::kBuyers, "", +1},
      {PopulationGauge::kRepeatBuyers, "", 0},
  };
  for (const Expect& e : expected) {
    EXPECT_EQ(delta.get(e.gauge, e.value), e.delta) << to_string(e.gauge) << " " << e.value;
    EXPECT_EQ(delta.get(e.gauge, e.value, 0, variant), e.delta) << to_string(e.gauge);
  }
  // 6 keys overall, the same 6 in the customer's variant, none in the other.
  EXPECT_EQ(delta.counts().size(), 12u);
}

TEST(Population, VisitorsCountOverallOnly) {
  const ModelConfig config = with_experiment();
  PopulationDelta delta;
  count_change(delta, {}, {}, classification("visitor"), {}, "", config);
  ASSERT_EQ(delta.counts().size(), 1u);
  EXPECT_EQ(delta.get(PopulationGauge::kLifecycle, "visitor"), 1);
}

TEST(Population, RemovalTakesBackWhatWasCounted) {
  const ModelConfig config;
  Profile profile;
  profile.customer_id = "c1";
  profile.published = classification("repeat", "champions", "high", "low");
  profile.counted_kpi.buyer = true;
  profile.counted_kpi.repeat_buyer = true;
  PopulationDelta delta;
  count_removal(delta, profile, config);
  EXPECT_EQ(delta.get(PopulationGauge::kLifecycle, "repeat"), -1);
  EXPECT_EQ(delta.get(PopulationGauge::kRfmSegment, "champions"), -1);
  EXPECT_EQ(delta.get(PopulationGauge::kValueTier, "high"), -1);
  EXPECT_EQ(delta.get(PopulationGauge::kChurnRisk, "low"), -1);
  EXPECT_EQ(delta.get(PopulationGauge::kBuyers, ""), -1);
  EXPECT_EQ(delta.get(PopulationGauge::kRepeatBuyers, ""), -1);
  EXPECT_EQ(delta.counts().size(), 6u);
}

struct TransitionCase {
  const char* name;
  const char* from;
  const char* to;
  bool win_back;
  std::vector<KpiTransitionKind> kinds;
};

TEST(Population, KpiTransitionsOfLifecycleChanges) {
  const std::vector<TransitionCase> cases = {
      {"into_at_risk", "repeat", "at_risk", false, {KpiTransitionKind::kIntoAtRisk}},
      {"into_churned", "at_risk", "churned", false, {KpiTransitionKind::kIntoChurned}},
      {"returned", "at_risk", "repeat", true, {KpiTransitionKind::kReturnedFromAtRisk}},
      {"reactivated", "churned", "repeat", true, {KpiTransitionKind::kReactivatedFromChurned}},
      {"refunded_out_of_at_risk", "at_risk", "registered", false, {}},
      {"ordinary", "first_purchase", "repeat", false, {}},
  };
  const ModelConfig config = with_experiment();
  const Variant variant = variant_of(config.experiments[0], "c1");
  const TimeMs ts = 20'000 * kDayMs + 5 * kHourMs;
  for (const TransitionCase& c : cases) {
    DimensionChange change{Dimension::kLifecycle, c.from, c.to, c.win_back};
    std::vector<KpiTransition> out;
    record_kpi_transitions(out, change, ts, "c1", config);
    std::vector<KpiTransition> expected;
    for (KpiTransitionKind kind : c.kinds) expected.push_back({kind, 20'000, kAllProfiles});
    for (KpiTransitionKind kind : c.kinds) expected.push_back({kind, 20'000, 0, variant});
    EXPECT_EQ(out, expected) << c.name;
  }
}

}  // namespace
}  // namespace crm
