// semantics.md "Time": one purchase, then only other visitors' clicks moving the clock. Every
// time-driven change comes out at its exact crossing instant with cause time; a later purchase
// out of `churned` is a win-back.
#include <gtest/gtest.h>

#include "tests/pipeline/engine_harness.h"

namespace crm::test {
namespace {

constexpr TimeMs kT0 = 1767225600000;  // 2026-01-01T00:00:00Z

std::string at(int days) {
  return std::to_string(kT0 + days * kDayMs);
}

std::string paid(const std::string& id, const std::string& order, int day, const char* amount) {
  return R"({"event_id":")" + id + R"(","type":"order_paid","ts":)" + at(day) +
         R"(,"customer_id":"c1","order_id":")" + order + R"(","amount":")" + amount + R"("})";
}

std::string visitor_click(const std::string& id, int day) {
  return R"({"event_id":")" + id + R"(","type":"page_view","ts":)" + at(day) +
         R"(,"anonymous_id":"v-)" + id + R"("})";
}

TEST(TimeScenario, ChangesComeOutAtTheirExactCrossingInstants) {
  EngineHarness harness;
  harness.replay({
      paid("p1", "o1", 0, "50"),
      visitor_click("k1", 10),
      visitor_click("k2", 100),  // fires day 31, 61 and 91 in time order
      visitor_click("k3", 150),  // fires day 121
      visitor_click("k4", 199),  // fires day 181
      paid("p2", "o2", 200, "50"),
  });

  // E = 30 (one purchase): R steps at days 31, 91, 181; at_risk after 60 days, churned after
  // 120; churn levels low <= 30 < medium <= 60 < high <= 120 < churned.
  const std::vector<std::string> expected_segments = {
      "c1:ep1:lifecycle",
      "c1:ep1:rfm_segment",
      "c1:ep1:value_tier",
      "c1:t" + at(31) + ":rfm_segment",
      "c1:t" + at(61) + ":lifecycle",
      "c1:t" + at(91) + ":rfm_segment",
      "c1:t" + at(121) + ":lifecycle",
      "c1:t" + at(181) + ":rfm_segment",
      "c1:ep2:lifecycle",
      "c1:ep2:rfm_segment",
      "c1:ep2:value_tier",
  };
  EXPECT_EQ(harness.output_ids("crm.segment-changes"), expected_segments);
  const std::vector<std::string> expected_churn = {
      "c1:ep1:churn_risk",
      "c1:t" + at(31) + ":churn_risk",
      "c1:t" + at(61) + ":churn_risk",
      "c1:t" + at(121) + ":churn_risk",
      "c1:ep2:churn_risk",
  };
  EXPECT_EQ(harness.output_ids("crm.churn-risk"), expected_churn);

  const std::vector<std::string> segments = harness.outputs("crm.segment-changes");
  ASSERT_EQ(segments.size(), expected_segments.size());
  EXPECT_EQ(json_field(segments[3], "from"), "new_customers");
  EXPECT_EQ(json_field(segments[3], "to"), "promising");
  EXPECT_EQ(json_field(segments[3], "ts"), "2026-02-01T00:00:00.000Z");
  EXPECT_NE(segments[3].find(R"("cause":{"kind":"time"})"), std::string::npos);
  EXPECT_EQ(json_field(segments[4], "to"), "at_risk");
  EXPECT_EQ(json_field(segments[5], "to"), "about_to_sleep");
  EXPECT_EQ(json_field(segments[6], "to"), "churned");
  EXPECT_EQ(json_field(segments[7], "to"), "hibernating");
  // The second purchase, 200 days on: a reactivation.
  EXPECT_EQ(json_field(segments[8], "from"), "churned");
  EXPECT_EQ(json_field(segments[8], "to"), "repeat");
  EXPECT_NE(segments[8].find(R"("win_back":true)"), std::string::npos);
  EXPECT_EQ(json_field(segments[9], "to"), "potential_loyalists");
  EXPECT_EQ(json_field(segments[10], "to"), "medium");

  const std::vector<std::string> churn = harness.outputs("crm.churn-risk");
  EXPECT_EQ(json_field(churn[1], "to"), "medium");
  EXPECT_EQ(json_field(churn[2], "to"), "high");
  EXPECT_EQ(json_field(churn[3], "to"), "churned");
  EXPECT_EQ(json_field(churn[4], "to"), "low");
  // Visitors are counted but emit nothing; nothing else was emitted.
  EXPECT_TRUE(harness.outputs("crm.triggers").empty());
}

}  // namespace
}  // namespace crm::test
