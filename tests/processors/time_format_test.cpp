// format_rfc3339_ms: RFC 3339 UTC with milliseconds (outputs.md), written by hand for years
// 0000-9999 and by snprintf beyond; both must give the calendar of <chrono>.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "processors/time.h"

namespace crm {
namespace {

// The calendar of <chrono>, an independent oracle for civil_from_days, and snprintf.
std::string reference(TimeMs t) {
  using namespace std::chrono;
  const sys_days date = floor<days>(sys_time<milliseconds>(milliseconds(t)));
  const year_month_day ymd(date);
  const long long in_day = t - duration_cast<milliseconds>(date.time_since_epoch()).count();
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                              static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                              static_cast<unsigned>(ymd.day()), in_day / kHourMs,
                              in_day / kMinuteMs % 60, in_day / kSecondMs % 60, in_day % kSecondMs);
  return std::string(buf, static_cast<std::size_t>(n));
}

TEST(TimeFormat, KnownInstants) {
  EXPECT_EQ(format_rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339_ms(1795341600120), "2026-11-22T10:00:00.120Z");
  EXPECT_EQ(format_rfc3339_ms(951782400000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(253402300799999), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339_ms(253402300800000), "10000-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(-62167219200000), "0000-01-01T00:00:00.000Z");
}

TEST(TimeFormat, EqualsTheSnprintfFormatEverywhere) {
  // Steps that are prime in ms, so that every field takes many values.
  for (TimeMs t = -62167219200000 - 7 * kDayMs; t < 253402300800000 + 7 * kDayMs;
       t += 9'999'999'967) {
    ASSERT_EQ(format_rfc3339_ms(t), reference(t)) << t;
  }
  for (TimeMs t = 1795341600000; t < 1795341600000 + 2 * kDayMs; t += 999'983) {
    ASSERT_EQ(format_rfc3339_ms(t), reference(t)) << t;
  }
}

}  // namespace
}  // namespace crm
