// semantics.md "rfm.scoring: quantile": the task engine's rescoring pass at each whole multiple
// of rfm.quantile_refresh. Ten customers buy 1..10 times in the first hour; a visitor's click
// after the hour moves the clock over the boundary, so the pass at the boundary ranks them into
// quintiles, publishes the changes with cause rescore and stores the thresholds, which a
// restarted engine and the export use.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "pipeline/profile_export.h"
#include "tests/pipeline/engine_harness.h"

namespace crm::test {
namespace {

constexpr TimeMs kT0 = 1767225600000;  // 2026-01-01T00:00:00Z, a whole hour
constexpr TimeMs kPass = kT0 + kHourMs;

std::string at_minute(TimeMs minute) {
  return std::to_string(kT0 + minute * kMinuteMs);
}

std::string customer(int i) {
  return (i < 10 ? "c0" : "c") + std::to_string(i);
}

// `count` purchases of 10 each by customer `i`, at minutes `start`, `start` + 1, ...
void buy(std::vector<std::string>& lines, int i, int count, TimeMs start, const char* amount) {
  for (int k = 0; k < count; ++k) {
    const std::string id = customer(i) + "-" + std::to_string(k);
    lines.push_back(R"({"event_id":")" + id + R"(","type":"order_paid","ts":)" +
                    at_minute(start + k) + R"(,"customer_id":")" + customer(i) +
                    R"(","order_id":"o-)" + id + R"(","amount":")" + amount + R"("})");
  }
}

std::string visitor_click(const std::string& id, TimeMs minute) {
  return R"({"event_id":")" + id + R"(","type":"page_view","ts":)" + at_minute(minute) +
         R"(,"anonymous_id":"v-)" + id + R"("})";
}

// Customer i buys counts[i - 1] times for 10 each, within the first hour.
std::vector<std::string> first_hour(const std::vector<int>& counts) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    buy(lines, static_cast<int>(i + 1), counts[i], static_cast<TimeMs>(5 * i), "10");
  }
  return lines;
}

std::vector<int> one_to_ten() {
  return {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
}

Config quantile() {
  Config config;
  config.rfm.scoring = RfmScoring::kQuantile;
  return config;
}

// The ids <customer>:<cause>:<what> whose cause is a rescore pass (r<instant>).
std::vector<std::string> rescores(const std::vector<std::string>& ids) {
  std::vector<std::string> kept;
  for (const std::string& id : ids) {
    const std::size_t cause = id.find(':') + 1;
    if (cause < id.size() && id[cause] == 'r') kept.push_back(id);
  }
  return kept;
}

// The value of an integer field of a compact JSON line (-1 when absent).
int int_field(const std::string& line, const std::string& name) {
  const std::string needle = "\"" + name + "\":";
  const std::size_t at = line.find(needle);
  return at == std::string::npos ? -1 : std::stoi(line.substr(at + needle.size()));
}

// customer_id -> "F M" of every exported customer, as crmstream export scores them.
std::map<std::string, std::string> exported_scores(EngineHarness& harness) {
  StoreOptions options;
  options.dir = harness.config().state.dir;
  options.memory_budget = harness.config().state.memory_budget;
  std::unique_ptr<StateStore> store;
  EXPECT_TRUE(StateStore::open(options, store).is_ok());
  const ModelConfig model = harness.config().model();
  const ProfileFilter filter(model);
  const FixedClock wall(0);
  std::ostringstream out;
  ExportStats stats;
  const Status status =
      export_profiles(*store, harness.config(), wall, filter, ExportFormat::kJsonl, out, stats);
  EXPECT_TRUE(status.is_ok()) << status.to_string();
  EXPECT_TRUE(store->close().is_ok());
  std::map<std::string, std::string> scores;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    if (json_field(line, "customer_id").empty()) continue;
    scores[json_field(line, "customer_id")] =
        std::to_string(int_field(line, "f")) + " " + std::to_string(int_field(line, "m"));
  }
  return scores;
}

TEST(QuantilePass, PassAtTheBoundaryRescoresIntoQuintiles) {
  EngineHarness harness(quantile());
  std::vector<std::string> lines = first_hour(one_to_ten());
  lines.push_back(visitor_click("k1", 61));
  harness.replay(lines);

  // Frequencies 1..10 and monetary 10..100 cut at 2/4/6/8 and 20/40/60/80: F = M = 1, 1, 2, 2,
  // 3, 3, 4, 4, 5, 5. Under the static thresholds F was 1, 2, 3, 3, 4, 4, 4, 5, 5, 5 and M 1
  // but for the 100 spent. Recency is 0 days for all: R stays 5.
  const std::string r = ":r" + std::to_string(kPass) + ":";
  const std::vector<std::string> expected = {
      "c02" + r + "rfm_segment",  // potential_loyalists (F2) -> new_customers (F1)
      "c03" + r + "value_tier",  "c04" + r + "value_tier",
      "c05" + r + "rfm_segment",  // champions (F4) -> potential_loyalists (F3)
      "c05" + r + "value_tier",  "c06" + r + "rfm_segment", "c06" + r + "value_tier",
      "c07" + r + "value_tier",  "c08" + r + "value_tier",  "c09" + r + "value_tier",
      "c10" + r + "value_tier",
  };
  EXPECT_EQ(rescores(harness.output_ids("crm.segment-changes")), expected);
  EXPECT_TRUE(rescores(harness.output_ids("crm.churn-risk")).empty());

  std::map<std::string, std::string> by_id;
  for (const std::string& line : harness.outputs("crm.segment-changes")) {
    by_id[json_field(line, "event_id")] = line;
  }
  const std::string& c02 = by_id["c02" + r + "rfm_segment"];
  EXPECT_EQ(json_field(c02, "from"), "potential_loyalists");
  EXPECT_EQ(json_field(c02, "to"), "new_customers");
  EXPECT_EQ(json_field(c02, "ts"), "2026-01-01T01:00:00.000Z");
  EXPECT_NE(c02.find(R"("cause":{"kind":"rescore"})"), std::string::npos);
  EXPECT_EQ(int_field(c02, "f"), 1);
  EXPECT_EQ(int_field(c02, "r"), 5);
  EXPECT_EQ(json_field(by_id["c05" + r + "rfm_segment"], "to"), "potential_loyalists");
  EXPECT_EQ(json_field(by_id["c04" + r + "value_tier"], "to"), "medium");
  EXPECT_EQ(json_field(by_id["c07" + r + "value_tier"], "to"), "high");
  EXPECT_EQ(json_field(by_id["c10" + r + "value_tier"], "from"), "medium");

  const std::map<std::string, std::string> expected_scores = {
      {"c01", "1 1"}, {"c02", "1 1"}, {"c03", "2 2"}, {"c04", "2 2"}, {"c05", "3 3"},
      {"c06", "3 3"}, {"c07", "4 4"}, {"c08", "4 4"}, {"c09", "5 5"}, {"c10", "5 5"},
  };
  EXPECT_EQ(exported_scores(harness), expected_scores);
}

