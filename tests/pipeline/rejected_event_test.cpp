// events.md "Bad input": a rejected event goes to the dead-letter topic and "never enters the
// dedupe set, nor moves the clock" (semantics.md "Time": a malformed line with a wild ts must
// not age every customer).
#include <gtest/gtest.h>

#include "tests/pipeline/engine_harness.h"

namespace crm::test {
namespace {

constexpr TimeMs kT0 = 1767225600000;  // 2026-01-01T00:00:00Z

std::string at(int days) {
  return std::to_string(kT0 + days * kDayMs);
}

std::string paid(const std::string& id, int day, const std::string& amount) {
  return R"({"event_id":")" + id + R"(","type":"order_paid","ts":)" + at(day) +
         R"(,"customer_id":"c1","order_id":"o-)" + id + R"(","amount":")" + amount + R"("})";
}

TEST(RejectedEvent, NeitherMovesTheClockNorEntersTheDedupeSet) {
  EngineHarness harness;
  harness.replay({
      paid("p1", 0, "50"),
      // Three years on, and not a decimal: rejected. Had it moved the clock, every timer of
      // c1 up to then (days 31, 61, 91, 121, 181) would fire before the next line.
      paid("p2", 1000, "fifty"),
      // The same event_id, valid this time: applied, not a duplicate.
      paid("p2", 2, "50"),
  });

  EXPECT_EQ(harness.stats().rejected, 1);
  EXPECT_EQ(harness.stats().duplicates, 0);
  EXPECT_EQ(harness.stats().events_applied, 2);
  EXPECT_EQ(harness.stats().timers_fired, 0) << "the clock moved to the rejected line's ts";
  const std::vector<std::string> dead = harness.outputs("crm.dead-letter");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_NE(dead[0].find("fifty"), std::string::npos) << dead[0];
  for (const std::string& id : harness.output_ids("crm.segment-changes")) {
    EXPECT_EQ(id.find(":t"), std::string::npos) << "a time-caused change: " << id;
  }
  // The second purchase counted: c1 is a repeat buyer.
  bool repeat = false;
  for (const std::string& line : harness.outputs("crm.segment-changes")) {
    repeat = repeat || (json_field(line, "event_id") == "c1:ep2:lifecycle" &&
                        json_field(line, "to") == "repeat");
  }
  EXPECT_TRUE(repeat);
}

// events.md (its opening): in a file, blank lines are not records; a dead letter still names the
// line it came from.
TEST(RejectedEvent, BlankLinesAreNotRecordsButCountAsLines) {
  EngineHarness harness;
  harness.replay({paid("p1", 0, "50"), "", " \t", paid("p2", 1, "fifty"), paid("p3", 2, "5")});
  EXPECT_EQ(harness.stats().rejected, 1);
  EXPECT_EQ(harness.stats().events_applied, 2);
  const std::vector<std::string> dead = harness.output_ids("crm.dead-letter");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_TRUE(dead[0].starts_with("dl:")) << dead[0];
  EXPECT_TRUE(dead[0].ends_with("input.jsonl:4")) << dead[0];
}

}  // namespace
}  // namespace crm::test
