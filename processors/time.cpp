#include "processors/time.h"

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

void append_rfc3339_ms(std::string& out, TimeMs t) {
  const std::int64_t days = whole_days(t);
  const TimeMs in_day = t - days * kDayMs;
  std::int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil_from_days(days, year, month, day);
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                              static_cast<long long>(year), month, day,
                              static_cast<long long>(in_day / kHourMs),
                              static_cast<long long>(in_day / kMinuteMs % 60),
                              static_cast<long long>(in_day / kSecondMs % 60),
                              static_cast<long long>(in_day % kSecondMs));
  out.append(buf, static_cast<std::size_t>(n));
}

std::string format_rfc3339_ms(TimeMs t) {
  std::string out;
  append_rfc3339_ms(out, t);
  return out;
}

}  // namespace crm
