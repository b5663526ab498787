#include "processors/kpi_membership.h"

#include "processors/elapsed_days.h"

namespace crm {

KpiMembership kpi_membership(const std::vector<Purchase>& purchases, TimeMs now) {
  KpiMembership kpi;
  kpi.buyer = !purchases.empty();
  kpi.repeat_buyer = purchases.size() >= 2;
  if (!kpi.buyer) return kpi;
  const TimeMs first = purchases.front().paid_at;
  const std::int64_t age = elapsed_days(first, now);
  kpi.second_purchase_cohort = age >= kCohortMinAgeDays && age <= kCohortMaxAgeDays;
  kpi.second_within_90_days = kpi.second_purchase_cohort && kpi.repeat_buyer &&
                              elapsed_days(first, purchases[1].paid_at) <= kSecondPurchaseDays;
  return kpi;
}

std::optional<TimeMs> next_cohort_crossing(const std::vector<Purchase>& purchases, TimeMs now) {
  if (purchases.empty()) return std::nullopt;
  const TimeMs first = purchases.front().paid_at;
  // Entry: age >= 90 is age > 89. Exit: age > 365.
  if (auto entry = next_exceeding(first, kCohortMinAgeDays - 1, now)) return entry;
  return next_exceeding(first, kCohortMaxAgeDays, now);
}

}  // namespace crm
