#include "ingest/timestamp.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace crm {
namespace {

struct TsCase {
  std::string text;
  std::optional<TimeMs> expected;
};

class Rfc3339Test : public testing::TestWithParam<TsCase> {};

TEST_P(Rfc3339Test, Parses) {
  EXPECT_EQ(parse_rfc3339(GetParam().text), GetParam().expected) << GetParam().text;
}

constexpr TimeMs k20261122 = 1'795'341'600'000;  // 2026-11-22T10:00:00Z

INSTANTIATE_TEST_SUITE_P(
    Forms, Rfc3339Test,
    testing::Values(TsCase{"2026-11-22T10:00:00Z", k20261122},
                    TsCase{"2026-11-22T18:00:00.250+08:00", k20261122 + 250},
                    TsCase{"2026-11-22t10:00:00z", k20261122},
                    TsCase{"2026-11-22T10:00:00.2509Z", k20261122 + 250},  // truncated
                    TsCase{"2026-11-22T10:00:00.2Z", k20261122 + 200},
                    TsCase{"2026-11-22T10:00:00.999999999999Z", k20261122 + 999},
                    TsCase{"2026-11-22T05:30:00-04:30", k20261122},
                    TsCase{"2026-11-22T10:00:00-00:00", k20261122},
                    TsCase{"1970-01-01T00:00:00Z", 0},
                    TsCase{"1970-01-01T00:00:00.001+00:01", -59'999},  // caller checks range
                    TsCase{"9999-12-31T23:59:59.999Z", 253'402'300'799'999},
                    TsCase{"2024-02-29T00:00:00Z", 1'709'164'800'000},
                    TsCase{"2000-02-29T00:00:00Z", 951'782'400'000}));

INSTANTIATE_TEST_SUITE_P(
    Invalid, Rfc3339Test,
    testing::Values(
        TsCase{"yesterday", std::nullopt}, TsCase{"", std::nullopt},
        TsCase{"2026-11-22T10:00:00", std::nullopt},       // no offset
        TsCase{"2026-11-22 10:00:00Z", std::nullopt},      // space separator
        TsCase{"2026-11-22T10:00Z", std::nullopt},         // no seconds
        TsCase{"2026-11-22T10:00:00.Z", std::nullopt},     // empty fraction
        TsCase{"2026-11-22T10:00:00+0800", std::nullopt},  // offset without colon
        TsCase{"2026-11-22T10:00:00+08", std::nullopt},
        TsCase{"2026-11-22T10:00:00+24:00", std::nullopt},
        TsCase{"2026-11-22T10:00:00+08:60", std::nullopt},
        TsCase{"2026-11-22T24:00:00Z", std::nullopt}, TsCase{"2026-11-22T10:60:00Z", std::nullopt},
        TsCase{"2026-11-22T10:00:61Z", std::nullopt}, TsCase{"2026-13-01T00:00:00Z", std::nullopt},
        TsCase{"2026-00-01T00:00:00Z", std::nullopt}, TsCase{"2026-11-31T00:00:00Z", std::nullopt},
        TsCase{"2026-11-00T00:00:00Z", std::nullopt}, TsCase{"2023-02-29T00:00:00Z", std::nullopt},
        TsCase{"1900-02-29T00:00:00Z", std::nullopt}, TsCase{"26-11-22T10:00:00Z", std::nullopt},
        TsCase{"+2026-11-22T10:00:00Z", std::nullopt},
        TsCase{"2026-11-22T10:00:00ZZ", std::nullopt},
        TsCase{"2026-11-22T10:00:00Z ", std::nullopt},
        TsCase{"2026-1a-22T10:00:00Z", std::nullopt}));

// Second 60 exists only as a leap second, at the end of a UTC day; it reads as second 59.
INSTANTIATE_TEST_SUITE_P(LeapSecond, Rfc3339Test,
                         testing::Values(TsCase{"2016-12-31T23:59:60Z", 1'483'228'799'000},
                                         TsCase{"2016-12-31T23:59:60.5Z", 1'483'228'799'500},
                                         TsCase{"2017-01-01T08:59:60+09:00", 1'483'228'799'000},
                                         TsCase{"2016-12-31T22:59:60Z", std::nullopt},
                                         TsCase{"2016-12-31T23:59:60+01:00", std::nullopt}));

TEST(EventTimeTest, Range) {
  EXPECT_TRUE(is_event_time(0));
  EXPECT_TRUE(is_event_time(253'402'300'799'999));
  EXPECT_FALSE(is_event_time(253'402'300'800'000));
  EXPECT_FALSE(is_event_time(-1));
}

}  // namespace
}  // namespace crm
