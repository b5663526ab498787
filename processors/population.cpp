#include "processors/population.h"

#include <algorithm>
#include <optional>

namespace crm {
namespace {

using Name = std::optional<std::string>;

void count_name(PopulationDelta& delta, PopulationGauge gauge, const Name& from, const Name& to,
                int experiment, Variant variant) {
  if (from == to) return;
  if (from) delta.add(gauge, *from, experiment, variant, -1);
  if (to) delta.add(gauge, *to, experiment, variant, +1);
}

void count_flag(PopulationDelta& delta, PopulationGauge gauge, bool from, bool to, int experiment,
                Variant variant) {
  if (from != to) delta.add(gauge, {}, experiment, variant, to ? +1 : -1);
}

void count_slice(PopulationDelta& delta, const PublishedClassification& from,
                 const KpiMembership& from_kpi, const PublishedClassification& to,
                 const KpiMembership& to_kpi, int experiment, Variant variant) {
  count_name(delta, PopulationGauge::kLifecycle, from.lifecycle, to.lifecycle, experiment, variant);
  count_name(delta, PopulationGauge::kRfmSegment, from.rfm_segment, to.rfm_segment, experiment,
             variant);
  count_name(delta, PopulationGauge::kValueTier, from.value_tier, to.value_tier, experiment,
             variant);
  count_name(delta, PopulationGauge::kChurnRisk, from.churn_risk, to.churn_risk, experiment,
             variant);
  count_flag(delta, PopulationGauge::kBuyers, from_kpi.buyer, to_kpi.buyer, experiment, variant);
  count_flag(delta, PopulationGauge::kRepeatBuyers, from_kpi.repeat_buyer, to_kpi.repeat_buyer,
             experiment, variant);
  count_flag(delta, PopulationGauge::kSecondPurchaseCohort, from_kpi.second_purchase_cohort,
             to_kpi.second_purchase_cohort, experiment, variant);
  count_flag(delta, PopulationGauge::kSecondWithin90Days, from_kpi.second_within_90_days,
             to_kpi.second_within_90_days, experiment, variant);
}

}  // namespace

std::string_view to_string(PopulationGauge gauge) {
  switch (gauge) {
    case PopulationGauge::kLifecycle:
      return "lifecycle";
    case PopulationGauge::kRfmSegment:
      return "rfm_segment";
    case PopulationGauge::kValueTier:
      return "value_tier";
    case PopulationGauge::kChurnRisk:
      return "churn_risk";
    case PopulationGauge::kBuyers:
      return "buyers";
    case PopulationGauge::kRepeatBuyers:
      return "repeat_buyers";
    case PopulationGauge::kSecondPurchaseCohort:
      return "second_purchase_cohort";
    case PopulationGauge::kSecondWithin90Days:
      return "second_within_90_days";
  }
  return "lifecycle";
}

std::vector<std::string> known_values(PopulationGauge gauge, const ModelConfig& config) {
  std::vector<std::string> values;
  const auto all = [&values](auto first, int count) {
    for (int i = 0; i < count; ++i) {
      values.emplace_back(to_string(static_cast<decltype(first)>(i)));
    }
  };
  switch (gauge) {
    case PopulationGauge::kLifecycle:
      all(LifecycleStage{}, kLifecycleStageCount);
      break;
    case PopulationGauge::kRfmSegment:
      for (const SegmentRule& rule : config.rfm.segments) {
        if (std::find(values.begin(), values.end(), rule.name) == values.end()) {
          values.push_back(rule.name);
        }
      }
      break;
    case PopulationGauge::kValueTier:
      all(ValueTier{}, kValueTierCount);
      break;
    case PopulationGauge::kChurnRisk:
      all(ChurnLevel{}, kChurnLevelCount);
      break;
    default:
      break;
  }
  return values;
}

std::string_view to_string(KpiTransitionKind kind) {
  switch (kind) {
    case KpiTransitionKind::kIntoAtRisk:
      return "into_at_risk";
    case KpiTransitionKind::kIntoChurned:
      return "into_churned";
    case KpiTransitionKind::kReturnedFromAtRisk:
      return "returned_from_at_risk";
    case KpiTransitionKind::kReactivatedFromChurned:
      return "reactivated_from_churned";
  }
  return "into_at_risk";
}

void PopulationDelta::add(PopulationGauge gauge, std::string_view value, int experiment,
                          Variant variant, std::int64_t delta) {
  if (delta == 0) return;
  const auto it = std::find_if(counts_.begin(), counts_.end(), [&](const PopulationCount& c) {
    return c.gauge == gauge && c.experiment == experiment && c.variant == variant &&
           c.value == value;
  });
  if (it == counts_.end()) {
    counts_.push_back(PopulationCount{gauge, std::string(value), experiment, variant, delta});
    return;
  }
  it->delta += delta;
  if (it->delta == 0) counts_.erase(it);  // a -1 and a +1 in one step cancel out
}

std::int64_t PopulationDelta::get(PopulationGauge gauge, std::string_view value, int experiment,
                                  Variant variant) const {
  for (const PopulationCount& c : counts_) {
    if (c.gauge == gauge && c.experiment == experiment && c.variant == variant &&
        c.value == value) {
      return c.delta;
    }
  }
  return 0;
}

void count_change(PopulationDelta& delta, const PublishedClassification& from,
                  const KpiMembership& from_kpi, const PublishedClassification& to,
                  const KpiMembership& to_kpi, std::string_view customer_id,
                  const ModelConfig& config) {
  if (from == to && from_kpi == to_kpi) return;  // the common case: no hashing, no look-ups
  count_slice(delta, from, from_kpi, to, to_kpi, kAllProfiles, Variant::kTreatment);
  if (customer_id.empty()) return;
  for (std::size_t i = 0; i < config.experiments.size(); ++i) {
    count_slice(delta, from, from_kpi, to, to_kpi, static_cast<int>(i),
                variant_of(config.experiments[i], customer_id));
  }
}

void count_removal(PopulationDelta& delta, const Profile& profile, const ModelConfig& config) {
  count_change(delta, profile.published, profile.counted_kpi, PublishedClassification{},
               KpiMembership{}, profile.customer_id, config);
}

void record_kpi_transitions(std::vector<KpiTransition>& out, const DimensionChange& lifecycle,
                            TimeMs ts, std::string_view customer_id, const ModelConfig& config) {
  const std::string_view at_risk = to_string(LifecycleStage::kAtRisk);
  const std::string_view churned = to_string(LifecycleStage::kChurned);
  const auto is = [](const std::optional<std::string>& name, std::string_view stage) {
    return name && *name == stage;
  };
  // At most two kinds: out of one of the two states by a purchase, into one of them.
  KpiTransitionKind kinds[4];
  int count = 0;
  if (lifecycle.win_back && is(lifecycle.from, at_risk)) {
    kinds[count++] = KpiTransitionKind::kReturnedFromAtRisk;
  }
  if (lifecycle.win_back && is(lifecycle.from, churned)) {
    kinds[count++] = KpiTransitionKind::kReactivatedFromChurned;
  }
  if (is(lifecycle.to, at_risk)) kinds[count++] = KpiTransitionKind::kIntoAtRisk;
  if (is(lifecycle.to, churned)) kinds[count++] = KpiTransitionKind::kIntoChurned;
  if (count == 0) return;
  const std::int64_t day = whole_days(ts);
  for (int k = 0; k < count; ++k) out.push_back({kinds[k], day, kAllProfiles, Variant::kTreatment});
  if (customer_id.empty()) return;
  for (std::size_t i = 0; i < config.experiments.size(); ++i) {
    const Variant variant = variant_of(config.experiments[i], customer_id);
    for (int k = 0; k < count; ++k) {
      out.push_back({kinds[k], day, static_cast<int>(i), variant});
    }
  }
}

}  // namespace crm
