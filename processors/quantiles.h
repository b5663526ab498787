// Quantile RFM thresholds (semantics.md "rfm.scoring: quantile"): the nearest-rank 20/40/60/80 %
// values of a task's scored customers, used with strict comparisons so that customers tied at
// the bottom value share the bottom score.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "processors/customer_view.h"
#include "processors/money.h"

namespace crm {

// The 20/40/60/80 % nearest-rank values of `values`: for p, the value at 1-based rank
// ceil(p/100 x n) of the ascending sample. `values` is reordered (partially sorted) in place.
// REQUIRES: !values.empty().
std::array<std::int64_t, 4> quintile_cuts(std::vector<std::int64_t>& values);

// The thresholds of one pass over a task's buyers (one entry per customer in each vector; the
// three are ranked independently). strict = true. nullopt when any sample is empty: with no
// scored customer the static thresholds stay in force.
std::optional<RfmThresholds> quantile_thresholds(std::vector<std::int64_t> recency_days,
                                                 std::vector<std::int64_t> frequency,
                                                 std::vector<Money> monetary);

}  // namespace crm
