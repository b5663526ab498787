// `crmstream export --summary`: the population and KPI counts of every task added up
// (semantics.md "KPIs"), overall and per experiment variant, as one JSON object: how many
// profiles are in each lifecycle stage, RFM segment, value tier and churn-risk level, and the
// numerator and denominator of each KPI rate. The windowed rates (at-risk return, churned
// reactivation) add the daily buckets of the last 90 days up to the latest task clock, the
// day of that clock included. Reads only; safe on a read-only store.
//
// The counts' names are "population/<gauge>/<value>[/<experiment>/<variant>]" and
// "kpi/<transition>/<day>[/<experiment>/<variant>]" (pipeline/task_counts.h). A slice suffix is
// recognised by a configured experiment's name first, so names holding '/' still parse; the
// counts of an experiment no longer configured are recognised by their variant.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "config/config.h"
#include "pipeline/wall_clock.h"
#include "state/store.h"

namespace crm {

inline constexpr std::int64_t kKpiWindowDays = 90;

// The counts of one slice: every profile, or one variant of one experiment.
struct SliceSummary {
  // "lifecycle", "rfm_segment", "value_tier", "churn_risk" -> value -> profiles.
  std::map<std::string, std::map<std::string, std::int64_t>, std::less<>> populations;
  // "buyers", "repeat_buyers", "second_purchase_cohort", "second_within_90_days" -> profiles.
  std::map<std::string, std::int64_t, std::less<>> memberships;
  // "into_at_risk", ... -> transitions on the days of the window.
  std::map<std::string, std::int64_t, std::less<>> window_transitions;
};

struct PopulationSummary {
  std::int64_t tasks = 0;
  std::optional<TimeMs> clock;       // the latest task clock: nullopt before any event
  std::int64_t window_last_day = 0;  // whole days since the epoch, both ends included
  std::int64_t window_first_day = 0;
  SliceSummary overall;
  std::map<std::string, std::map<std::string, SliceSummary>, std::less<>> experiments;
};

// Every known stage, configured segment, tier, level, membership and transition kind is there,
// overall and per configured experiment variant, with 0 when nothing is counted in it.
// Corruption for a count whose key, value or name does not decode.
Status summarize_population(const StateStore& store, const Config& config, const WallClock& wall,
                            PopulationSummary& summary);

// Appends the JSON object and '\n'. Every stage, configured segment, tier, level, membership and
// configured experiment variant is there, with 0 when nothing is counted in it.
void render_population_summary(const PopulationSummary& summary, const ModelConfig& config,
                               std::string& out);

}  // namespace crm
