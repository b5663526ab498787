// How the model counts days (semantics.md "Days are whole days"): the whole days elapsed since
// an instant, and the first instant at which that count exceeds a threshold. evaluate() and
// next_view_crossing() both go through here, so a rule and its timer can never disagree by a
// millisecond.
#pragma once

#include <cstdint>
#include <optional>

#include "processors/time.h"

namespace crm {

// floor((now - since) / 1 day), but never below 0: an instant stamped ahead of the clock (a
// producer's clock ahead of `time.clock: wall`) counts as just happened, not as -1 days.
std::int64_t elapsed_days(TimeMs since, TimeMs now);

// The first instant after `now` at which elapsed_days(since, t) > threshold_days, i.e.
// since + (floor(threshold_days) + 1) days (for 48.0 that is 49 days, for 43.5 it is 44), or
// nullopt when the count already exceeds it at `now` or the instant is past the representable
// range (an unbounded threshold). The comparison is the one the rules make: a whole number of
// days, as a double, against the real threshold.
std::optional<TimeMs> next_exceeding(TimeMs since, double threshold_days, TimeMs now);
std::optional<TimeMs> next_exceeding(TimeMs since, std::int64_t threshold_days, TimeMs now);

}  // namespace crm
