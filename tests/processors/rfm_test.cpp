// RFM scoring rules: each static and strict threshold edge, the window edge, tiers and the
// default R x F segment grid.
#include "processors/rfm.h"

#include <gtest/gtest.h>

#include <string>

#include "processors/evaluate.h"

namespace crm {
namespace {

constexpr Money kUnit = kMoneyScale;

TEST(RecencyScore, StaticEdges) {
  const RfmThresholds t = static_thresholds(RfmConfig{});
  const struct {
    std::int64_t days;
    int r;
  } cases[] = {{0, 5},   {30, 5},  {31, 4},  {90, 4},  {91, 3},
               {180, 3}, {181, 2}, {365, 2}, {366, 1}, {1000, 1}};
  for (const auto& c : cases) {
    EXPECT_EQ(recency_score(c.days, t.recency_days), c.r) << "days " << c.days;
  }
}

TEST(RecencyScore, QuantileTiesAtTheBottomShareR5) {
  // Cuts [0, 0, 3, 10]: R = 5 - #{t < d}.
  const std::array<std::int64_t, 4> t = {0, 0, 3, 10};
  EXPECT_EQ(recency_score(0, t), 5);
  EXPECT_EQ(recency_score(1, t), 3);
  EXPECT_EQ(recency_score(3, t), 3);
  EXPECT_EQ(recency_score(4, t), 2);
  EXPECT_EQ(recency_score(10, t), 2);
  EXPECT_EQ(recency_score(11, t), 1);
}

TEST(FrequencyScore, StaticCountsThresholdsReached) {
  const RfmThresholds t = static_thresholds(RfmConfig{});
  ASSERT_FALSE(t.strict);
  const struct {
    std::int64_t f;
    int score;
  } cases[] = {{0, 1}, {1, 1}, {2, 2}, {3, 3}, {4, 3}, {5, 4}, {7, 4}, {8, 5}, {100, 5}};
  for (const auto& c : cases) {
    EXPECT_EQ(frequency_score(c.f, t.frequency, t.strict), c.score) << "f " << c.f;
  }
}

TEST(FrequencyScore, StrictCountsThresholdsExceeded) {
  const std::array<std::int64_t, 4> t = {1, 1, 2, 5};
  const struct {
    std::int64_t f;
    int score;
  } cases[] = {{0, 1}, {1, 1}, {2, 3}, {3, 4}, {5, 4}, {6, 5}};
  for (const auto& c : cases) {
    EXPECT_EQ(frequency_score(c.f, t, /*strict=*/true), c.score) << "f " << c.f;
  }
}

TEST(MonetaryScore, StaticEdges) {
  const RfmThresholds t = static_thresholds(RfmConfig{});
  const struct {
    Money m;
    int score;
  } cases[] = {{0, 1},           {100 * kUnit - 1, 1},  {100 * kUnit, 2},  {300 * kUnit - 1, 2},
               {300 * kUnit, 3}, {1000 * kUnit - 1, 3}, {1000 * kUnit, 4}, {3000 * kUnit - 1, 4},
               {3000 * kUnit, 5}};
  for (const auto& c : cases) {
    EXPECT_EQ(monetary_score(c.m, t.monetary, t.strict), c.score) << "m " << c.m;
  }
}

TEST(MonetaryScore, StrictEdges) {
  const std::array<Money, 4> t = {10, 20, 30, 40};
  const struct {
    Money m;
    int score;
  } cases[] = {{10, 1}, {11, 2}, {20, 2}, {21, 3}, {30, 3}, {31, 4}, {40, 4}, {41, 5}};
  for (const auto& c : cases) {
    EXPECT_EQ(monetary_score(c.m, t, /*strict=*/true), c.score) << "m " << c.m;
  }
}

TEST(ValueTier, FromM) {
  EXPECT_EQ(value_tier(1), ValueTier::kLow);
  EXPECT_EQ(value_tier(2), ValueTier::kMedium);
  EXPECT_EQ(value_tier(3), ValueTier::kMedium);
  EXPECT_EQ(value_tier(4), ValueTier::kHigh);
  EXPECT_EQ(value_tier(5), ValueTier::kHigh);
}

TEST(RfmWindow, PurchaseExactlyWindowOldIsOut) {
  const TimeMs paid = 1'000 * kDayMs;
  const std::int64_t window = 365;
  EXPECT_TRUE(in_rfm_window(paid, paid, window));
  EXPECT_TRUE(in_rfm_window(paid, paid + window * kDayMs - 1, window));
  EXPECT_FALSE(in_rfm_window(paid, paid + window * kDayMs, window));
  EXPECT_EQ(rfm_window_exit(paid, window), paid + window * kDayMs);
}

TEST(RfmWindow, LifetimeWindowKeepsEverything) {
  EXPECT_TRUE(in_rfm_window(0, 100'000 * kDayMs, 0));
  EXPECT_EQ(rfm_window_exit(0, 0), std::nullopt);
}

TEST(RfmWindow, PurchaseAheadOfTheClockIsNotYetIn) {
  EXPECT_FALSE(in_rfm_window(5'000, 4'999, 365));
  EXPECT_FALSE(in_rfm_window(5'000, 4'999, 0));
  EXPECT_TRUE(in_rfm_window(5'000, 5'000, 0));
}

TEST(WindowTotals, CountsAndSumsOnlyTheWindow) {
  const TimeMs now = 2'000 * kDayMs;
  const std::vector<Purchase> purchases = {
      {now - 30 * kDayMs, 7 * kUnit},      // exactly window old: out
      {now - 30 * kDayMs + 1, 5 * kUnit},  // 1 ms younger: in
      {now, 3 * kUnit},                    // at now: in
      {now + 1, 11 * kUnit},               // ahead of the clock: not yet
  };
  const WindowTotals totals = window_totals(purchases, now, 30);
  EXPECT_EQ(totals.frequency, 2);
  EXPECT_EQ(totals.monetary, 8 * kUnit);
  const WindowTotals lifetime = window_totals(purchases, now, 0);
  EXPECT_EQ(lifetime.frequency, 3);
  EXPECT_EQ(lifetime.monetary, 15 * kUnit);
}

// The spec's table, row by row: R x F -> segment, whatever M is.
TEST(DefaultSegments, AllTwentyFiveCells) {
  const char* grid[5][5] = {
      // F = 1            2                     3                      4                  5
      {"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"},  // R = 1
      {"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"},  // R = 2
      {"about_to_sleep", "about_to_sleep", "need_attention", "loyal_customers",
       "loyal_customers"},  // R = 3
      {"promising", "potential_loyalists", "potential_loyalists", "loyal_customers",
       "loyal_customers"},  // R = 4
      {"new_customers", "potential_loyalists", "potential_loyalists", "champions",
       "champions"},  // R = 5
  };
  const RfmConfig config;
  // Recency days and frequencies that give each score under the static thresholds.
  const std::int64_t days_for_r[6] = {0, 400, 200, 100, 60, 10};
  const std::int64_t freq_for_f[6] = {0, 1, 2, 3, 5, 8};
  const Money money_for_m[3] = {0, 500 * kUnit, 5000 * kUnit};
  const RfmThresholds t = static_thresholds(config);
  for (int r = 1; r <= 5; ++r) {
    for (int f = 1; f <= 5; ++f) {
      for (const Money m : money_for_m) {
        const RfmView view = score_rfm(days_for_r[r], {freq_for_f[f], m}, t, config.segments);
        ASSERT_EQ(view.r, r);
        ASSERT_EQ(view.f, f);
        ASSERT_GE(view.segment, 0);
        EXPECT_EQ(config.segments[static_cast<std::size_t>(view.segment)].name,
                  std::string(grid[r - 1][f - 1]))
            << "R" << r << " F" << f << " money " << m;
      }
    }
  }
}

TEST(ScoreRfm, CarriesInputsScoresAndTier) {
  const RfmConfig config;
  const RfmView view = score_rfm(49, {3, 12'805'000}, static_thresholds(config), config.segments);
  EXPECT_EQ(view.recency_days, 49);
  EXPECT_EQ(view.frequency, 3);
  EXPECT_EQ(view.monetary, 12'805'000);
  EXPECT_EQ(view.r, 4);
  EXPECT_EQ(view.f, 3);
  EXPECT_EQ(view.m, 4);
  EXPECT_EQ(view.tier, ValueTier::kHigh);
  EXPECT_EQ(config.segments[static_cast<std::size_t>(view.segment)].name, "potential_loyalists");
}

TEST(ScoreRfm, NoMatchingRuleIsMinusOne) {
  const std::vector<SegmentRule> only_champions = {{"champions", {5, 5}, {4, 5}, {1, 5}}};
  const RfmView view = score_rfm(400, {1, 0}, static_thresholds(RfmConfig{}), only_champions);
  EXPECT_EQ(view.segment, -1);
}

}  // namespace
}  // namespace crm
