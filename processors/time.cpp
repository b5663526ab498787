#include "processors/time.h"

#include <algorithm>
#include <cstdio>

namespace crm {

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2);
}

void put_digits(char* at, std::int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

namespace {

struct CivilTime {
  std::int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  TimeMs in_day = 0;  // milliseconds since midnight
};

CivilTime civil_time(TimeMs t) {
  CivilTime civil;
  const std::int64_t days = whole_days(t);
  civil.in_day = t - days * kDayMs;
  civil_from_days(days, civil.year, civil.month, civil.day);
  return civil;
}

bool put_civil_time(char* at, const CivilTime& civil) {
  if (civil.year < 0 || civil.year > 9999) return false;
  const char layout[] = "0000-00-00T00:00:00.000";
  static_assert(sizeof layout - 1 == kDateTimeMsChars);
  std::copy_n(layout, kDateTimeMsChars, at);
  put_digits(at, civil.year, 4);
  put_digits(at + 5, civil.month, 2);
  put_digits(at + 8, civil.day, 2);
  put_digits(at + 11, civil.in_day / kHourMs, 2);
  put_digits(at + 14, civil.in_day / kMinuteMs % 60, 2);
  put_digits(at + 17, civil.in_day / kSecondMs % 60, 2);
  put_digits(at + 20, civil.in_day % kSecondMs, 3);
  return true;
}

}  // namespace

bool put_datetime_ms(char* at, TimeMs t) {
  return put_civil_time(at, civil_time(t));
}

void append_rfc3339_ms(std::string& out, TimeMs t) {
  const CivilTime civil = civil_time(t);
  char text[kDateTimeMsChars + 1];
  if (put_civil_time(text, civil)) {  // every event time
    text[kDateTimeMsChars] = 'Z';
    out.append(text, sizeof text);
    return;
  }
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                              static_cast<long long>(civil.year), civil.month, civil.day,
                              static_cast<long long>(civil.in_day / kHourMs),
                              static_cast<long long>(civil.in_day / kMinuteMs % 60),
                              static_cast<long long>(civil.in_day / kSecondMs % 60),
                              static_cast<long long>(civil.in_day % kSecondMs));
  out.append(buf, static_cast<std::size_t>(n));
}

std::string format_rfc3339_ms(TimeMs t) {
  std::string out;
  append_rfc3339_ms(out, t);
  return out;
}

}  // namespace crm
