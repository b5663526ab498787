// Renders a task's population counts (pipeline/task_counts.h names) as a small text table per
// dimension, for the demo's terminal output.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace crm {

std::string population_table(const std::map<std::string, std::int64_t, std::less<>>& counts);

}  // namespace crm
