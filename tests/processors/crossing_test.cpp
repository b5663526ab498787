// When time alone changes a view: the day-count helpers, next_view_crossing() on the outputs.md
// example and each kind of crossing, and a property test that stepping through the crossings
// never skips a change and never reports one late.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>

#include "processors/elapsed_days.h"
#include "processors/evaluate.h"
#include "tests/processors/profile_builders.h"

namespace crm {
namespace {

using test::customer;
using test::utc;

TEST(ElapsedDays, FloorsAndNeverGoesNegative) {
  const TimeMs t = utc(2026, 1, 1);
  EXPECT_EQ(elapsed_days(t, t), 0);
  EXPECT_EQ(elapsed_days(t, t + kDayMs - 1), 0);
  EXPECT_EQ(elapsed_days(t, t + kDayMs), 1);
  EXPECT_EQ(elapsed_days(t, t - 1), 0);
  EXPECT_EQ(elapsed_days(t, t - 5 * kDayMs), 0);
}

TEST(NextExceeding, FirstInstantPastTheThreshold) {
  const TimeMs s = utc(2026, 10, 4, 10);
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const struct {
    const char* name;
    double threshold;
    TimeMs now;
    std::optional<TimeMs> at;
  } cases[] = {
      {"integral 48.0: at 49 days", 48.0, s, s + 49 * kDayMs},
      {"fractional 43.5: at 44 days", 43.5, s, s + 44 * kDayMs},
      {"just below an integer", 47.999, s, s + 48 * kDayMs},
      {"from the last ms before", 48.0, s + 49 * kDayMs - 1, s + 49 * kDayMs},
      {"already past at the instant", 48.0, s + 49 * kDayMs, std::nullopt},
      {"zero: at one day", 0.0, s, s + kDayMs},
      {"from before `since`", 2.0, s - 10 * kDayMs, s + 3 * kDayMs},
      {"negative threshold: always past", -1.0, s, std::nullopt},
      {"infinite threshold: never", inf, s, std::nullopt},
      {"NaN threshold: never", nan, s, std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(next_exceeding(s, c.threshold, c.now), c.at) << c.name;
  }
}

TEST(NextExceeding, IntegerThresholds) {
  const TimeMs s = utc(2026, 1, 1, 12);
  EXPECT_EQ(next_exceeding(s, std::int64_t{30}, s), s + 31 * kDayMs);
  EXPECT_EQ(next_exceeding(s, std::int64_t{30}, s + 31 * kDayMs - 1), s + 31 * kDayMs);
  EXPECT_EQ(next_exceeding(s, std::int64_t{30}, s + 31 * kDayMs), std::nullopt);
  EXPECT_EQ(next_exceeding(s, std::numeric_limits<std::int64_t>::max(), s), std::nullopt);
}

// outputs.md: three purchases, the last 2026-10-04T10:00Z, 48 days after the first.
Profile outputs_example() {
  const TimeMs last = utc(2026, 10, 4, 10);
  return customer(
      {{last - 48 * kDayMs, 4'000'000}, {last - 20 * kDayMs, 3'805'000}, {last, 5'000'000}});
}

std::vector<TimeMs> crossings_from(const Profile& p, TimeMs now, const ModelConfig& config,
                                   const RfmThresholds& t) {
  std::vector<TimeMs> out;
  while (auto next = next_view_crossing(p, now, config, t)) {
    EXPECT_GT(*next, now);
    out.push_back(*next);
    now = *next;
    if (out.size() > 1000) break;
  }
  return out;
}

TEST(NextViewCrossing, OutputsExampleAtRiskInstant) {
  const ModelConfig config;
  const RfmThresholds t = static_thresholds(config.rfm);
  const TimeMs at_risk = utc(2026, 11, 22, 10);
  EXPECT_EQ(next_view_crossing(outputs_example(), at_risk - 1, config, t), at_risk);
  // From the cohort entry (first + 90 days = 2026-11-15T10:00Z) the next one is at_risk too.
  EXPECT_EQ(next_view_crossing(outputs_example(), utc(2026, 11, 15, 10), config, t), at_risk);
}

TEST(NextViewCrossing, OutputsExampleEveryCrossing) {
  const ModelConfig config;
  const Profile p = outputs_example();
  const TimeMs last = p.purchases.back().paid_at;
  // Days after the last purchase: E 24 -> 25, R 30 -> 31, cohort entry (first + 90) -> 42,
  // at_risk 48 -> 49, R 90 -> 91, churned 96 -> 97, R 180 -> 181, first leaves the window
  // (first + 365) -> 317, cohort exit (first + 366) -> 318, middle leaves -> 345, last
  // leaves -> 365, R 365 -> 366.
  std::vector<TimeMs> expected;
  for (const int days : {25, 31, 42, 49, 91, 97, 181, 317, 318, 345, 365, 366}) {
    expected.push_back(last + days * kDayMs);
  }
  EXPECT_EQ(crossings_from(p, last, config, static_thresholds(config.rfm)), expected);
}

TEST(NextViewCrossing, NonBuyerHasNone) {
  Profile p;
  p.customer_id = "c-1";
  p.visit_hashes = {1, 2, 3};
  const ModelConfig config;
  EXPECT_EQ(next_view_crossing(p, utc(2026, 1, 1), config, static_thresholds(config.rfm)),
            std::nullopt);
}

TEST(NextViewCrossing, NothingLeftToCrossAfterAYearInLifetimeWindow) {
  ModelConfig config;
  config.rfm.window_days = 0;
  const Profile p = outputs_example();
  const TimeMs last = p.purchases.back().paid_at;
  const RfmThresholds t = static_thresholds(config.rfm);
  EXPECT_EQ(next_view_crossing(p, last + 366 * kDayMs - 1, config, t), last + 366 * kDayMs);
  EXPECT_EQ(next_view_crossing(p, last + 366 * kDayMs, config, t), std::nullopt);
}

TEST(NextViewCrossing, FractionalAtRiskThreshold) {
  // Two purchases 21.75 days apart: E 21.75, at_risk_after 43.5, crossing at 44 days.
  const TimeMs first = utc(2026, 3, 1, 6);
  const TimeMs last = first + 21 * kDayMs + 18 * kHourMs;
  const Profile p = customer({{first, kMoneyScale}, {last, kMoneyScale}});
  const ModelConfig config;
  const RfmThresholds t = static_thresholds(config.rfm);
  EXPECT_EQ(next_view_crossing(p, last + 31 * kDayMs, config, t), last + 44 * kDayMs);
  EXPECT_EQ(evaluate(p, last + 44 * kDayMs - 1, config, t).lifecycle, LifecycleStage::kRepeat);
  EXPECT_EQ(evaluate(p, last + 44 * kDayMs, config, t).lifecycle, LifecycleStage::kAtRisk);
}

TEST(NextViewCrossing, WindowExitIsExactlyWindowLater) {
  ModelConfig config;
  config.rfm.window_days = 30;
  const TimeMs paid = utc(2026, 5, 5, 5) + 123;
  const Profile p = customer({{paid, kMoneyScale}});
  const RfmThresholds t = static_thresholds(config.rfm);
  // R steps at 31 days; the window exit at exactly 30 days comes first.
  EXPECT_EQ(next_view_crossing(p, paid + 29 * kDayMs, config, t), paid + 30 * kDayMs);
  EXPECT_EQ(evaluate(p, paid + 30 * kDayMs - 1, config, t).rfm->frequency, 1);
  EXPECT_EQ(evaluate(p, paid + 30 * kDayMs, config, t).rfm->frequency, 0);
}

TEST(NextViewCrossing, PurchaseAheadOfTheClockEntersAtItsTime) {
  const ModelConfig config;
  const TimeMs paid = utc(2026, 5, 5, 5);
  const Profile p = customer({{paid, kMoneyScale}});
  EXPECT_EQ(next_view_crossing(p, paid - kHourMs, config, static_thresholds(config.rfm)), paid);
}

TEST(NextViewCrossing, QuantileRecencyStepsWithTies) {
  RfmThresholds t;
  t.recency_days = {5, 5, 10, 20};
  t.frequency = {1, 1, 1, 1};
  t.monetary = {1, 1, 1, 1};
  t.strict = true;
  ModelConfig config;
  config.rfm.window_days = 0;
  const TimeMs paid = utc(2026, 7, 1);
  const Profile p = customer({{paid, kMoneyScale}});
  // E = 30: churn at 31; at_risk 60 -> 61; churned 120 -> 121; cohort 90 and 366.
  std::vector<TimeMs> expected;
  for (const int days : {6, 11, 21, 31, 61, 90, 121, 366}) expected.push_back(paid + days * kDayMs);
  EXPECT_EQ(crossings_from(p, paid, config, t), expected);
  EXPECT_EQ(evaluate(p, paid + 6 * kDayMs - 1, config, t).rfm->r, 5);
  EXPECT_EQ(evaluate(p, paid + 6 * kDayMs, config, t).rfm->r, 3);
}

// What time may change: everything but the day counters, which grow daily and ride along with
// the changes the crossings produce.
auto time_sensitive(const CustomerView& v) {
  const RfmView rfm = v.rfm.value_or(RfmView{});
  const ChurnView churn = v.churn.value_or(ChurnView{});
  return std::make_tuple(v.lifecycle, v.purchases, v.monetary_lifetime, v.first_purchase,
                         v.last_purchase, v.rfm.has_value(), rfm.r, rfm.f, rfm.m, rfm.frequency,
                         rfm.monetary, rfm.segment, rfm.tier, v.churn.has_value(), churn.level,
                         churn.expected_interval_days, churn.at_risk_after_days,
                         churn.churned_after_days, v.kpi);
}

TEST(NextViewCrossing, PropertySteppingNeverSkipsAChangeNorReportsOneLate) {
  std::mt19937_64 rng(20261122);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  const std::int64_t windows[] = {0, 30, 90, 365};
  int crossings_seen = 0;
  for (int round = 0; round < 300; ++round) {
    ModelConfig config;
    config.rfm.window_days = windows[uniform(0, 3)];
    config.lifecycle.loyal_min_orders = uniform(2, 4);
    if (uniform(0, 1) == 1) config.lifecycle.default_interval_days = 7.3;
    RfmThresholds t = static_thresholds(config.rfm);
    if (uniform(0, 1) == 1) {
      t.strict = true;
      for (auto& x : t.recency_days) x = uniform(0, 200);
      for (auto& x : t.frequency) x = uniform(0, 4);
      for (auto& x : t.monetary) x = uniform(0, 2000) * kMoneyScale;
      std::sort(t.recency_days.begin(), t.recency_days.end());
      std::sort(t.frequency.begin(), t.frequency.end());
      std::sort(t.monetary.begin(), t.monetary.end());
    }
    const TimeMs base = utc(2025, 1, 1) + uniform(0, kDayMs);
    std::vector<Purchase> purchases(static_cast<std::size_t>(uniform(1, 6)));
    const std::int64_t spread_days = uniform(0, 1) == 1 ? 30 : 400;
    for (auto& p : purchases) {
      p.paid_at = base + uniform(0, spread_days * kDayMs);
      p.value = uniform(1, 2000) * kMoneyScale;
    }
    std::sort(purchases.begin(), purchases.end(),
              [](const Purchase& a, const Purchase& b) { return a.paid_at < b.paid_at; });
    const Profile profile = customer(purchases);
    auto view_at = [&](TimeMs now) { return time_sensitive(evaluate(profile, now, config, t)); };

    // Start before the purchases (a clock behind them) or somewhere among them.
    TimeMs now = base - uniform(0, 5 * kDayMs);
    for (int step = 0; step < 200; ++step) {
      const auto start = view_at(now);
      const std::optional<TimeMs> next = next_view_crossing(profile, now, config, t);
      // Every change is anchored on a purchase plus whole days: check each such instant and
      // the millisecond before it up to the crossing (or two years on when none is left),
      // plus random milliseconds.
      const TimeMs until = next ? *next : now + 800 * kDayMs;
      ASSERT_GT(until, now);
      std::vector<TimeMs> probes = {until - 1};
      for (const Purchase& p : purchases) {
        const std::int64_t k0 = std::max<std::int64_t>(0, (now - p.paid_at) / kDayMs);
        for (std::int64_t k = k0;; ++k) {
          const TimeMs at = p.paid_at + k * kDayMs;
          if (at > until) break;
          if (at > now && at < until) probes.push_back(at);
          if (at - 1 > now && at - 1 < until) probes.push_back(at - 1);
        }
      }
      for (int i = 0; i < 20; ++i) probes.push_back(now + 1 + uniform(0, until - now - 2));
      for (const TimeMs probe : probes) {
        ASSERT_EQ(view_at(probe), start)
            << "round " << round << ": a change at " << probe << " before the crossing "
            << (next ? *next : -1) << " reported from " << now;
      }
      if (!next) break;
      // Exact: the change holds from the reported millisecond, not later.
      ASSERT_NE(view_at(*next), start) << "round " << round << ": nothing changes at " << *next;
      ++crossings_seen;
      now = *next;
    }
  }
  EXPECT_GT(crossings_seen, 1000);
}

}  // namespace
}  // namespace crm
