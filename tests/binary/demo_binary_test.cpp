// `crmstream demo` (operations.md, the README's first command) as a user runs it: it publishes
// the synthetic shop to its embedded cluster, consumes all of it, prints where to watch, a
// progress line a second with the segment populations every few of them, the populations and a
// sample of triggers at the end, and exits 0 once the history is processed.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "tests/binary/process.h"
#include "tests/state/temp_dir.h"

namespace crm::test {
namespace {

struct ProgressLine {
  std::int64_t published = 0;
  std::int64_t consumed = 0;
  std::int64_t lag = 0;
  std::int64_t dead_letters = 0;
  std::int64_t outputs = 0;
};

std::vector<ProgressLine> progress_lines(const std::vector<std::string>& lines) {
  static const std::regex pattern(
      R"(^\s*(\d+) published\s+(\d+) consumed\s+\d+ events/s\s+lag\s+(-?\d+)\s+forwarded\s+\d+\s+)"
      R"(dead letters\s+(\d+)\s+outputs\s+(\d+)$)");
  std::vector<ProgressLine> out;
  for (const std::string& line : lines) {
    std::smatch m;
    if (!std::regex_match(line, m, pattern)) continue;
    out.push_back(
        {std::stoll(m[1]), std::stoll(m[2]), std::stoll(m[3]), std::stoll(m[4]), std::stoll(m[5])});
  }
  return out;
}

TEST(DemoBinary, ProcessesTheWholeShopAndReportsIt) {
  TempDir dir;
  const std::vector<std::string> shop = {"--customers", "200", "--seed", "1"};
  // The same shop as a file: how many events the demo must publish and how many are malformed.
  std::vector<std::string> generate = {"generate", "--output", dir / "shop.jsonl", "--duration",
                                       "60d"};
  generate.insert(generate.end(), shop.begin(), shop.end());
  ASSERT_EQ(run(generate), 0);
  const auto events = static_cast<std::int64_t>(read_lines(dir / "shop.jsonl").size());
  ASSERT_GT(events, 1000);

  std::vector<std::string> demo = {"demo",        "--days",       "60",         "--rate",
                                   "1000",        "--partitions", "4",          "--listen",
                                   "127.0.0.1:0", "--dir",        dir / "state"};
  demo.insert(demo.end(), shop.begin(), shop.end());
  Child child(demo, dir / "demo.err", dir / "demo.out");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (child.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(child.running()) << "the demo did not end within 90 s";
  const int status = child.exited_status();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "status " << status << "\n"
      << [&] {
           std::string err;
           for (const std::string& line : read_lines(dir / "demo.err")) err += line + "\n";
           return err;
         }();

  const std::vector<std::string> lines = read_lines(dir / "demo.out");
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  EXPECT_TRUE(std::regex_search(text, std::regex(R"(kcat -b 127\.0\.0\.1:\d+ -C -t crm\.)")))
      << text;
  EXPECT_TRUE(std::regex_search(text, std::regex(R"(http://127\.0\.0\.1:\d+/metrics)"))) << text;

  const std::vector<ProgressLine> progress = progress_lines(lines);
  ASSERT_FALSE(progress.empty()) << text;
  for (const ProgressLine& p : progress) {
    // Published counts acknowledged messages: the pipeline may consume one before its ack.
    EXPECT_GE(p.lag, 0) << text;
    EXPECT_LE(p.consumed, events) << text;
  }
  const ProgressLine& last = progress.back();
  EXPECT_EQ(last.published, events) << text;
  EXPECT_EQ(last.consumed, events) << text;
  EXPECT_EQ(last.lag, 0) << text;
  EXPECT_GT(last.dead_letters, 0) << text;  // the shop's malformed events
  EXPECT_GT(last.outputs, 0) << text;

  // ~9 s of publishing at 1,000 events/s: the live populations and the latest trigger show at
  // least once.
  EXPECT_TRUE(std::regex_search(
      text, std::regex(R"(\n  segments  rfm_segment: \w+ \d+.*\n\s+churn_risk: \w+ \d+)")))
      << text;
  EXPECT_TRUE(std::regex_search(
      text, std::regex(R"(\n  triggers  \d+ so far, latest: \{"event_id":"[^"]+","type":")")))
      << text;
  EXPECT_NE(text.find("Populations (all tasks):\n  lifecycle\n"), std::string::npos) << text;
  EXPECT_TRUE(std::regex_search(
      text, std::regex(R"(A sample of crm\.triggers:\n  \{"event_id":"[^"]+","type":")")))
      << text;
}

TEST(DemoBinary, EventsBoundsTheShop) {
  TempDir dir;
  Child child({"demo", "--customers", "200", "--days", "60", "--events", "300", "--rate", "0",
               "--partitions", "2", "--listen", "127.0.0.1:0", "--dir", dir / "state"},
              dir / "demo.err", dir / "demo.out");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (child.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(child.running()) << "the demo did not end within 60 s";
  const int status = child.exited_status();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  const std::vector<ProgressLine> progress = progress_lines(read_lines(dir / "demo.out"));
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back().published, 300);
  EXPECT_EQ(progress.back().consumed, 300);
}

}  // namespace
}  // namespace crm::test
