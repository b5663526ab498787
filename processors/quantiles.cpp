#include "processors/quantiles.h"

#include <algorithm>

namespace crm {

std::array<std::int64_t, 4> quintile_cuts(std::vector<std::int64_t>& values) {
  // A pass ranks every buyer of a task, so select the four ranks (highest first, each
  // nth_element narrowing the range left of the previous one) instead of a full sort.
  const auto n = static_cast<std::int64_t>(values.size());
  std::array<std::int64_t, 4> cuts{};
  auto end = values.end();
  for (int k = 3; k >= 0; --k) {
    const std::int64_t percent = 20 * (k + 1);
    const std::int64_t rank = (percent * n + 99) / 100;  // ceil(p/100 x n), 1-based, >= 1
    const auto nth = values.begin() + (rank - 1);
    std::nth_element(values.begin(), nth, end);
    cuts[static_cast<std::size_t>(k)] = *nth;
    end = nth;  // everything left of nth is <= it: the lower ranks are in there
  }
  return cuts;
}

std::optional<RfmThresholds> quantile_thresholds(std::vector<std::int64_t> recency_days,
                                                 std::vector<std::int64_t> frequency,
                                                 std::vector<Money> monetary) {
  if (recency_days.empty() || frequency.empty() || monetary.empty()) return std::nullopt;
  RfmThresholds thresholds;
  thresholds.recency_days = quintile_cuts(recency_days);
  thresholds.frequency = quintile_cuts(frequency);
  thresholds.monetary = quintile_cuts(monetary);
  thresholds.strict = true;
  return thresholds;
}

}  // namespace crm
