#include "config/units.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace crm {
namespace {

struct DurationCase {
  std::string text;
  std::optional<TimeMs> ms;
};

TEST(UnitsTest, ParsesDurations) {
  const DurationCase cases[] = {
      {"500ms", 500},
      {"30s", 30 * kSecondMs},
      {"30m", 30 * kMinuteMs},
      {"1h", kHourMs},
      {"7d", 7 * kDayMs},
      {"0s", 0},
      {"0ms", 0},
      {"106751991167d", 106751991167 * kDayMs},
      {"106751991168d", std::nullopt},  // beyond int64 milliseconds
      {"30", std::nullopt},             // a unit is required
      {"", std::nullopt},
      {"s", std::nullopt},
      {"-5s", std::nullopt},
      {"+5s", std::nullopt},
      {"1.5h", std::nullopt},
      {"5 s", std::nullopt},
      {" 5s", std::nullopt},
      {"5S", std::nullopt},
      {"5sec", std::nullopt},
      {"1h30m", std::nullopt},
      {"5w", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_duration(c.text), c.ms) << c.text;
}

TEST(UnitsTest, FormatsDurationsInTheLargestExactUnit) {
  const std::pair<TimeMs, std::string> cases[] = {
      {0, "0s"},         {500, "500ms"},          {1500, "1500ms"},
      {kSecondMs, "1s"}, {90 * kSecondMs, "90s"}, {30 * kMinuteMs, "30m"},
      {kHourMs, "1h"},   {36 * kHourMs, "36h"},   {7 * kDayMs, "7d"},
  };
  for (const auto& [ms, text] : cases) {
    EXPECT_EQ(format_duration(ms), text);
    EXPECT_EQ(parse_duration(text), ms) << text;
  }
}

struct SizeCase {
  std::string text;
  std::optional<std::uint64_t> bytes;
};

TEST(UnitsTest, ParsesSizes) {
  const SizeCase cases[] = {
      {"65536", 65536},
      {"0", 0},
      {"64KiB", 64 << 10},
      {"256MiB", 256ull << 20},
      {"2GiB", 2ull << 30},
      {"18446744073709551615", 18446744073709551615ull},
      {"18446744073709551616", std::nullopt},
      {"17179869184GiB", std::nullopt},  // 2^64 bytes
      {"64KB", std::nullopt},            // decimal units are not binary ones: refused
      {"64kib", std::nullopt},
      {"64K", std::nullopt},
      {"KiB", std::nullopt},
      {"-1", std::nullopt},
      {"1.5MiB", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_size(c.text), c.bytes) << c.text;
}

TEST(UnitsTest, FormatsSizesInTheLargestExactUnit) {
  const std::pair<std::uint64_t, std::string> cases[] = {
      {0, "0"},
      {1000, "1000"},
      {65536, "64KiB"},
      {256ull << 20, "256MiB"},
      {3ull << 30, "3GiB"},
      {(1ull << 20) + 1, "1048577"},
  };
  for (const auto& [bytes, text] : cases) {
    EXPECT_EQ(format_size(bytes), text);
    EXPECT_EQ(parse_size(text), bytes) << text;
  }
}

struct OffsetCase {
  std::string text;
  std::optional<TimeMs> ms;
};

TEST(UnitsTest, ParsesDayOffsets) {
  const OffsetCase cases[] = {
      {"+00:00", 0},
      {"-00:00", 0},
      {"+08:00", 8 * kHourMs},
      {"-05:30", -(5 * kHourMs + 30 * kMinuteMs)},
      {"+23:59", 23 * kHourMs + 59 * kMinuteMs},
      {"+24:00", std::nullopt},
      {"+08:60", std::nullopt},
      {"08:00", std::nullopt},
      {"+8:00", std::nullopt},
      {"+0800", std::nullopt},
      {"+08:00:00", std::nullopt},
      {"Z", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_day_offset(c.text), c.ms) << c.text;
}

TEST(UnitsTest, FormatsDayOffsets) {
  EXPECT_EQ(format_day_offset(0), "+00:00");
  EXPECT_EQ(format_day_offset(8 * kHourMs), "+08:00");
  EXPECT_EQ(format_day_offset(-(5 * kHourMs + 30 * kMinuteMs)), "-05:30");
}

}  // namespace
}  // namespace crm
