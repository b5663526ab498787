#include "pipeline/task_counts.h"

#include "state/count_value.h"

namespace crm {
namespace {

void append_slice(std::string& name, int experiment, Variant variant, const ModelConfig& config) {
  if (experiment == kAllProfiles) return;
  name += '/';
  name += config.experiments[static_cast<std::size_t>(experiment)].name;
  name += '/';
  name += to_string(variant);
}

}  // namespace

Status TaskCounts::load(const StateStore& store) {
  values_.clear();
  changed_.clear();
  RangeIterator it = store.scan(Family::kCounts, task_range(task_));
  for (; it.valid(); it.next()) {
    NamedKeyParts parts;
    if (Status s = decode_named_key(it.key(), parts); !s.is_ok()) return s;
    std::int64_t value = 0;
    if (Status s = decode_count_value(it.value(), value); !s.is_ok()) return s;
    values_.emplace(std::string(parts.name), value);
  }
  return it.status();
}

void TaskCounts::add(const StepResult& result) {
  for (const PopulationCount& count : result.populations.counts()) {
    name_ = "population/";
    name_ += to_string(count.gauge);
    name_ += '/';
    name_ += count.value;
    append_slice(name_, count.experiment, count.variant, config_);
    add(name_, count.delta);
  }
  for (const KpiTransition& transition : result.kpi_transitions) {
    name_ = "kpi/";
    name_ += to_string(transition.kind);
    name_ += '/';
    name_ += std::to_string(transition.day);
    append_slice(name_, transition.experiment, transition.variant, config_);
    add(name_, 1);
  }
}

void TaskCounts::add(const std::string& name, std::int64_t delta) {
  auto it = values_.find(name);
  if (it == values_.end()) it = values_.emplace(name, 0).first;
  it->second += delta;
  changed_.insert(name);
}

void TaskCounts::flush(Batch& batch) {
  for (const std::string& name : changed_) {
    const std::int64_t value = values_.at(name);
    if (value == 0) {
      batch.erase_count(task_, name);
    } else {
      batch.put_count(task_, name, value);
    }
  }
  changed_.clear();
}

}  // namespace crm
