#include "processors/rfm.h"

#include <limits>

#include "processors/saturating_add.h"
#include "processors/segment_rules.h"

namespace crm {

namespace {

// A window this long covers every representable instant: treat it as the lifetime window
// rather than overflow window_days x 1 day.
constexpr std::int64_t kMaxWindowDays = std::numeric_limits<TimeMs>::max() / kDayMs;

bool is_lifetime(std::int64_t window_days) {
  return window_days <= 0 || window_days >= kMaxWindowDays;
}

template <typename T>
int thresholds_passed(T value, const std::array<T, 4>& thresholds, bool strict) {
  int n = 0;
  for (const T t : thresholds) n += strict ? (t < value) : (t <= value);
  return n;
}

}  // namespace

bool in_rfm_window(TimeMs paid_at, TimeMs now, std::int64_t window_days) {
  if (paid_at > now) return false;
  // now - paid_at >= 0 here, so the difference cannot overflow for sane clocks; comparing the
  // age avoids computing now - window, which could.
  return is_lifetime(window_days) || now - paid_at < window_days * kDayMs;
}

std::optional<TimeMs> rfm_window_exit(TimeMs paid_at, std::int64_t window_days) {
  if (is_lifetime(window_days)) return std::nullopt;
  const TimeMs window = window_days * kDayMs;
  if (paid_at > std::numeric_limits<TimeMs>::max() - window) return std::nullopt;
  return paid_at + window;
}

WindowTotals window_totals(const std::vector<Purchase>& purchases, TimeMs now,
                           std::int64_t window_days) {
  WindowTotals totals;
  for (const Purchase& p : purchases) {
    if (!in_rfm_window(p.paid_at, now, window_days)) continue;
    ++totals.frequency;
    totals.monetary = saturating_add(totals.monetary, p.value);
  }
  return totals;
}

int recency_score(std::int64_t recency_days, const std::array<std::int64_t, 4>& thresholds) {
  return 5 - thresholds_passed(recency_days, thresholds, /*strict=*/true);
}

int frequency_score(std::int64_t frequency, const std::array<std::int64_t, 4>& thresholds,
                    bool strict) {
  return 1 + thresholds_passed(frequency, thresholds, strict);
}

int monetary_score(Money monetary, const std::array<Money, 4>& thresholds, bool strict) {
  return 1 + thresholds_passed(monetary, thresholds, strict);
}

ValueTier value_tier(int m) {
  if (m >= 4) return ValueTier::kHigh;
  if (m >= 2) return ValueTier::kMedium;
  return ValueTier::kLow;
}

RfmView score_rfm(std::int64_t recency_days, WindowTotals totals, const RfmThresholds& thresholds,
                  const std::vector<SegmentRule>& rules) {
  RfmView view;
  view.recency_days = recency_days;
  view.frequency = totals.frequency;
  view.monetary = totals.monetary;
  view.r = recency_score(recency_days, thresholds.recency_days);
  view.f = frequency_score(totals.frequency, thresholds.frequency, thresholds.strict);
  view.m = monetary_score(totals.monetary, thresholds.monetary, thresholds.strict);
  view.segment = match_segment(rules, {view.r, view.f, view.m}).value_or(-1);
  view.tier = value_tier(view.m);
  return view;
}

}  // namespace crm
