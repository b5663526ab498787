// Sums of producer values stay in the int64 range (processors/saturating_add.h): a refund past
// it still refunds in full, and totals stop at its end instead of turning negative.
#include <gtest/gtest.h>

#include <limits>

#include "processors/fold.h"
#include "processors/model_config.h"
#include "processors/order_ledger.h"
#include "processors/rfm.h"
#include "processors/saturating_add.h"

namespace crm {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr TimeMs kT0 = 1'790'000'000'000;  // 2026-09-21

Event order_event(EventType type, const char* id, const char* order_id, Money amount) {
  Event event;
  event.event_id = id;
  event.type = type;
  event.ts = kT0;
  event.customer_id = "c1";
  event.order_id = order_id;
  event.amount = amount;
  return event;
}

TEST(SaturatingAdd, StopsAtEitherEndOfTheRange) {
  EXPECT_EQ(saturating_add(kMax, 1), kMax);
  EXPECT_EQ(saturating_add(kMax - 1, kMax), kMax);
  EXPECT_EQ(saturating_add(std::numeric_limits<std::int64_t>::min(), -1),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(saturating_add(5, -3), 2);
}

TEST(SaturatingSums, RefundsPastTheRangeStillRefundInFull) {
  Profile profile;
  apply_to_ledger(profile, order_event(EventType::kOrderPaid, "p", "o1", 1));
  apply_to_ledger(profile, order_event(EventType::kOrderRefunded, "r1", "o1", kMax));
  apply_to_ledger(profile, order_event(EventType::kOrderRefunded, "r2", "o1", kMax));
  EXPECT_TRUE(profile.purchases.empty());
  EXPECT_EQ(profile.monetary_lifetime, 0);
}

TEST(SaturatingSums, MoneyTotalsStopAtTheRangesEnd) {
  Profile profile;
  apply_to_ledger(profile, order_event(EventType::kOrderPaid, "p1", "o1", kMax));
  apply_to_ledger(profile, order_event(EventType::kOrderPaid, "p2", "o2", kMax));
  EXPECT_EQ(profile.monetary_lifetime, kMax);
  EXPECT_EQ(window_totals(profile.purchases, kT0, 365).monetary, kMax);
}

TEST(SaturatingSums, CartQuantityAndDwellStopAtTheRangesEnd) {
  Profile profile;
  add_to_cart(profile, "sku-1", kMax, std::nullopt, kT0);
  add_to_cart(profile, "sku-1", 2, std::nullopt, kT0 + 1);
  ASSERT_EQ(profile.cart.size(), 1u);
  EXPECT_EQ(profile.cart[0].quantity, kMax);

  ModelConfig config;
  Event view;
  view.event_id = "v";
  view.type = EventType::kPageView;
  view.ts = kT0;
  view.customer_id = "c1";
  view.dwell_ms = kMax;
  fold_behaviour(profile, view, config);
  fold_behaviour(profile, view, config);
  EXPECT_EQ(profile.dwell_ms_total, kMax);
}

}  // namespace
}  // namespace crm
