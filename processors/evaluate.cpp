// evaluate(), classify() and static_thresholds() of evaluate.h: the rules themselves live in
// rfm, lifecycle, churn and kpi_membership; next_view_crossing() is in time_crossing.cpp.
#include "processors/evaluate.h"

#include "processors/churn.h"
#include "processors/elapsed_days.h"
#include "processors/kpi_membership.h"
#include "processors/lifecycle.h"
#include "processors/rfm.h"

namespace crm {

RfmThresholds static_thresholds(const RfmConfig& rfm) {
  RfmThresholds thresholds;
  thresholds.recency_days = rfm.recency_days;
  thresholds.frequency = rfm.frequency;
  thresholds.monetary = rfm.monetary;
  thresholds.strict = false;
  return thresholds;
}

CustomerView evaluate(const Profile& profile, TimeMs now, const ModelConfig& config,
                      const RfmThresholds& thresholds) {
  CustomerView view;
  const std::vector<Purchase>& purchases = profile.purchases;
  view.purchases = static_cast<std::int64_t>(purchases.size());
  view.monetary_lifetime = profile.monetary_lifetime;
  view.kpi = kpi_membership(purchases, now);

  LifecycleFacts facts;
  facts.purchases = view.purchases;
  facts.registered = profile.is_customer();
  facts.visits = profile.visits();
  if (!purchases.empty()) {
    // purchases is ascending by paid_at (kept so by the fold).
    const TimeMs first = purchases.front().paid_at;
    const TimeMs last = purchases.back().paid_at;
    view.first_purchase = first;
    view.last_purchase = last;
    const std::int64_t d = elapsed_days(last, now);
    const WindowTotals totals = window_totals(purchases, now, config.rfm.window_days);
    facts.days_since_last_purchase = d;
    facts.window_frequency = totals.frequency;
    facts.intervals = purchase_intervals(view.purchases, first, last, config.lifecycle);
    view.rfm = score_rfm(d, totals, thresholds, config.rfm.segments);
    view.churn = churn_view(d, facts.intervals);
  }
  view.lifecycle = lifecycle_stage(facts, config.lifecycle);
  return view;
}

PublishedClassification classify(const CustomerView& view, const ModelConfig& config) {
  PublishedClassification published;
  published.lifecycle = std::string(to_string(view.lifecycle));
  if (view.rfm) {
    const auto& rules = config.rfm.segments;
    const int segment = view.rfm->segment;
    // An index outside the rules (no rule matched, or rules changed under a stale view) has no
    // name to publish; null is the honest answer.
    if (segment >= 0 && static_cast<std::size_t>(segment) < rules.size()) {
      published.rfm_segment = rules[static_cast<std::size_t>(segment)].name;
    }
    published.value_tier = std::string(to_string(view.rfm->tier));
  }
  if (view.churn) published.churn_risk = std::string(to_string(view.churn->level));
  return published;
}

}  // namespace crm
