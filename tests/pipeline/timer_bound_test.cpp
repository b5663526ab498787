// The engine skips the scan of stored timers while its batch's last instant is before the
// earliest timer it knows to be stored. A timer stored below that bound by a later batch, or
// loaded by a batch that did not reach it, must still fire at its instant: the outputs are
// those of any other batching.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "tests/pipeline/engine_harness.h"

namespace crm::test {
namespace {

constexpr TimeMs kTen = 1795341600000;  // 2026-11-22T10:00:00Z

std::string ms(int minutes) {
  return std::to_string(kTen + minutes * kMinuteMs);
}

std::string add_to_cart(const std::string& id, const std::string& customer, int minutes) {
  return R"({"event_id":")" + id + R"(","type":"add_to_cart","ts":)" + ms(minutes) +
         R"(,"customer_id":")" + customer + R"(","product_id":"sku-1"})";
}

std::string page_view(const std::string& id, const std::string& customer, int minutes) {
  return R"({"event_id":")" + id + R"(","type":"page_view","ts":)" + ms(minutes) +
         R"(,"customer_id":")" + customer + R"("})";
}

std::vector<std::string> all_output_ids(const std::vector<std::string>& lines,
                                        std::size_t batch_size) {
  EngineHarness harness;
  const std::string path = harness.dir() / "input.jsonl";
  {
    std::ofstream out(path);
    for (const std::string& line : lines) out << line << "\n";
  }
  harness.replay_file(path, batch_size);
  std::vector<std::string> ids;
  for (const char* topic : {"crm.segment-changes", "crm.churn-risk", "crm.triggers"}) {
    for (const std::string& id : harness.output_ids(topic)) ids.push_back(id);
  }
  return ids;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(TimerBound, ATimerStoredBelowTheBoundByALaterBatchFires) {
  const std::vector<std::string> lines = {
      add_to_cart("a-1", "c-1", 0),    // abandoned at 11:00: the earliest timer stored
      page_view("p-1", "c-2", 5),      // the clock at 10:05
      add_to_cart("a-3", "c-3", -10),  // late, abandoned at 10:50: below what was stored
      page_view("p-2", "c-2", 55),     // past 10:50, before 11:00
  };
  const std::vector<std::string> one_by_one = all_output_ids(lines, 1);
  EXPECT_TRUE(contains(one_by_one, "c-3:t" + ms(50) + ":cart_abandoned"));
  EXPECT_FALSE(contains(one_by_one, "c-1:t" + ms(60) + ":cart_abandoned"));
  EXPECT_EQ(one_by_one, all_output_ids(lines, 1000));
}

TEST(TimerBound, ATimerLoadedByABatchThatDidNotReachItFiresLater) {
  const std::vector<std::string> lines = {
      // Batch 1: c-1's cart is abandoned at 11:00.
      add_to_cart("a-1", "c-1", 0),
      page_view("p-1", "c-2", 1),
      // Batch 2 reaches 11:30 only through a duplicate, which does not move the clock: the
      // timer it loaded stays stored.
      page_view("p-1", "c-2", 90),
      page_view("p-2", "c-2", 30),
      // Batch 3 passes 11:00.
      page_view("p-3", "c-2", 70),
  };
  const std::vector<std::string> by_two = all_output_ids(lines, 2);
  EXPECT_TRUE(contains(by_two, "c-1:t" + ms(60) + ":cart_abandoned"));
  EXPECT_EQ(by_two, all_output_ids(lines, 1000));
}

}  // namespace
}  // namespace crm::test
