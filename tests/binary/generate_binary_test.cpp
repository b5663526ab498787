// `crmstream generate --output` with --rate (operations.md "Command line" lists --rate for both
// of generate's modes): the same lines as without it, written no faster than the rate, each as
// it is due (for a reader following the file).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/binary/process.h"
#include "tests/state/temp_dir.h"

namespace crm::test {
namespace {

TEST(GenerateBinary, AFileAtARateHasTheSameLinesWrittenNoFaster) {
  TempDir dir;
  const std::string fast = dir / "fast.jsonl";
  const std::string paced = dir / "paced.jsonl";
  const std::vector<std::string> shop = {"--customers", "50", "--events", "40", "--seed", "3"};
  std::vector<std::string> args = {"generate", "--output", fast};
  args.insert(args.end(), shop.begin(), shop.end());
  ASSERT_EQ(run(args), 0);
  args = {"generate", "--output", paced, "--rate", "100"};
  args.insert(args.end(), shop.begin(), shop.end());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(run(args), 0);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(read_lines(paced).size(), 40u);
  EXPECT_EQ(read_lines(paced), read_lines(fast));
  // 40 events at 100 a second: the first at once, 39 more take at least 0.39 s. A lower bound,
  // which a slow machine cannot break.
  EXPECT_GE(took, std::chrono::milliseconds(380));
}

}  // namespace
}  // namespace crm::test
