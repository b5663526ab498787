// evaluate() and classify() end to end: the outputs.md examples, non-buyers, the window,
// quantile scoring, and the KPI memberships at their day edges.
#include "processors/evaluate.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/processors/profile_builders.h"

namespace crm {
namespace {

using test::customer;
using test::utc;

CustomerView eval(const Profile& p, TimeMs now, const ModelConfig& config = {}) {
  return evaluate(p, now, config, static_thresholds(config.rfm));
}

// outputs.md: three purchases, the last 2026-10-04T10:00Z, 48 days after the first,
// monetary 1280.5.
Profile outputs_example() {
  const TimeMs last = utc(2026, 10, 4, 10);
  return customer(
      {{last - 48 * kDayMs, 4'000'000}, {last - 20 * kDayMs, 3'805'000}, {last, 5'000'000}});
}

TEST(Evaluate, OutputsSegmentChangeExample) {
  const ModelConfig config;
  const TimeMs now = utc(2026, 11, 22, 10);
  ASSERT_EQ(now, 1'795'341'600'000);  // the event id's t<instant ms>
  const CustomerView view = eval(outputs_example(), now);
  EXPECT_EQ(view.lifecycle, LifecycleStage::kAtRisk);
  EXPECT_EQ(view.purchases, 3);
  EXPECT_EQ(view.monetary_lifetime, 12'805'000);
  ASSERT_TRUE(view.rfm && view.churn);
  EXPECT_EQ(view.rfm->r, 4);
  EXPECT_EQ(view.rfm->f, 3);
  EXPECT_EQ(view.rfm->m, 4);
  EXPECT_EQ(view.rfm->recency_days, 49);
  EXPECT_EQ(view.rfm->frequency, 3);
  EXPECT_EQ(view.rfm->monetary, 12'805'000);
  EXPECT_EQ(view.churn->level, ChurnLevel::kHigh);
  EXPECT_EQ(view.churn->days_since_last_purchase, 49);
  EXPECT_EQ(view.churn->expected_interval_days, 24.0);
  EXPECT_EQ(view.churn->at_risk_after_days, 48.0);
  EXPECT_EQ(view.churn->churned_after_days, 96.0);
  EXPECT_DOUBLE_EQ(view.churn->score, 49.0 / 96.0);
  EXPECT_NEAR(view.churn->score, 0.5104, 1e-4);

  const PublishedClassification published = classify(view, config);
  EXPECT_EQ(published.lifecycle, "at_risk");
  EXPECT_EQ(published.rfm_segment, "potential_loyalists");
  EXPECT_EQ(published.value_tier, "high");
  EXPECT_EQ(published.churn_risk, "high");

  // One millisecond earlier d is 48: not yet at risk, churn still medium.
  const CustomerView before = eval(outputs_example(), now - 1);
  EXPECT_EQ(before.lifecycle, LifecycleStage::kRepeat);
  EXPECT_EQ(before.churn->level, ChurnLevel::kMedium);
  EXPECT_EQ(before.rfm->recency_days, 48);
}

TEST(Evaluate, OutputsExportExample) {
  // Three purchases 43 days apart end to end, 512.3 in all, seen 40 days after the last.
  const TimeMs last = utc(2026, 6, 1, 9);
  const Profile p = customer(
      {{last - 43 * kDayMs, 1'000'000}, {last - 10 * kDayMs, 2'000'000}, {last, 2'123'000}});
  const ModelConfig config;
  const CustomerView view = eval(p, last + 40 * kDayMs + 5 * kHourMs);
  EXPECT_EQ(view.lifecycle, LifecycleStage::kRepeat);
  EXPECT_EQ(view.rfm->r, 4);
  EXPECT_EQ(view.rfm->f, 3);
  EXPECT_EQ(view.rfm->m, 3);
  EXPECT_EQ(view.rfm->tier, ValueTier::kMedium);
  EXPECT_EQ(view.churn->expected_interval_days, 21.5);
  EXPECT_EQ(view.churn->at_risk_after_days, 43.0);
  EXPECT_EQ(view.churn->churned_after_days, 90.0);
  EXPECT_EQ(view.churn->level, ChurnLevel::kMedium);
  EXPECT_NEAR(view.churn->score, 0.444, 5e-4);
  EXPECT_EQ(classify(view, config).rfm_segment, "potential_loyalists");
  EXPECT_EQ(view.first_purchase, last - 43 * kDayMs);
  EXPECT_EQ(view.last_purchase, last);
}

TEST(Evaluate, NonBuyers) {
  const ModelConfig config;
  const struct {
    const char* name;
    std::string customer_id;
    int visits;
    const char* lifecycle;
  } cases[] = {
      {"anonymous, one visit", "", 1, "visitor"},
      {"anonymous, two visits", "", 2, "returning_visitor"},
      {"registered", "c-1", 0, "registered"},
      {"registered with visits", "c-1", 5, "registered"},
  };
  for (const auto& c : cases) {
    Profile p;
    p.customer_id = c.customer_id;
    if (c.customer_id.empty()) p.anonymous_id = "a-1";
    for (int i = 0; i < c.visits; ++i) p.visit_hashes.push_back(static_cast<std::uint64_t>(i));
    const CustomerView view = eval(p, utc(2026, 1, 1));
    EXPECT_FALSE(view.rfm) << c.name;
    EXPECT_FALSE(view.churn) << c.name;
    EXPECT_FALSE(view.first_purchase) << c.name;
    EXPECT_EQ(view.kpi, KpiMembership{}) << c.name;
    const PublishedClassification published = classify(view, config);
    EXPECT_EQ(published.lifecycle, c.lifecycle) << c.name;
    EXPECT_FALSE(published.rfm_segment) << c.name;
    EXPECT_FALSE(published.value_tier) << c.name;
    EXPECT_FALSE(published.churn_risk) << c.name;
  }
}

TEST(Evaluate, BuyerWithNothingInWindowKeepsRSegmentAndTier) {
  const TimeMs paid = utc(2024, 1, 1);
  const Profile p = customer({{paid, 5'000 * kMoneyScale}});
  const ModelConfig config;
  const CustomerView view = eval(p, paid + 400 * kDayMs);
  EXPECT_EQ(view.rfm->frequency, 0);
  EXPECT_EQ(view.rfm->monetary, 0);
  EXPECT_EQ(view.rfm->r, 1);
  EXPECT_EQ(view.rfm->f, 1);
  EXPECT_EQ(view.rfm->m, 1);
  EXPECT_EQ(view.monetary_lifetime, 5'000 * kMoneyScale);
  const PublishedClassification published = classify(view, config);
  EXPECT_EQ(published.rfm_segment, "hibernating");
  EXPECT_EQ(published.value_tier, "low");
  EXPECT_EQ(published.lifecycle, "churned");
  EXPECT_EQ(published.churn_risk, "churned");
}

TEST(Evaluate, LoyalNeedsFourPurchasesInTheWindow) {
  // Five purchases 10 days apart; a 30-day window holds the last three, then four of them.
  ModelConfig config;
  config.rfm.window_days = 30;
  std::vector<Purchase> purchases;
  const TimeMs first = utc(2026, 3, 1);
  for (int i = 0; i < 5; ++i) purchases.push_back({first + i * 10 * kDayMs, kMoneyScale});
  const Profile p = customer(purchases);
  const TimeMs last = purchases.back().paid_at;
  // At the last purchase, the second is exactly 30 days old: out, leaving three.
  EXPECT_EQ(eval(p, last, config).rfm->frequency, 3);
  EXPECT_EQ(eval(p, last, config).lifecycle, LifecycleStage::kRepeat);
  config.rfm.window_days = 31;
  EXPECT_EQ(eval(p, last, config).rfm->frequency, 4);
  EXPECT_EQ(eval(p, last, config).lifecycle, LifecycleStage::kLoyal);
  // The second purchase is exactly 31 days old a day later: back to repeat.
  EXPECT_EQ(eval(p, last + kDayMs - 1, config).lifecycle, LifecycleStage::kLoyal);
  EXPECT_EQ(eval(p, last + kDayMs, config).lifecycle, LifecycleStage::kRepeat);
  config.rfm.window_days = 0;  // lifetime
  EXPECT_EQ(eval(p, last + 5 * kDayMs, config).rfm->frequency, 5);
}

TEST(Evaluate, RecencyDay30Versus31) {
  const TimeMs paid = utc(2026, 1, 1, 12);
  const Profile p = customer({{paid, kMoneyScale}});
  EXPECT_EQ(eval(p, paid + 31 * kDayMs - 1).rfm->r, 5);  // 30 days and 23:59:59.999
  EXPECT_EQ(eval(p, paid + 31 * kDayMs).rfm->r, 4);
  EXPECT_EQ(eval(p, paid + 31 * kDayMs).rfm->recency_days, 31);
}

TEST(Evaluate, PurchaseAheadOfTheClock) {
  // A wall clock behind the producer's: the purchase counts for P and recency (d = 0, not -1)
  // but enters the window only at its paid_at.
  const TimeMs paid = utc(2026, 1, 1, 12);
  const Profile p = customer({{paid, 200 * kMoneyScale}});
  const CustomerView view = eval(p, paid - kHourMs);
  EXPECT_EQ(view.purchases, 1);
  EXPECT_EQ(view.rfm->recency_days, 0);
  EXPECT_EQ(view.rfm->frequency, 0);
  EXPECT_EQ(view.churn->score, 0.0);
  EXPECT_EQ(view.lifecycle, LifecycleStage::kFirstPurchase);
  EXPECT_EQ(eval(p, paid).rfm->frequency, 1);
}

TEST(Evaluate, QuantileThresholdsAreStrict) {
  RfmThresholds quantile;
  quantile.recency_days = {3, 10, 40, 100};
  quantile.frequency = {1, 1, 1, 2};
  quantile.monetary = {50 * kMoneyScale, 80 * kMoneyScale, 120 * kMoneyScale, 400 * kMoneyScale};
  quantile.strict = true;
  const ModelConfig config;
  const TimeMs paid = utc(2026, 2, 1);
  const Profile once = customer({{paid, 80 * kMoneyScale}});
  const CustomerView v = evaluate(once, paid + 3 * kDayMs, config, quantile);
  EXPECT_EQ(v.rfm->r, 5);  // 3 days: not above t1 = 3
  EXPECT_EQ(v.rfm->f, 1);  // bought once, as most did
  EXPECT_EQ(v.rfm->m, 2);  // 80 is above 50 only
  EXPECT_EQ(evaluate(once, paid + 4 * kDayMs, config, quantile).rfm->r, 4);
  // Static scoring of the same values differs: F counts t <= f.
  RfmThresholds loose = quantile;
  loose.strict = false;
  EXPECT_EQ(evaluate(once, paid + 3 * kDayMs, config, loose).rfm->f, 4);
}

TEST(Evaluate, KpiCohortEdges) {
  const TimeMs first = utc(2025, 1, 10, 8);
  const struct {
    const char* name;
    TimeMs second_after;  // 0: no second purchase
    TimeMs age;
    KpiMembership kpi;
  } cases[] = {
      {"89 days old", 0, 90 * kDayMs - 1, {true, false, false, false}},
      {"90 days old", 0, 90 * kDayMs, {true, false, true, false}},
      {"365 days old", 0, 366 * kDayMs - 1, {true, false, true, false}},
      {"366 days old", 0, 366 * kDayMs, {true, false, false, false}},
      {"second at 90 days", 90 * kDayMs, 200 * kDayMs, {true, true, true, true}},
      {"second at 90 days 23h", 91 * kDayMs - 1, 200 * kDayMs, {true, true, true, true}},
      {"second at 91 days", 91 * kDayMs, 200 * kDayMs, {true, true, true, false}},
      {"second quick, cohort not yet", kDayMs, 89 * kDayMs, {true, true, false, false}},
      {"second quick, cohort over", kDayMs, 400 * kDayMs, {true, true, false, false}},
  };
  for (const auto& c : cases) {
    std::vector<Purchase> purchases = {{first, kMoneyScale}};
    if (c.second_after > 0) purchases.push_back({first + c.second_after, kMoneyScale});
    EXPECT_EQ(eval(customer(purchases), first + c.age).kpi, c.kpi) << c.name;
  }
}

TEST(StaticThresholds, CopyConfigNotStrict) {
  RfmConfig rfm;
  rfm.recency_days = {1, 2, 3, 4};
  rfm.frequency = {5, 6, 7, 8};
  rfm.monetary = {9, 10, 11, 12};
  const RfmThresholds t = static_thresholds(rfm);
  EXPECT_EQ(t.recency_days, rfm.recency_days);
  EXPECT_EQ(t.frequency, rfm.frequency);
  EXPECT_EQ(t.monetary, rfm.monetary);
  EXPECT_FALSE(t.strict);
}

TEST(Classify, NamesEveryDimension) {
  ModelConfig config;
  CustomerView view;
  view.lifecycle = LifecycleStage::kLoyal;
  view.rfm = RfmView{};
  view.rfm->segment = 0;
  view.rfm->tier = ValueTier::kMedium;
  view.churn = ChurnView{};
  view.churn->level = ChurnLevel::kChurned;
  PublishedClassification p = classify(view, config);
  EXPECT_EQ(p.lifecycle, "loyal");
  EXPECT_EQ(p.rfm_segment, "champions");
  EXPECT_EQ(p.value_tier, "medium");
  EXPECT_EQ(p.churn_risk, "churned");
  view.rfm->segment = -1;  // no rule matched
  EXPECT_FALSE(classify(view, config).rfm_segment);
  view.rfm->segment = 99;  // rules changed under the view
  EXPECT_FALSE(classify(view, config).rfm_segment);
}

TEST(ToString, PublishedNames) {
  const char* stages[] = {"visitor", "returning_visitor", "registered", "first_purchase", "repeat",
                          "loyal",   "at_risk",           "churned"};
  for (int i = 0; i < kLifecycleStageCount; ++i) {
    EXPECT_EQ(to_string(static_cast<LifecycleStage>(i)), stages[i]);
  }
  const char* tiers[] = {"low", "medium", "high"};
  for (int i = 0; i < kValueTierCount; ++i) {
    EXPECT_EQ(to_string(static_cast<ValueTier>(i)), tiers[i]);
  }
  const char* levels[] = {"low", "medium", "high", "churned"};
  for (int i = 0; i < kChurnLevelCount; ++i) {
    EXPECT_EQ(to_string(static_cast<ChurnLevel>(i)), levels[i]);
  }
}

}  // namespace
}  // namespace crm
