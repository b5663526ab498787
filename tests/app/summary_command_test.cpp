// `crmstream export --summary`: the counts of every task added up, populations and KPI
// numerators / denominators, overall and per experiment variant, the windowed ones over the
// 90 days up to the latest task clock.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "processors/experiments.h"
#include "tests/app/shop_state.h"

namespace crm {
namespace {

using test::run_crmstream;
using test::ShopState;

// Task 2: c20 buys on 2025-06-01, turns at_risk on 2025-08-01 and churned on 2025-09-30 (both
// before the window), and is reactivated by a purchase on 2026-02-01 (inside it).
const std::vector<std::string> kTask2Events = {
    R"({"event_id":"g1","type":"order_paid","ts":"2025-06-01T00:00:00Z","customer_id":"c20","order_id":"o20","amount":"100"})",
    R"({"event_id":"g2","type":"page_view","ts":"2025-09-01T00:00:00Z","anonymous_id":"a20"})",
    R"({"event_id":"g3","type":"order_paid","ts":"2026-02-01T00:00:00Z","customer_id":"c20","order_id":"o21","amount":"50"})",
};

constexpr std::string_view kExperiment =
    "experiments:\n  - {name: winback, salt: q3, holdout_percent: 50}\n";

// What each customer is counted as at its task's last step.
struct Customer {
  std::string id;
  std::string lifecycle;
  bool buyer;
  bool repeat_buyer;
  bool cohort;  // first purchase 90..365 days old
  int into_at_risk_in_window;
  int reactivated_in_window;
};

const std::vector<Customer> kCustomers = {
    {"c1", "repeat", true, true, false, 0, 0},
    {"c2", "first_purchase", true, false, false, 0, 0},
    {"c3", "registered", false, false, false, 0, 0},
    {"c15", "at_risk", true, false, true, 1, 0},  // at_risk on 2026-03-03
    {"c20", "repeat", true, true, true, 0, 1},
};

struct Expected {
  int lifecycle_repeat = 0, first_purchase = 0, registered = 0, at_risk = 0, visitor = 0;
  int buyers = 0, repeat_buyers = 0, cohort = 0, into_at_risk = 0, reactivated = 0;
};

Expected expected_for(const std::optional<Variant>& variant, const ModelConfig& model) {
  Expected e;
  for (const Customer& c : kCustomers) {
    if (variant && variant_of(model.experiments[0], c.id) != *variant) continue;
    e.lifecycle_repeat += c.lifecycle == "repeat";
    e.first_purchase += c.lifecycle == "first_purchase";
    e.registered += c.lifecycle == "registered";
    e.at_risk += c.lifecycle == "at_risk";
    e.buyers += c.buyer;
    e.repeat_buyers += c.repeat_buyer;
    e.cohort += c.cohort;
    e.into_at_risk += c.into_at_risk_in_window;
    e.reactivated += c.reactivated_in_window;
  }
  if (!variant) e.visitor = 3;  // a2, a10, a20: visitors have no variant
  return e;
}

std::string slice_json(const Expected& e) {
  const auto n = [](int v) { return std::to_string(v); };
  return R"("populations":{"lifecycle":{"visitor":)" + n(e.visitor) +
         R"(,"returning_visitor":0,"registered":)" + n(e.registered) + R"(,"first_purchase":)" +
         n(e.first_purchase) + R"(,"repeat":)" + n(e.lifecycle_repeat) +
         R"(,"loyal":0,"at_risk":)" + n(e.at_risk) + R"(,"churned":0},)" + R"("rfm_segment":{)";
}

std::string kpis_json(const Expected& e) {
  const auto n = [](int v) { return std::to_string(v); };
  return R"("kpis":{"repeat_purchase":{"numerator":)" + n(e.repeat_buyers) + R"(,"denominator":)" +
         n(e.buyers) + R"(},"second_purchase":{"numerator":0,"denominator":)" + n(e.cohort) +
         R"(},"at_risk_return":{"numerator":0,"denominator":)" + n(e.into_at_risk) +
         R"(},"churned_reactivation":{"numerator":)" + n(e.reactivated) + R"(,"denominator":0}})";
}

TEST(SummaryCommand, AddsUpEveryTasksCountsOverallAndPerVariant) {
  ShopState shop{std::string(kExperiment)};
  shop.build();
  {
    const auto store = shop.open();
    ASSERT_TRUE(store);
    shop.apply(*store, 2, kTask2Events);
    ASSERT_TRUE(store->close().is_ok());
  }
  const auto run = run_crmstream({"export", "--config", shop.config_path(), "--summary"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string& out = run.out;
  // The window ends on the day of the latest clock (task 1's, 2026-04-11).
  EXPECT_TRUE(out.starts_with(R"({"tasks":3,"clock":"2026-04-11T08:00:00.000Z",)"
                              R"("window":{"days":90,"first_day":"2026-01-12",)"
                              R"("last_day":"2026-04-11"},)"))
      << out;

  const ModelConfig model = shop.config().model();
  const Expected overall = expected_for(std::nullopt, model);
  EXPECT_EQ(overall.buyers, 4);
  EXPECT_EQ(overall.repeat_buyers, 2);
  EXPECT_NE(out.find(slice_json(overall)), std::string::npos) << out;
  EXPECT_NE(out.find(kpis_json(overall)), std::string::npos) << out;
  // M: c2 30 -> 1 (low); c1 150.5, c15 250, c20 150 -> 2 (medium). Churn: c1 20 days after a
  // 10-day interval (medium), c2 and c20 within theirs (low), c15 past at_risk_after (high).
  EXPECT_NE(out.find(R"("value_tier":{"low":1,"medium":3,"high":0},)"
                     R"("churn_risk":{"low":2,"medium":1,"high":1,"churned":0}})"),
            std::string::npos)
      << out;

  for (const Variant variant : {Variant::kHoldout, Variant::kTreatment}) {
    const Expected e = expected_for(variant, model);
    EXPECT_GE(e.buyers, 2) << "the salt should split the buyers between the variants";
    const std::string prefix = "\"" + std::string(to_string(variant)) + "\":{";
    const std::size_t at = out.find(prefix, out.find(R"("experiments":{"winback":{)"));
    ASSERT_NE(at, std::string::npos) << out;
    EXPECT_EQ(out.compare(at + prefix.size(), slice_json(e).size(), slice_json(e)), 0)
        << to_string(variant) << ": " << out.substr(at);
    EXPECT_NE(out.find(kpis_json(e), at), std::string::npos) << to_string(variant) << ": " << out;
  }
}

TEST(SummaryCommand, EmptyStateHasNoClockAndZeroCounts) {
  ShopState shop;
  {
    const auto store = shop.open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->close().is_ok());
  }
  const auto run = run_crmstream({"export", "--config", shop.config_path(), "--summary"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with(R"({"tasks":0,"clock":null,"window":null,)")) << run.out;
  EXPECT_NE(run.out.find(R"("repeat_purchase":{"numerator":0,"denominator":0})"),
            std::string::npos);
  EXPECT_TRUE(run.out.ends_with(R"("experiments":{}})"
                                "\n"));
}

TEST(SummaryCommand, WhereDoesNotApplyToTheSummary) {
  ShopState shop;
  shop.build();
  const auto run = run_crmstream(
      {"export", "--config", shop.config_path(), "--summary", "--where", "lifecycle=repeat"});
  EXPECT_EQ(run.exit_code, 2);
}

}  // namespace
}  // namespace crm
