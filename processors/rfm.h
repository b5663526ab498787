// RFM scoring (semantics.md "RFM"): the windowed frequency and monetary of a buyer, the 1..5
// scores against static or quantile thresholds, the segment rule that matches them, and the
// value tier.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "processors/customer_view.h"
#include "processors/model_config.h"
#include "processors/profile.h"

namespace crm {

// Purchases paid in (now - window, now] and the sum of their values. window_days 0 is the
// whole lifetime, (-inf, now]. A purchase paid after `now` (stamped ahead of the clock) is not
// in the window yet: it enters at its paid_at, which next_view_crossing() reports.
struct WindowTotals {
  std::int64_t frequency = 0;
  Money monetary = 0;
};
WindowTotals window_totals(const std::vector<Purchase>& purchases, TimeMs now,
                           std::int64_t window_days);

// Whether a purchase paid at `paid_at` is in the window at `now` (the rule behind window_totals).
bool in_rfm_window(TimeMs paid_at, TimeMs now, std::int64_t window_days);

// The instant a purchase leaves the window, paid_at + window (at that millisecond it is out),
// or nullopt for the lifetime window or past the representable range.
std::optional<TimeMs> rfm_window_exit(TimeMs paid_at, std::int64_t window_days);

// R = 5 - #{t < recency_days}: the same for static and quantile thresholds (30 -> 5, 31 -> 4).
int recency_score(std::int64_t recency_days, const std::array<std::int64_t, 4>& thresholds);
// F = 1 + #{t <= frequency} (static), 1 + #{t < frequency} (strict, quantile): with strict
// cuts, customers tied at the bottom value share the bottom score.
int frequency_score(std::int64_t frequency, const std::array<std::int64_t, 4>& thresholds,
                    bool strict);
int monetary_score(Money monetary, const std::array<Money, 4>& thresholds, bool strict);

// high if M >= 4, medium if M is 2 or 3, low if M = 1.
ValueTier value_tier(int m);

// Scores, segment and tier. The segment is the index of the first matching rule of `rules`,
// or -1 when none matches (a validated configuration leaves no gap, so only a test or an
// unvalidated rule list sees -1; classify() publishes it as null).
RfmView score_rfm(std::int64_t recency_days, WindowTotals totals, const RfmThresholds& thresholds,
                  const std::vector<SegmentRule>& rules);

}  // namespace crm
