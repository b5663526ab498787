// A re-run of `crmstream replay` resumes after the last line the state applied from each file
// (pipeline/file_replay.h): given the same file it applies nothing twice; given another file under
// the same path it refuses, naming the file, instead of silently skipping that many lines.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/pipeline/engine_harness.h"

namespace crm::test {
namespace {

std::string view(const std::string& id, int minute) {
  return R"({"event_id":")" + id + R"(","type":"page_view","ts":"2026-11-22T10:)" +
         (minute < 10 ? "0" : "") + std::to_string(minute) + R"(:00Z","customer_id":"c1"})";
}

TEST(FileReplay, ARerunOfTheSameFileAppliesNothingTwice) {
  EngineHarness harness;
  const std::vector<std::string> lines = {view("a", 1), view("b", 2), "", view("c", 3)};
  harness.replay(lines);
  EXPECT_EQ(harness.stats().events_applied, 3);
  harness.replay(lines);
  EXPECT_EQ(harness.stats().events_applied, 0);
  EXPECT_EQ(harness.stats().duplicates, 0);
  // Lines added at the end are applied, and only they.
  std::vector<std::string> longer = lines;
  longer.push_back(view("d", 4));
  harness.replay(longer);
  EXPECT_EQ(harness.stats().events_applied, 1);
}

TEST(FileReplay, AnotherFileUnderTheSamePathIsRefused) {
  EngineHarness harness;
  harness.replay({view("a", 1), view("b", 2), view("c", 3), view("d", 4)});

  const Status changed =
      harness.try_replay({view("x", 1), view("y", 2), view("z", 3), view("w", 4), view("v", 5)});
  EXPECT_EQ(changed.code(), Status::Code::kInvalidArgument) << changed.to_string();
  EXPECT_NE(changed.message().find("input.jsonl is not the file this state applied up to its "
                                   "line 4 (that line differs)"),
            std::string::npos)
      << changed.message();
  EXPECT_EQ(harness.stats().events_applied, 0);

  const Status shorter = harness.try_replay({view("a", 1), view("b", 2)});
  EXPECT_EQ(shorter.code(), Status::Code::kInvalidArgument) << shorter.to_string();
  EXPECT_NE(shorter.message().find("(it has 2 lines)"), std::string::npos) << shorter.message();
}

}  // namespace
}  // namespace crm::test
