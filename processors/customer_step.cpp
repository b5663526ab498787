#include "processors/customer_step.h"

#include <string>
#include <utility>

#include "processors/dedupe.h"
#include "processors/evaluate.h"
#include "processors/fold.h"
#include "processors/identity.h"
#include "processors/order_ledger.h"
#include "processors/triggers.h"

namespace crm {
namespace {

using Name = std::optional<std::string>;

bool is_lost(const Name& stage) {
  return stage && (*stage == to_string(LifecycleStage::kAtRisk) ||
                   *stage == to_string(LifecycleStage::kChurned));
}

void diff(std::vector<DimensionChange>& changes, Dimension dimension, const Name& from,
          const Name& to) {
  if (from != to) changes.push_back(DimensionChange{dimension, from, to, false});
}

// Publishes what the profile is at `ts`: the difference from what was last published becomes a
// ChangeSet (customers only, and only if something changed or a trigger fired), the population
// counts move from what was counted to what is, and the profile remembers both.
// `by_purchase`: the cause is an order_paid that changed the purchases, so leaving at_risk or
// churned is a win-back.
void publish(Profile& profile, TimeMs ts, CauseKind cause, std::string_view event_id,
             bool by_purchase, std::vector<Trigger>&& triggers, const StepContext& context,
             StepResult& out) {
  const CustomerView view = evaluate(profile, ts, context.config, context.thresholds);
  // Most steps change no published name: then `now` is what was published, and building it
  // (strings that may allocate) would be wasted.
  const bool unchanged = classifies_as(view, context.config, profile.published);
  PublishedClassification fresh;
  if (!unchanged) fresh = classify(view, context.config);
  const PublishedClassification& now = unchanged ? profile.published : fresh;
  count_change(out.populations, profile.published, profile.counted_kpi, now, view.kpi,
               profile.customer_id, context.config);

  if (profile.is_customer() && (!unchanged || !triggers.empty())) {
    ChangeSet& set = out.change_sets.emplace_back();
    set.customer_id = profile.customer_id;
    set.ts = ts;
    set.cause.kind = cause;
    set.cause.event_id = event_id;
    const PublishedClassification& was = profile.published;
    diff(set.changes, Dimension::kLifecycle, was.lifecycle, now.lifecycle);
    if (!set.changes.empty()) {
      DimensionChange& lifecycle = set.changes.front();
      lifecycle.win_back =
          by_purchase && is_lost(lifecycle.from) && lifecycle.to && !is_lost(lifecycle.to);
      record_kpi_transitions(out.kpi_transitions, lifecycle, ts, profile.customer_id,
                             context.config);
    }
    diff(set.changes, Dimension::kRfmSegment, was.rfm_segment, now.rfm_segment);
    diff(set.changes, Dimension::kValueTier, was.value_tier, now.value_tier);
    diff(set.changes, Dimension::kChurnRisk, was.churn_risk, now.churn_risk);
    set.triggers = std::move(triggers);
    set.view = view;
  }
  if (!unchanged) profile.published = std::move(fresh);
  profile.counted_kpi = view.kpi;
}

}  // namespace

void apply_event(Profile& profile, const Event& event, TimeMs clock, const StepContext& context,
                 StepResult& out, Profile* linked_visitor) {
  out.clear();
  const ModelConfig& config = context.config;
  if (is_duplicate(profile, event.event_id, clock, config.dedupe_retention)) {
    out.duplicate = true;
    return;
  }
  if (profile.key().empty()) {
    if (event.is_customer()) {
      profile.customer_id = event.customer_id;
    } else {
      profile.anonymous_id = event.anonymous_id;
    }
  }
  if (linked_visitor != nullptr && linked_visitor != &profile) {
    // The visitor's stage was counted; from now on it counts as part of this customer.
    count_removal(out.populations, *linked_visitor, config);
    merge_visitor(profile, *linked_visitor);
  }
  if ((event.type == EventType::kSignup || event.type == EventType::kLogin) &&
      event.is_customer()) {
    record_link(profile, event.anonymous_id, event.ts);
  } else if (!event.is_customer() && profile.is_customer()) {
    record_link(profile, event.anonymous_id, event.ts);  // it came through the link
  }
  // After the merge, so that the visitor's expired ids go too.
  prune_seen_events(profile, clock, config.dedupe_retention);
  remember_event(profile, event.event_id, clock);

  fold_behaviour(profile, event, config);
  bool purchases_changed = false;
  if (is_order_event(event.type)) purchases_changed = apply_to_ledger(profile, event);
  publish(profile, clock, CauseKind::kEvent, event.event_id,
          event.type == EventType::kOrderPaid && purchases_changed, {}, context, out);
}

void fire_timer(Profile& profile, TimeMs instant, const StepContext& context, StepResult& out,
                std::string_view late_event_id) {
  out.clear();
  const ModelConfig& config = context.config;
  if (const auto expiry = visitor_expiry(profile, config); expiry && *expiry <= instant) {
    out.profile_expired = true;
    count_removal(out.populations, profile, config);
    return;
  }
  prune_seen_events(profile, instant, config.dedupe_retention);
  expire_links(profile, instant, config, out.expired_links);
  std::vector<Trigger> triggers;  // no allocation unless one fires
  fire_due_triggers(profile, instant, config, triggers);
  const CauseKind cause = late_event_id.empty() ? CauseKind::kTime : CauseKind::kEvent;
  publish(profile, instant, cause, late_event_id, false, std::move(triggers), context, out);
}

void rescore(Profile& profile, TimeMs instant, const StepContext& context, StepResult& out) {
  out.clear();
  publish(profile, instant, CauseKind::kRescore, {}, false, {}, context, out);
}

void erase(const Profile& profile, const StepContext& context, StepResult& out) {
  out.clear();
  count_removal(out.populations, profile, context.config);
}

std::optional<TimeMs> next_timer(const Profile& profile, TimeMs clock, const StepContext& context) {
  std::optional<TimeMs> next;
  const auto take = [&next](std::optional<TimeMs> at) {
    if (at && (!next || *at < *next)) next = at;
  };
  take(next_view_crossing(profile, clock, context.config, context.thresholds));
  take(next_trigger_due(profile, context.config));
  take(visitor_expiry(profile, context.config));
  take(next_link_expiry(profile, context.config));
  return next;
}

}  // namespace crm
