// Event time as producers write it (events.md "Common fields", `ts`): an RFC 3339 date-time
// with offset, or integer epoch milliseconds, both ending up as TimeMs (UTC ms).
// Pure functions, no clock reads.
#pragma once

#include <optional>
#include <string_view>

#include "processors/time.h"

namespace crm {

// Event times lie in [0, kEventTimeEnd): from 1970 to the end of year 9999 (events.md).
inline constexpr TimeMs kEventTimeEnd = 253'402'300'800'000;  // 10000-01-01T00:00:00Z

constexpr bool is_event_time(TimeMs t) {
  return t >= 0 && t < kEventTimeEnd;
}

// RFC 3339 section 5.6 `date-time`: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
// - `T` and `Z` may be lowercase (RFC 3339 5.6 note); no space separator, no missing offset.
// - Any number of fraction digits; those below the millisecond are truncated (toward the
//   past, as the spec's "truncated" reads for a time).
// - The calendar is checked (month lengths, Gregorian leap years); hour 00-23, minute 00-59,
//   offsets up to +-23:59 ("-00:00" = UTC).
// - Second 60 is accepted only where a leap second can be, at 23:59 UTC, and read as second 59
//   (as java.time's ISO_INSTANT does): TimeMs has no leap seconds, and refusing a real one
//   would dead-letter a valid event.
// Returns the instant, which may lie outside [0, kEventTimeEnd) (years 0000-9999 with any
// offset): the caller applies the range. nullopt when `text` is not such a date-time.
std::optional<TimeMs> parse_rfc3339(std::string_view text);

}  // namespace crm
