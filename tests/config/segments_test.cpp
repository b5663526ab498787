// rfm.segments: score ranges in their three spellings, unique names, and no unmatched scores.
#include <gtest/gtest.h>

#include "tests/config/config_test_support.h"

namespace crm {
namespace {

using testing::load;
using testing::load_error;

// A single rule ending in a catch-all, so that only the range under test matters.
std::string with_rule_r(const std::string& r) {
  return "rfm:\n  segments:\n    - {name: tested, r: " + r + "}\n    - {name: rest}\n";
}

struct RangeCase {
  std::string r;
  int min;
  int max;
};

TEST(SegmentsTest, ReadsTheThreeRangeSpellings) {
  const RangeCase cases[] = {
      {"5", 5, 5},      {"\"4-5\"", 4, 5}, {"4-5", 4, 5},   {"[4, 5]", 4, 5},
      {"[3, 3]", 3, 3}, {"1-5", 1, 5},     {"\"2\"", 2, 2},
  };
  for (const auto& c : cases) {
    const Config config = load(with_rule_r(c.r));
    EXPECT_EQ(config.rfm.segments[0].r.min, c.min) << c.r;
    EXPECT_EQ(config.rfm.segments[0].r.max, c.max) << c.r;
    // Absent ranges are 1-5.
    EXPECT_EQ(config.rfm.segments[0].f.min, 1) << c.r;
    EXPECT_EQ(config.rfm.segments[0].m.max, 5) << c.r;
  }
}

TEST(SegmentsTest, RejectsMalformedRanges) {
  const std::string forms = "must be a score 1..5 (5), a range (\"4-5\") or a pair ([4, 5]), got ";
  const std::pair<std::string, std::string> cases[] = {
      {"0", forms + "0"},
      {"6", forms + "6"},
      {"\"4-6\"", forms + "4-6"},
      {"\"4 - 5\"", forms + "4 - 5"},
      {"\"-5\"", forms + "-5"},
      {"\"4-\"", forms + "4-"},
      {"high", forms + "high"},
      {"[4]", forms + "a list of 1"},
      {"[4, 5, 5]", forms + "a list of 3"},
      {"[4, x]", forms + "[4, x]"},
      {"\"5-4\"", "the range's lower bound is above its upper bound: 5-4"},
      {"[5, 4]", "the range's lower bound is above its upper bound: [5, 4]"},
  };
  for (const auto& [r, reason] : cases) {
    const ConfigError error = load_error(with_rule_r(r));
    EXPECT_EQ(error.path(), "rfm.segments[0].r") << r;
    EXPECT_EQ(error.reason(), reason) << r;
  }
}

TEST(SegmentsTest, RejectsRulesThatLeaveAScoreCombinationUnmatched) {
  const std::pair<std::string, std::string> cases[] = {
      // The default grid without hibernating leaves R 1-2 x F 1-2 unmatched.
      {"    - {name: champions, r: 5, f: 4-5}\n"
       "    - {name: loyal_customers, r: 3-4, f: 4-5}\n"
       "    - {name: potential_loyalists, r: 4-5, f: 2-3}\n"
       "    - {name: new_customers, r: 5, f: 1}\n"
       "    - {name: promising, r: 4, f: 1}\n"
       "    - {name: need_attention, r: 3, f: 3}\n"
       "    - {name: about_to_sleep, r: 3, f: 1-2}\n"
       "    - {name: cant_lose_them, r: 1-2, f: 5}\n"
       "    - {name: at_risk, r: 1-2, f: 3-4}\n",
       "no rule matches R=1 F=1 M=1"},
      {"    - {name: a, r: 1-2}\n    - {name: b, r: 3, f: 1}\n    - {name: c, r: 3, m: 2-5}\n"
       "    - {name: d, r: 4-5}\n",
       "no rule matches R=3 F=2 M=1"},
  };
  for (const auto& [rules, reason] : cases) {
    const ConfigError error = load_error("rfm:\n  segments:\n" + rules);
    EXPECT_EQ(error.path(), "rfm.segments");
    EXPECT_EQ(error.reason(), reason);
  }
  const ConfigError empty = load_error("rfm:\n  segments: []\n");
  EXPECT_EQ(std::string(empty.what()), "rfm.segments: no rule matches R=1 F=1 M=1");
}

TEST(SegmentsTest, RejectsMissingEmptyAndRepeatedNames) {
  EXPECT_EQ(std::string(load_error("rfm: {segments: [{r: 5}, {name: rest}]}").what()),
            "rfm.segments[0].name: missing (this key has no default)");
  EXPECT_EQ(std::string(load_error("rfm: {segments: [{name: \"\"}]}").what()),
            "rfm.segments[0].name: must not be empty");
  EXPECT_EQ(std::string(load_error("rfm: {segments: [{name: a, r: 5}, {name: a}]}").what()),
            "rfm.segments[1].name: segment names must be unique: \"a\" is repeated");
}

}  // namespace
}  // namespace crm
