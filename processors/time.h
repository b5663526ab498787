// Time in crmstream: int64 milliseconds since the Unix epoch, UTC, everywhere.
// Pure arithmetic and formatting; nothing here reads a clock.
#pragma once

#include <cstdint>
#include <string>

namespace crm {

using TimeMs = std::int64_t;

inline constexpr TimeMs kSecondMs = 1'000;
inline constexpr TimeMs kMinuteMs = 60 * kSecondMs;
inline constexpr TimeMs kHourMs = 60 * kMinuteMs;
inline constexpr TimeMs kDayMs = 24 * kHourMs;

// Whole days of a duration: floor(ms / 86400000), also for negative durations.
constexpr std::int64_t whole_days(TimeMs ms) {
  return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs);
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day);

// `value` (>= 0) as exactly `width` decimal digits, zero-padded, at `at`.
void put_digits(char* at, std::int64_t value, int width);

// "2026-11-22T10:00:00.000" (kDateTimeMsChars characters, no zone) at `at`, for the years
// 0000-9999; false, with nothing written, outside them. By hand: snprintf costs more than all
// the rest of an output event or of a generated one.
inline constexpr int kDateTimeMsChars = 23;
bool put_datetime_ms(char* at, TimeMs t);

// "2026-11-22T10:00:00.000Z": RFC 3339, UTC, always three fractional digits.
std::string format_rfc3339_ms(TimeMs t);
void append_rfc3339_ms(std::string& out, TimeMs t);

}  // namespace crm
