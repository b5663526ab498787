#include "app/population_table.h"

#include <fmt/format.h>

#include <array>

namespace crm {
namespace {

// Calls `visit(value, count)` for each value of `dimension` with a count, in name order.
template <typename Visit>
void for_each_population(const PopulationCounts& counts, std::string_view dimension, Visit visit) {
  const std::string prefix = fmt::format("population/{}/", dimension);
  for (auto it = counts.lower_bound(prefix); it != counts.end() && it->first.starts_with(prefix);
       ++it) {
    const std::string_view value = std::string_view(it->first).substr(prefix.size());
    if (value.find('/') != std::string_view::npos || it->second == 0) continue;  // per variant
    visit(value, it->second);
  }
}

}  // namespace

std::string population_table(const PopulationCounts& counts) {
  constexpr std::array<std::string_view, 4> kDimensions = {"lifecycle", "rfm_segment", "value_tier",
                                                           "churn_risk"};
  std::string out;
  for (const std::string_view dimension : kDimensions) {
    out += fmt::format("  {}\n", dimension);
    for_each_population(counts, dimension, [&](std::string_view value, std::int64_t count) {
      out += fmt::format("    {:<22}{:>10}\n", value, count);
    });
  }
  return out;
}

std::string population_line(const PopulationCounts& counts, std::string_view dimension) {
  std::string out = fmt::format("{}:", dimension);
  const char* separator = " ";
  for_each_population(counts, dimension, [&](std::string_view value, std::int64_t count) {
    out += fmt::format("{}{} {}", separator, value, count);
    separator = ", ";
  });
  return out;
}

}  // namespace crm
