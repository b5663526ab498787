// Churn risk: each level edge, fractional E, and the score.
#include "processors/churn.h"

#include <gtest/gtest.h>

namespace crm {
namespace {

TEST(ChurnView, LevelEdges) {
  const PurchaseIntervals integral{24.0, 48.0, 96.0};
  const PurchaseIntervals fractional{21.75, 43.5, 90.0};
  const PurchaseIntervals huge_e{200.0, 180.0, 365.0};
  const struct {
    const char* name;
    std::int64_t d;
    PurchaseIntervals intervals;
    ChurnLevel level;
  } cases[] = {
      {"d 0", 0, integral, ChurnLevel::kLow},
      {"d = E", 24, integral, ChurnLevel::kLow},
      {"d = E + 1", 25, integral, ChurnLevel::kMedium},
      {"d = at_risk_after", 48, integral, ChurnLevel::kMedium},
      {"d = at_risk_after + 1", 49, integral, ChurnLevel::kHigh},
      {"d = churned_after", 96, integral, ChurnLevel::kHigh},
      {"d = churned_after + 1", 97, integral, ChurnLevel::kChurned},
      {"fractional E: 21 of 21.75", 21, fractional, ChurnLevel::kLow},
      {"fractional E: 22 of 21.75", 22, fractional, ChurnLevel::kMedium},
      {"fractional at_risk: 43 of 43.5", 43, fractional, ChurnLevel::kMedium},
      {"fractional at_risk: 44 of 43.5", 44, fractional, ChurnLevel::kHigh},
      // First that holds: an E above at_risk_after keeps the level low past it.
      {"E above at_risk_after", 190, huge_e, ChurnLevel::kLow},
      {"past E above at_risk_after", 201, huge_e, ChurnLevel::kHigh},
      {"past churned_after", 366, huge_e, ChurnLevel::kChurned},
  };
  for (const auto& c : cases) {
    const ChurnView view = churn_view(c.d, c.intervals);
    EXPECT_EQ(view.level, c.level) << c.name;
    EXPECT_EQ(view.days_since_last_purchase, c.d) << c.name;
  }
}

TEST(ChurnView, ScoreIsDOverChurnedAfterCappedAtOne) {
  const PurchaseIntervals in{24.0, 48.0, 96.0};
  EXPECT_DOUBLE_EQ(churn_view(0, in).score, 0.0);
  EXPECT_DOUBLE_EQ(churn_view(49, in).score, 49.0 / 96.0);  // 0.5104..., shown as 0.51
  EXPECT_DOUBLE_EQ(churn_view(96, in).score, 1.0);
  EXPECT_DOUBLE_EQ(churn_view(500, in).score, 1.0);
  EXPECT_DOUBLE_EQ(churn_view(40, {21.5, 43.0, 90.0}).score, 40.0 / 90.0);  // export: 0.444
}

TEST(ChurnView, CarriesTheIntervals) {
  const ChurnView view = churn_view(10, {24.0, 48.0, 96.0});
  EXPECT_EQ(view.expected_interval_days, 24.0);
  EXPECT_EQ(view.at_risk_after_days, 48.0);
  EXPECT_EQ(view.churned_after_days, 96.0);
}

}  // namespace
}  // namespace crm
