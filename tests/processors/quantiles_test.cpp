// Nearest-rank quintile cuts: known ranks, small samples, ties, and agreement with a full sort.
#include "processors/quantiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "processors/rfm.h"

namespace crm {
namespace {

using Cuts = std::array<std::int64_t, 4>;

Cuts cuts_of(std::vector<std::int64_t> values) {
  return quintile_cuts(values);
}

TEST(QuintileCuts, NearestRank) {
  const struct {
    const char* name;
    std::vector<std::int64_t> values;
    Cuts cuts;
  } cases[] = {
      {"one value", {7}, {7, 7, 7, 7}},
      {"three values: ranks 1,2,2,3", {30, 10, 20}, {10, 20, 20, 30}},
      {"five values: ranks 1,2,3,4", {5, 4, 3, 2, 1}, {1, 2, 3, 4}},
      {"seven values: ranks 2,3,5,6", {1, 2, 3, 4, 5, 6, 7}, {2, 3, 5, 6}},
      {"ten values: ranks 2,4,6,8", {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, {2, 4, 6, 8}},
      {"most bought once", {1, 1, 1, 1, 1, 1, 1, 1, 2, 5}, {1, 1, 1, 1}},
  };
  for (const auto& c : cases) EXPECT_EQ(cuts_of(c.values), c.cuts) << c.name;
}

TEST(QuintileCuts, AgreesWithSortedNearestRank) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 300; ++round) {
    const std::size_t n = 1 + rng() % 60;
    std::vector<std::int64_t> values(n);
    for (auto& v : values) v = static_cast<std::int64_t>(rng() % 12);  // many ties
    std::vector<std::int64_t> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    Cuts expected{};
    for (int k = 0; k < 4; ++k) {
      const double rank = std::ceil(0.2 * (k + 1) * static_cast<double>(n) - 1e-9);
      expected[static_cast<std::size_t>(k)] = sorted[static_cast<std::size_t>(rank) - 1];
    }
    EXPECT_EQ(cuts_of(values), expected) << "n " << n;
  }
}

TEST(QuantileThresholds, EmptySampleKeepsStatic) {
  EXPECT_EQ(quantile_thresholds({}, {}, {}), std::nullopt);
  EXPECT_EQ(quantile_thresholds({1}, {}, {1}), std::nullopt);
}

TEST(QuantileThresholds, StrictAndPerInput) {
  const auto t =
      quantile_thresholds({50, 10, 40, 20, 30}, {1, 1, 1, 1, 3}, {500, 100, 300, 200, 400});
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->strict);
  EXPECT_EQ(t->recency_days, (Cuts{10, 20, 30, 40}));
  EXPECT_EQ(t->frequency, (Cuts{1, 1, 1, 1}));
  EXPECT_EQ(t->monetary, (std::array<Money, 4>{100, 200, 300, 400}));
}

TEST(QuantileThresholds, OneTimeBuyersAreF1NotF4) {
  std::vector<std::int64_t> frequency(80, 1);
  for (int i = 0; i < 20; ++i) frequency.push_back(2 + i % 4);
  const auto t =
      quantile_thresholds(std::vector<std::int64_t>(100, 5), frequency, std::vector<Money>(100, 1));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(frequency_score(1, t->frequency, t->strict), 1);
  EXPECT_EQ(frequency_score(2, t->frequency, t->strict), 5);
  // Everyone tied on recency and monetary shares R5 and M1.
  EXPECT_EQ(recency_score(5, t->recency_days), 5);
  EXPECT_EQ(monetary_score(1, t->monetary, t->strict), 1);
}

}  // namespace
}  // namespace crm
