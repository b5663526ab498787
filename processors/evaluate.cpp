// evaluate(), classify() and static_thresholds() of evaluate.h: the rules themselves live in
// rfm, lifecycle, churn and kpi_membership; next_view_crossing() is in time_crossing.cpp.
#include "processors/evaluate.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

namespace {

// classify()'s names as views into static strings and the config, so that comparing them with
// what was last published (most steps change nothing) allocates no strings.
struct ClassifiedNames {
  std::optional<std::string_view> lifecycle;
  std::optional<std::string_view> rfm_segment;
  std::optional<std::string_view> value_tier;
  std::optional<std::string_view> churn_risk;
};

ClassifiedNames classified_names(const CustomerView& view, const ModelConfig& config) {
  ClassifiedNames names;
  names.lifecycle = to_string(view.lifecycle);
  if (view.rfm) {
    const auto& rules = config.rfm.segments;
    const int segment = view.rfm->segment;
    // An index outside the rules (no rule matched, or rules changed under a stale view) has no
    // name to publish; null is the honest answer.
    if (segment >= 0 && static_cast<std::size_t>(segment) < rules.size()) {
      names.rfm_segment = rules[static_cast<std::size_t>(segment)].name;
    }
    names.value_tier = to_string(view.rfm->tier);
  }
  if (view.churn) names.churn_risk = to_string(view.churn->level);
  return names;
}

std::optional<std::string> owned(std::optional<std::string_view> name) {
  return name ? std::optional<std::string>(std::in_place, *name) : std::nullopt;
}

bool same(const std::optional<std::string>& published, std::optional<std::string_view> name) {
  return published.has_value() == name.has_value() && (!name || *published == *name);
}

}  // namespace

PublishedClassification classify(const CustomerView& view, const ModelConfig& config) {
  const ClassifiedNames names = classified_names(view, config);
  PublishedClassification published;
  published.lifecycle = owned(names.lifecycle);
  published.rfm_segment = owned(names.rfm_segment);
  published.value_tier = owned(names.value_tier);
  published.churn_risk = owned(names.churn_risk);
  return published;
}

bool classifies_as(const CustomerView& view, const ModelConfig& config,
                   const PublishedClassification& published) {
  const ClassifiedNames names = classified_names(view, config);
  return same(published.lifecycle, names.lifecycle) &&
         same(published.rfm_segment, names.rfm_segment) &&
         same(published.value_tier, names.value_tier) &&
         same(published.churn_risk, names.churn_risk);
}

}  // namespace crm
