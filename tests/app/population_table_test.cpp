// The demo's population rendering: per-variant counts and zero counts are left out.
#include "app/population_table.h"

#include <gtest/gtest.h>

namespace crm {
namespace {

const PopulationCounts kCounts = {
    {"population/churn_risk/high", 2},
    {"population/churn_risk/low", 0},
    {"population/churn_risk/medium", 5},
    {"population/rfm_segment/champions", 1},
    {"population/rfm_segment/champions/exp-1/b", 1},
    {"population/rfm_segment/promising", 7},
};

TEST(PopulationLine, OneDimensionsValuesWithACountInNameOrder) {
  EXPECT_EQ(population_line(kCounts, "rfm_segment"), "rfm_segment: champions 1, promising 7");
  EXPECT_EQ(population_line(kCounts, "churn_risk"), "churn_risk: high 2, medium 5");
  EXPECT_EQ(population_line(kCounts, "lifecycle"), "lifecycle:");
}

TEST(PopulationTable, EveryDimensionWithItsValues) {
  EXPECT_EQ(population_table(kCounts),
            "  lifecycle\n"
            "  rfm_segment\n"
            "    champions                      1\n"
            "    promising                      7\n"
            "  value_tier\n"
            "  churn_risk\n"
            "    high                           2\n"
            "    medium                         5\n");
}

}  // namespace
}  // namespace crm
