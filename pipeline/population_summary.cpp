#include "pipeline/population_summary.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "pipeline/task_clocks.h"
#include "processors/experiments.h"
#include "processors/json_writer.h"
#include "processors/population.h"
#include "state/count_value.h"

namespace crm {
namespace {

constexpr std::string_view kPopulationPrefix = "population/";
constexpr std::string_view kKpiPrefix = "kpi/";

bool is_variant(std::string_view text) {
  return text == to_string(Variant::kHoldout) || text == to_string(Variant::kTreatment);
}

// A count's slice: experiment empty for every profile.
struct Slice {
  std::string_view experiment;
  std::string_view variant;
};

// Splits "<head>/<experiment>/<variant>" at its last two slashes when the last part is a
// variant; otherwise all of `tail` is the head of the overall slice.
void split_unknown_slice(std::string_view tail, std::string_view& head, Slice& slice) {
  head = tail;
  slice = {};
  const std::size_t last = tail.rfind('/');
  if (last == std::string_view::npos || last == 0 || !is_variant(tail.substr(last + 1))) return;
  const std::size_t before = tail.rfind('/', last - 1);
  if (before == std::string_view::npos) return;
  head = tail.substr(0, before);
  slice = {tail.substr(before + 1, last - before - 1), tail.substr(last + 1)};
}

// "<value>[/<experiment>/<variant>]": a configured experiment's suffix first, since values
// and experiment names may hold slashes.
void split_population_tail(std::string_view tail, const ModelConfig& config,
                           std::string_view& value, Slice& slice) {
  for (const ExperimentConfig& experiment : config.experiments) {
    for (const Variant variant : {Variant::kHoldout, Variant::kTreatment}) {
      const std::string suffix = "/" + experiment.name + "/" + std::string(to_string(variant));
      if (tail.ends_with(suffix)) {
        value = tail.substr(0, tail.size() - suffix.size());
        slice = {experiment.name, to_string(variant)};
        return;
      }
    }
  }
  split_unknown_slice(tail, value, slice);
}

SliceSummary& slice_of(PopulationSummary& summary, const Slice& slice) {
  if (slice.experiment.empty()) return summary.overall;
  auto experiment = summary.experiments.find(slice.experiment);
  if (experiment == summary.experiments.end()) {
    experiment = summary.experiments
                     .emplace(std::string(slice.experiment), std::map<std::string, SliceSummary>())
                     .first;
  }
  return experiment->second[std::string(slice.variant)];
}

bool is_membership(std::string_view gauge) {
  for (const PopulationGauge g :
       {PopulationGauge::kBuyers, PopulationGauge::kRepeatBuyers,
        PopulationGauge::kSecondPurchaseCohort, PopulationGauge::kSecondWithin90Days}) {
    if (gauge == to_string(g)) return true;
  }
  return false;
}

Status add_population(PopulationSummary& summary, std::string_view name, std::int64_t count,
                      const ModelConfig& config) {
  const std::string_view rest = name.substr(kPopulationPrefix.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return Status::corruption("count " + std::string(name) + ": no value after the gauge");
  }
  const std::string_view gauge = rest.substr(0, slash);
  std::string_view value;
  Slice slice;
  split_population_tail(rest.substr(slash + 1), config, value, slice);
  SliceSummary& into = slice_of(summary, slice);
  if (is_membership(gauge)) {
    into.memberships[std::string(gauge)] += count;
  } else {
    auto populations = into.populations.find(gauge);
    if (populations == into.populations.end()) {
      populations =
          into.populations.emplace(std::string(gauge), std::map<std::string, std::int64_t>()).first;
    }
    populations->second[std::string(value)] += count;
  }
  return Status::ok();
}

// "kpi/<transition>/<day>[/<experiment>/<variant>]": the day has no slash and a variant none,
// so the rest splits without ambiguity.
Status add_kpi(PopulationSummary& summary, std::string_view name, std::int64_t count) {
  const auto malformed = [&name] {
    return Status::corruption("count " + std::string(name) + ": not kpi/<transition>/<day>");
  };
  const std::string_view rest = name.substr(kKpiPrefix.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return malformed();
  const std::string_view kind = rest.substr(0, slash);
  std::string_view tail = rest.substr(slash + 1);
  const std::size_t day_end = std::min(tail.find('/'), tail.size());
  std::int64_t day = 0;
  const auto [end, error] = std::from_chars(tail.data(), tail.data() + day_end, day);
  if (error != std::errc() || end != tail.data() + day_end) return malformed();
  Slice slice;
  if (day_end < tail.size()) {
    tail.remove_prefix(day_end + 1);
    const std::size_t last = tail.rfind('/');
    if (last == std::string_view::npos) return malformed();
    slice = {tail.substr(0, last), tail.substr(last + 1)};
  }
  if (!summary.clock || day < summary.window_first_day || day > summary.window_last_day) {
    return Status::ok();
  }
  slice_of(summary, slice).window_transitions[std::string(kind)] += count;
  return Status::ok();
}

// ---- rendering ----

std::int64_t count_in(const std::map<std::string, std::int64_t, std::less<>>& counts,
                      std::string_view name) {
  const auto it = counts.find(name);
  return it == counts.end() ? 0 : it->second;
}

void write_values(JsonWriter& w, std::string_view gauge, const std::vector<std::string>& known,
                  const SliceSummary& slice) {
  static const std::map<std::string, std::int64_t> kNone;
  const auto stored = slice.populations.find(gauge);
  const std::map<std::string, std::int64_t>& counts =
      stored == slice.populations.end() ? kNone : stored->second;
  w.key(gauge).begin_object();
  for (const std::string& value : known) {
    const auto it = counts.find(value);
    w.key(value).int_value(it == counts.end() ? 0 : it->second);
  }
  for (const auto& [value, count] : counts) {  // values no longer configured
    if (std::find(known.begin(), known.end(), value) == known.end()) {
      w.key(value).int_value(count);
    }
  }
  w.end_object();
}

void write_rate(JsonWriter& w, std::string_view name, std::int64_t numerator,
                std::int64_t denominator) {
  w.key(name).begin_object();
  w.key("numerator").int_value(numerator);
  w.key("denominator").int_value(denominator);
  w.end_object();
}

// The known values of each population gauge, in the model's order.
struct KnownValues {
  std::vector<std::string> lifecycle, rfm_segment, value_tier, churn_risk;

  explicit KnownValues(const ModelConfig& config)
      : lifecycle(known_values(PopulationGauge::kLifecycle, config)),
        rfm_segment(known_values(PopulationGauge::kRfmSegment, config)),
        value_tier(known_values(PopulationGauge::kValueTier, config)),
        churn_risk(known_values(PopulationGauge::kChurnRisk, config)) {}
};

void write_slice(JsonWriter& w, const SliceSummary& slice, const KnownValues& known) {
  w.key("populations").begin_object();
  write_values(w, to_string(PopulationGauge::kLifecycle), known.lifecycle, slice);
  write_values(w, to_string(PopulationGauge::kRfmSegment), known.rfm_segment, slice);
  write_values(w, to_string(PopulationGauge::kValueTier), known.value_tier, slice);
  write_values(w, to_string(PopulationGauge::kChurnRisk), known.churn_risk, slice);
  w.end_object();
  const auto member = [&slice](PopulationGauge gauge) {
    return count_in(slice.memberships, to_string(gauge));
  };
  const auto window = [&slice](KpiTransitionKind kind) {
    return count_in(slice.window_transitions, to_string(kind));
  };
  w.key("kpis").begin_object();
  write_rate(w, "repeat_purchase", member(PopulationGauge::kRepeatBuyers),
             member(PopulationGauge::kBuyers));
  write_rate(w, "second_purchase", member(PopulationGauge::kSecondWithin90Days),
             member(PopulationGauge::kSecondPurchaseCohort));
  write_rate(w, "at_risk_return", window(KpiTransitionKind::kReturnedFromAtRisk),
             window(KpiTransitionKind::kIntoAtRisk));
  write_rate(w, "churned_reactivation", window(KpiTransitionKind::kReactivatedFromChurned),
             window(KpiTransitionKind::kIntoChurned));
  w.end_object();
}

// Every known value, membership and transition kind of the slice, 0 where nothing is counted:
// a gauge that falls to 0 reads 0 instead of disappearing, and a rate over a 0 numerator is 0,
// not "no data".
void add_known_zeros(SliceSummary& slice, const KnownValues& known) {
  const auto zeros = [&slice](PopulationGauge gauge, const std::vector<std::string>& values) {
    auto& counts = slice.populations[std::string(to_string(gauge))];
    for (const std::string& value : values) counts.try_emplace(value, 0);
  };
  zeros(PopulationGauge::kLifecycle, known.lifecycle);
  zeros(PopulationGauge::kRfmSegment, known.rfm_segment);
  zeros(PopulationGauge::kValueTier, known.value_tier);
  zeros(PopulationGauge::kChurnRisk, known.churn_risk);
  for (const PopulationGauge gauge :
       {PopulationGauge::kBuyers, PopulationGauge::kRepeatBuyers,
        PopulationGauge::kSecondPurchaseCohort, PopulationGauge::kSecondWithin90Days}) {
    slice.memberships.try_emplace(std::string(to_string(gauge)), 0);
  }
  for (const KpiTransitionKind kind :
       {KpiTransitionKind::kIntoAtRisk, KpiTransitionKind::kIntoChurned,
        KpiTransitionKind::kReturnedFromAtRisk, KpiTransitionKind::kReactivatedFromChurned}) {
    slice.window_transitions.try_emplace(std::string(to_string(kind)), 0);
  }
}

std::string date_of(std::int64_t day) {
  return format_rfc3339_ms(day * kDayMs).substr(0, 10);
}

}  // namespace

Status summarize_population(const StateStore& store, const Config& config, const WallClock& wall,
                            PopulationSummary& summary) {
  summary = PopulationSummary{};
  std::vector<TaskClock> tasks;
  if (Status s = read_task_clocks(store, config.time.clock, wall, tasks); !s.is_ok()) return s;
  summary.tasks = static_cast<std::int64_t>(tasks.size());
  for (const TaskClock& task : tasks) {
    if (task.clock) summary.clock = std::max(summary.clock.value_or(*task.clock), *task.clock);
  }
  if (summary.clock) {
    summary.window_last_day = whole_days(*summary.clock);
    summary.window_first_day = summary.window_last_day - (kKpiWindowDays - 1);
  }

  const ModelConfig model = config.model();
  RangeIterator it = store.scan(Family::kCounts, KeyRange{}, /*fill_cache=*/false);
  for (; it.valid(); it.next()) {
    NamedKeyParts parts;
    if (Status s = decode_named_key(it.key(), parts); !s.is_ok()) return s;
    std::int64_t count = 0;
    if (Status s = decode_count_value(it.value(), count); !s.is_ok()) {
      return Status::corruption("count " + std::string(parts.name) + " of task " +
                                std::to_string(parts.task) + ": " + s.message());
    }
    Status added;
    if (parts.name.starts_with(kPopulationPrefix)) {
      added = add_population(summary, parts.name, count, model);
    } else if (parts.name.starts_with(kKpiPrefix)) {
      added = add_kpi(summary, parts.name, count);
    } else {
      added = Status::corruption("count " + std::string(parts.name) + " of task " +
                                 std::to_string(parts.task) + ": not a population or KPI count");
    }
    if (!added.is_ok()) return added;
  }
  if (!it.status().is_ok()) return it.status();
  const KnownValues known(model);
  add_known_zeros(summary.overall, known);
  for (const ExperimentConfig& experiment : model.experiments) {
    for (const Variant variant : {Variant::kHoldout, Variant::kTreatment}) {
      add_known_zeros(summary.experiments[experiment.name][std::string(to_string(variant))], known);
    }
  }
  return Status::ok();
}

void render_population_summary(const PopulationSummary& summary, const ModelConfig& config,
                               std::string& out) {
  const KnownValues known(config);
  JsonWriter w(out);
  w.begin_object();
  w.key("tasks").int_value(summary.tasks);
  w.key("clock");
  summary.clock ? w.time_value(*summary.clock) : w.null_value();
  w.key("window");
  if (summary.clock) {
    w.begin_object();
    w.key("days").int_value(kKpiWindowDays);
    w.key("first_day").string_value(date_of(summary.window_first_day));
    w.key("last_day").string_value(date_of(summary.window_last_day));
    w.end_object();
  } else {
    w.null_value();
  }
  write_slice(w, summary.overall, known);

  w.key("experiments").begin_object();
  const SliceSummary empty;
  std::vector<std::string> listed;
  for (const ExperimentConfig& experiment : config.experiments) {
    listed.push_back(experiment.name);
    const auto stored = summary.experiments.find(experiment.name);
    w.key(experiment.name).begin_object();
    for (const Variant variant : {Variant::kHoldout, Variant::kTreatment}) {
      const std::string name(to_string(variant));
      const SliceSummary* slice = &empty;
      if (stored != summary.experiments.end()) {
        const auto it = stored->second.find(name);
        if (it != stored->second.end()) slice = &it->second;
      }
      w.key(name).begin_object();
      write_slice(w, *slice, known);
      w.end_object();
    }
    w.end_object();
  }
  for (const auto& [name, variants] : summary.experiments) {  // no longer configured
    if (std::find(listed.begin(), listed.end(), name) != listed.end()) continue;
    w.key(name).begin_object();
    for (const auto& [variant, slice] : variants) {
      w.key(variant).begin_object();
      write_slice(w, slice, known);
      w.end_object();
    }
    w.end_object();
  }
  w.end_object();
  w.end_object();
  out.push_back('\n');
}

}  // namespace crm
