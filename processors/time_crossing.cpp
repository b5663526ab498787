// next_view_crossing() of evaluate.h: when time alone next changes what evaluate() says.
//
// Every time-driven rule of the model is "whole days since some purchase exceed a threshold"
// or "a purchase is older than the RFM window", so the candidates are finitely many instants
// anchored on purchases, each computed with the same helpers (elapsed_days.h, rfm.h) that the
// rules use. The day counters themselves (recency_days, days_since_last_purchase, score) grow
// every day and are not crossings: they are carried by whatever change a crossing produces.
#include <optional>

#include "processors/elapsed_days.h"
#include "processors/evaluate.h"
#include "processors/kpi_membership.h"
#include "processors/lifecycle.h"
#include "processors/rfm.h"

namespace crm {

namespace {

struct Earliest {
  std::optional<TimeMs> at;
  void offer(std::optional<TimeMs> t) {
    if (t && (!at || *t < *at)) at = t;
  }
};

}  // namespace

std::optional<TimeMs> next_view_crossing(const Profile& profile, TimeMs now,
                                         const ModelConfig& config,
                                         const RfmThresholds& thresholds) {
  const std::vector<Purchase>& purchases = profile.purchases;
  // A non-buyer's stage depends on ids and visits only: events, never time.
  if (purchases.empty()) return std::nullopt;
  const TimeMs first = purchases.front().paid_at;
  const TimeMs last = purchases.back().paid_at;
  const auto count = static_cast<std::int64_t>(purchases.size());
  Earliest earliest;

  // R = 5 - #{t < d}: a step each time d passes a threshold not yet passed.
  for (const std::int64_t t : thresholds.recency_days) earliest.offer(next_exceeding(last, t, now));

  // at_risk, churned, and the churn levels low -> medium -> high -> churned.
  const PurchaseIntervals intervals = purchase_intervals(count, first, last, config.lifecycle);
  earliest.offer(next_exceeding(last, intervals.expected_interval_days, now));
  earliest.offer(next_exceeding(last, intervals.at_risk_after_days, now));
  earliest.offer(next_exceeding(last, intervals.churned_after_days, now));

  // Frequency and monetary (hence F, M, segment, tier and loyal) move when a purchase enters
  // the window (one stamped ahead of the clock) or leaves it.
  for (const Purchase& p : purchases) {
    if (p.paid_at > now) {
      earliest.offer(p.paid_at);
    } else if (in_rfm_window(p.paid_at, now, config.rfm.window_days)) {
      earliest.offer(rfm_window_exit(p.paid_at, config.rfm.window_days));
    }
  }

  earliest.offer(next_cohort_crossing(purchases, now));
  return earliest.at;
}

}  // namespace crm
