#include "app/population_table.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace crm {

std::string population_table(const std::map<std::string, std::int64_t, std::less<>>& counts) {
  constexpr std::array<std::string_view, 4> kDimensions = {"lifecycle", "rfm_segment", "value_tier",
                                                           "churn_risk"};
  std::string out;
  for (const std::string_view dimension : kDimensions) {
    const std::string prefix = fmt::format("population/{}/", dimension);
    out += fmt::format("  {}\n", dimension);
    for (auto it = counts.lower_bound(prefix); it != counts.end() && it->first.starts_with(prefix);
         ++it) {
      const std::string_view value = std::string_view(it->first).substr(prefix.size());
      if (value.find('/') != std::string_view::npos || it->second == 0) continue;  // per variant
      out += fmt::format("    {:<22}{:>10}\n", value, it->second);
    }
  }
  return out;
}

}  // namespace crm
