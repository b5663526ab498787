// Which KPI counts a customer belongs to at a clock instant (semantics.md "KPIs"): buyer,
// repeat buyer, and the second-purchase cohort with its numerator. The cohort bounds are whole
// days of the first purchase's age, inclusive at both ends.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "processors/customer_view.h"
#include "processors/profile.h"

namespace crm {

inline constexpr std::int64_t kCohortMinAgeDays = 90;    // the first purchase is at least ...
inline constexpr std::int64_t kCohortMaxAgeDays = 365;   // ... and at most this many days old
inline constexpr std::int64_t kSecondPurchaseDays = 90;  // second within 90 whole days of first

// REQUIRES: purchases ascending by paid_at (the fold keeps them so).
KpiMembership kpi_membership(const std::vector<Purchase>& purchases, TimeMs now);

// The next instant after `now` at which the cohort membership flips by time alone (entry at
// first + 90 days, exit at first + 366 days), or nullopt for a non-buyer or a finished cohort.
std::optional<TimeMs> next_cohort_crossing(const std::vector<Purchase>& purchases, TimeMs now);

}  // namespace crm
