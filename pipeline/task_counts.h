// A task's population and KPI counts (semantics.md "KPIs"), held in memory and written back to
// the state store's counts family in the batch that changed them, so a restart does not reset
// them. Names: "population/<gauge>/<value>" or "population/<gauge>/<value>/<experiment>/<variant>"
// (value empty for memberships); "kpi/<transition>/<day>" likewise, one bucket per day of
// clock time. REQUIRES external synchronization (one task thread).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "processors/customer_step.h"
#include "state/batch.h"
#include "state/store.h"

namespace crm {

class TaskCounts {
 public:
  TaskCounts(TaskId task, const ModelConfig& config) : task_(task), config_(config) {}

  Status load(const StateStore& store);
  void add(const StepResult& result);
  // Puts the counts changed since the last flush into the batch.
  void flush(Batch& batch);

  const std::map<std::string, std::int64_t, std::less<>>& values() const { return values_; }

 private:
  void add(const std::string& name, std::int64_t delta);

  TaskId task_;
  const ModelConfig& config_;
  std::map<std::string, std::int64_t, std::less<>> values_;
  std::set<std::string, std::less<>> changed_;
  std::string name_;  // scratch
};

}  // namespace crm
