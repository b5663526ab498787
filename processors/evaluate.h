// evaluate(): what a profile is at clock time `now` (semantics.md RFM, segments, tier,
// lifecycle, churn risk, KPI memberships), and when time alone will next change that answer.
// Pure functions: no I/O, no clock reads.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "processors/customer_view.h"
#include "processors/model_config.h"
#include "processors/profile.h"

namespace crm {

// The static thresholds of the configuration (rfm.recency_days, rfm.frequency, rfm.monetary).
RfmThresholds static_thresholds(const RfmConfig& rfm);

CustomerView evaluate(const Profile& profile, TimeMs now, const ModelConfig& config,
                      const RfmThresholds& thresholds);

// The first instant after `now` at which evaluate() gives a different view from time alone
// (a recency step, a purchase leaving the window, at_risk, churned, a churn-risk level, a KPI
// cohort boundary), or nullopt when time can no longer change it.
std::optional<TimeMs> next_view_crossing(const Profile& profile, TimeMs now,
                                         const ModelConfig& config,
                                         const RfmThresholds& thresholds);

// The published form of a view: names per dimension, null where one does not apply.
PublishedClassification classify(const CustomerView& view, const ModelConfig& config);

// classify(view, config) == published, without building the names: most steps change nothing.
bool classifies_as(const CustomerView& view, const ModelConfig& config,
                   const PublishedClassification& published);

}  // namespace crm
