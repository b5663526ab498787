#include "processors/elapsed_days.h"

#include <cmath>
#include <limits>

namespace crm {

namespace {

// Beyond this many days (about 274 million years) an instant no longer fits in int64 ms.
constexpr std::int64_t kMaxDays = std::numeric_limits<TimeMs>::max() / kDayMs;

std::optional<TimeMs> after_whole_days(TimeMs since, std::int64_t days) {
  if (days > kMaxDays) return std::nullopt;
  const TimeMs offset = days * kDayMs;
  if (since > std::numeric_limits<TimeMs>::max() - offset) return std::nullopt;
  return since + offset;
}

}  // namespace

std::int64_t elapsed_days(TimeMs since, TimeMs now) {
  return now <= since ? 0 : whole_days(now - since);
}

std::optional<TimeMs> next_exceeding(TimeMs since, double threshold_days, TimeMs now) {
  // The negated comparison also rejects NaN: such a threshold is never exceeded later.
  if (!(static_cast<double>(elapsed_days(since, now)) <= threshold_days)) return std::nullopt;
  if (!(threshold_days < static_cast<double>(kMaxDays))) return std::nullopt;
  // d <= x holds now and d is an integer, so d <= floor(x); the first d > x is floor(x) + 1,
  // which lands after `now` because elapsed_days(since, now) < floor(x) + 1.
  return after_whole_days(since, static_cast<std::int64_t>(std::floor(threshold_days)) + 1);
}

std::optional<TimeMs> next_exceeding(TimeMs since, std::int64_t threshold_days, TimeMs now) {
  if (elapsed_days(since, now) > threshold_days) return std::nullopt;
  if (threshold_days >= kMaxDays) return std::nullopt;
  return after_whole_days(since, threshold_days + 1);
}

}  // namespace crm