TEST(QuantilePass, CustomersTiedAtTheBottomShareTheBottomScore) {
  EngineHarness harness(quantile());
  std::vector<std::string> lines = first_hour({1, 1, 1, 1, 1, 1, 2, 3, 4, 5});
  lines.push_back(visitor_click("k1", 61));
  harness.replay(lines);

  // Cuts 1, 1, 1, 3 (frequency) and 10, 10, 10, 30 (monetary): one-time buyers are F1 and M1,
  // not spread over F1..F4.
  const std::map<std::string, std::string> expected_scores = {
      {"c01", "1 1"}, {"c02", "1 1"}, {"c03", "1 1"}, {"c04", "1 1"}, {"c05", "1 1"},
      {"c06", "1 1"}, {"c07", "4 4"}, {"c08", "4 4"}, {"c09", "5 5"}, {"c10", "5 5"},
  };
  EXPECT_EQ(exported_scores(harness), expected_scores);
}

TEST(QuantilePass, ThresholdsSurviveARestart) {
  EngineHarness harness(quantile());
  std::vector<std::string> first = first_hour(one_to_ten());
  first.push_back(visitor_click("k1", 61));
  harness.replay(first, "first.jsonl");

  // Before the next boundary, so no pass: one purchase of 50 is M3 under the pass's monetary
  // cuts (20/40/60/80), M1 under the static ones (100/300/1000/3000).
  std::vector<std::string> second;
  buy(second, 11, 1, 62, "50");
  harness.replay(second, "second.jsonl");
  EXPECT_EQ(harness.stats().rescore_passes, 0);

  std::string tier;
  for (const std::string& line : harness.outputs("crm.segment-changes")) {
    if (json_field(line, "event_id") == "c11:ec11-0:value_tier") tier = json_field(line, "to");
  }
  EXPECT_EQ(tier, "medium");
  EXPECT_EQ(exported_scores(harness)["c11"], "1 3");
}

TEST(QuantilePass, AQuietStretchRunsTheFirstAndTheLastPassOnly) {
  EngineHarness harness(quantile());
  std::vector<std::string> lines = first_hour(one_to_ten());
  // Five boundaries crossed, no customer timer due before the next day.
  lines.push_back(visitor_click("k1", 5 * 60 + 1));
  harness.replay(lines);
  EXPECT_EQ(harness.stats().rescore_passes, 2);
  EXPECT_EQ(rescores(harness.output_ids("crm.segment-changes")).size(), 11u);
}

TEST(QuantilePass, CustomerTimersFollowTheThresholdsInForce) {
  std::vector<std::string> lines = first_hour(one_to_ten());
  lines.push_back(visitor_click("k1", 61));
  // Customer i last bought at minute 6 (i - 1).
  lines.push_back(visitor_click("k2", kDayMs / kMinuteMs + 30));
  EngineHarness harness(quantile());
  harness.replay(lines);

  // The pass made every recency cut 0, so R falls from 5 to 1 one day after the last purchase
  // (under the static cuts it would take 31 days): the pass rescheduled each buyer's timer.
  std::vector<std::string> expected;
  for (int i = 1; i <= 6; ++i) {
    expected.push_back(customer(i) + ":t" + at_minute(kDayMs / kMinuteMs + 6 * (i - 1)) +
                       ":rfm_segment");
  }
  std::vector<std::string> time_changes;
  for (const std::string& id : harness.output_ids("crm.segment-changes")) {
    if (id.find(":t") != std::string::npos && id.ends_with(":rfm_segment")) {
      time_changes.push_back(id);
    }
  }
  EXPECT_EQ(time_changes, expected);
  // The first multiple after the clock, then the one whose timer fired (also the last).
  EXPECT_EQ(harness.stats().rescore_passes, 3);
}

TEST(QuantilePass, StaticScoringRunsNoPass) {
  EngineHarness harness;
  std::vector<std::string> lines = first_hour(one_to_ten());
  lines.push_back(visitor_click("k1", 61));
  lines.push_back(visitor_click("k2", 24 * 60));
  harness.replay(lines);
  EXPECT_EQ(harness.stats().rescore_passes, 0);
  EXPECT_TRUE(rescores(harness.output_ids("crm.segment-changes")).empty());
  EXPECT_EQ(exported_scores(harness)["c04"], "3 1");
}

}  // namespace
}  // namespace crm::test
