// lifecycle, triggers and experiments: the customer model's settings besides RFM
// (semantics.md "Lifecycle stage", "Triggers", "Experiments").
#include <array>
#include <set>
#include <utility>

#include "config/config_error.h"
#include "config/number_text.h"
#include "config/scalar_values.h"
#include "config/section_readers.h"

namespace crm {

namespace {

// A clamp whose lower bound is above its upper one has no meaning.
void check_bounds(const ConfigNode& node, const std::string& min_key, double min,
                  const std::string& max_key, double max) {
  if (min > max) {
    throw ConfigError(node.path() + "." + min_key, "must be <= lifecycle." + max_key + " (" +
                                                       format_number(min) + " > " +
                                                       format_number(max) + ")");
  }
}

ExperimentConfig read_experiment(const ConfigNode& node) {
  const ConfigMap map(node, {"name", "salt", "holdout_percent"});
  ExperimentConfig experiment;
  experiment.name = read_nonempty_string(map.require("name"));
  if (auto value = map.find("salt")) experiment.salt = read_string(*value);
  if (auto value = map.find("holdout_percent")) {
    experiment.holdout_percent = read_number_in(*value, 0, 100);
  }
  return experiment;
}

}  // namespace

void read_lifecycle(const ConfigNode& node, LifecycleConfig& lifecycle) {
  const ConfigMap map(
      node, {"default_interval_days", "at_risk_factor", "at_risk_min_days", "at_risk_max_days",
             "churn_factor", "churn_min_days", "churn_max_days", "loyal_min_orders"});
  const std::array<std::pair<std::string_view, double*>, 7> reals = {{
      {"default_interval_days", &lifecycle.default_interval_days},
      {"at_risk_factor", &lifecycle.at_risk_factor},
      {"at_risk_min_days", &lifecycle.at_risk_min_days},
      {"at_risk_max_days", &lifecycle.at_risk_max_days},
      {"churn_factor", &lifecycle.churn_factor},
      {"churn_min_days", &lifecycle.churn_min_days},
      {"churn_max_days", &lifecycle.churn_max_days},
  }};
  for (const auto& [key, field] : reals) {
    if (auto value = map.find(key)) *field = read_positive_number(*value);
  }
  if (auto value = map.find("loyal_min_orders")) {
    lifecycle.loyal_min_orders = read_integer(*value, 1);
  }
  check_bounds(node, "at_risk_min_days", lifecycle.at_risk_min_days, "at_risk_max_days",
               lifecycle.at_risk_max_days);
  check_bounds(node, "churn_min_days", lifecycle.churn_min_days, "churn_max_days",
               lifecycle.churn_max_days);
}

void read_triggers(const ConfigNode& node, TriggersConfig& triggers) {
  const ConfigMap map(node, {"cart_abandoned_after", "unpaid_after"});
  if (auto value = map.find("cart_abandoned_after")) {
    triggers.cart_abandoned_after = read_duration(*value, 1);
  }
  if (auto value = map.find("unpaid_after")) triggers.unpaid_after = read_duration(*value, 1);
}

void read_experiments(const ConfigNode& node, std::vector<ExperimentConfig>& experiments) {
  experiments.clear();
  std::set<std::string, std::less<>> names;
  for (const ConfigNode& element : node.elements()) {
    experiments.push_back(read_experiment(element));
    if (!names.insert(experiments.back().name).second) {
      throw ConfigError(
          element.path() + ".name",
          "experiment names must be unique: " + quoted(experiments.back().name) + " is repeated");
    }
  }
}

}  // namespace crm
