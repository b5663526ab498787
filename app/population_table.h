// Renders a task's population counts (pipeline/task_counts.h names) for the demo's terminal:
// a small text table per dimension, or one dimension on one line.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace crm {

using PopulationCounts = std::map<std::string, std::int64_t, std::less<>>;

std::string population_table(const PopulationCounts& counts);
// "rfm_segment: champions 1, new_customers 35": the values with a count, in name order.
std::string population_line(const PopulationCounts& counts, std::string_view dimension);

}  // namespace crm
