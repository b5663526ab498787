#include "ingest/timestamp.h"

#include <cstddef>

namespace crm {
namespace {

// Reads exactly `count` decimal digits at `pos`; false when any is not a digit.
bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

constexpr bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<TimeMs> parse_rfc3339(std::string_view text) {
  // Fixed layout up to the seconds: YYYY-MM-DDTHH:MM:SS (19 bytes).
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !read_digits(text, 5, 2, month) || text[7] != '-' || !read_digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't') || !read_digits(text, 11, 2, hour) || text[13] != ':' ||
      !read_digits(text, 14, 2, minute) || text[16] != ':' || !read_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  TimeMs millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t first = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (pos - first < 3) millis = millis * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == first) return std::nullopt;
    for (std::size_t i = pos - first; i < 3; ++i) millis *= 10;
  }
  if (pos >= text.size()) return std::nullopt;  // the offset is required
  TimeMs offset = 0;
  const char zone = text[pos];
  if (zone == 'Z' || zone == 'z') {
    ++pos;
  } else if (zone == '+' || zone == '-') {
    int offset_hour = 0, offset_minute = 0;
    if (!read_digits(text, pos + 1, 2, offset_hour) || pos + 3 >= text.size() ||
        text[pos + 3] != ':' || !read_digits(text, pos + 4, 2, offset_minute) || offset_hour > 23 ||
        offset_minute > 59) {
      return std::nullopt;
    }
    offset = offset_hour * kHourMs + offset_minute * kMinuteMs;
    if (zone == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  const TimeMs local_minute =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kDayMs +
      hour * kHourMs + minute * kMinuteMs;
  const TimeMs utc_minute = local_minute - offset;
  if (second == 60) {
    const TimeMs minute_of_day = utc_minute - whole_days(utc_minute) * kDayMs;
    if (minute_of_day != 23 * kHourMs + 59 * kMinuteMs) return std::nullopt;
    second = 59;
  }
  return utc_minute + second * kSecondMs + millis;
}

}  // namespace crm
