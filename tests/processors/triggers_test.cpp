// cart_abandoned and payment_reminder due times and firing, and the visitor expiry instant.
#include "processors/triggers.h"

#include <gtest/gtest.h>

#include "processors/fold.h"
#include "processors/order_ledger.h"

namespace crm {
namespace {

constexpr TimeMs kT0 = 1'790'000'000'000;

Event cart_event(EventType type, std::string_view product, TimeMs ts) {
  Event event;
  event.event_id = "e";
  event.type = type;
  event.ts = ts;
  event.customer_id = "c1";
  event.product_id = product;
  return event;
}

Event order_event(EventType type, std::string_view order_id, TimeMs ts, Money amount = 0) {
  Event event;
  event.event_id = "o";
  event.type = type;
  event.ts = ts;
  event.customer_id = "c1";
  event.order_id = order_id;
  event.amount = amount;
  return event;
}

Profile customer() {
  Profile profile;
  profile.customer_id = "c1";
  return profile;
}

std::vector<Trigger> fire(Profile& profile, TimeMs instant, const ModelConfig& config) {
  std::vector<Trigger> fired;
  fire_due_triggers(profile, instant, config, fired);
  return fired;
}

TEST(Triggers, CartAbandonedFiresAtLastAddPlusOneHourOncePerCart) {
  const ModelConfig config;
  Profile profile = customer();
  EXPECT_EQ(cart_abandoned_due(profile, config), std::nullopt);
  fold_behaviour(profile, cart_event(EventType::kAddToCart, "p1", kT0), config);
  EXPECT_EQ(cart_abandoned_due(profile, config), kT0 + kHourMs);
  // A new add before it fires moves the due time.
  fold_behaviour(profile, cart_event(EventType::kAddToCart, "p2", kT0 + 10 * kMinuteMs), config);
  EXPECT_EQ(cart_abandoned_due(profile, config), kT0 + 70 * kMinuteMs);

  EXPECT_TRUE(fire(profile, kT0 + 70 * kMinuteMs - 1, config).empty());
  const std::vector<Trigger> fired = fire(profile, kT0 + 70 * kMinuteMs, config);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].type, TriggerType::kCartAbandoned);
  ASSERT_EQ(fired[0].items.size(), 2u);
  EXPECT_EQ(fired[0].items[0].product_id, "p1");
  EXPECT_EQ(cart_abandoned_due(profile, config), std::nullopt);

  // Same cart: more adds never fire it again.
  fold_behaviour(profile, cart_event(EventType::kAddToCart, "p3", kT0 + 2 * kHourMs), config);
  EXPECT_TRUE(fire(profile, kT0 + 9 * kHourMs, config).empty());

  // Emptied, then a new cart: fires again.
  for (const char* p : {"p1", "p2", "p3"}) {
    fold_behaviour(profile, cart_event(EventType::kRemoveFromCart, p, kT0 + 10 * kHourMs), config);
  }
  EXPECT_TRUE(profile.cart.empty());
  fold_behaviour(profile, cart_event(EventType::kAddToCart, "p4", kT0 + 11 * kHourMs), config);
  EXPECT_EQ(fire(profile, kT0 + 12 * kHourMs, config).size(), 1u);
}

TEST(Triggers, AnOrderBeforeTheInstantEmptiesTheCart) {
  const ModelConfig config;
  Profile profile = customer();
  fold_behaviour(profile, cart_event(EventType::kAddToCart, "p1", kT0), config);
  fold_behaviour(profile, order_event(EventType::kOrderPlaced, "o1", kT0 + kHourMs - 1), config);
  EXPECT_EQ(cart_abandoned_due(profile, config), std::nullopt);
  EXPECT_TRUE(fire(profile, kT0 + kHourMs, config).empty());
}

TEST(Triggers, VisitorsKeepTheirCartButNeverTrigger) {
  const ModelConfig config;
  Profile visitor;
  visitor.anonymous_id = "v1";
  fold_behaviour(visitor, cart_event(EventType::kAddToCart, "p1", kT0), config);
  EXPECT_EQ(visitor.cart.size(), 1u);
  EXPECT_EQ(cart_abandoned_due(visitor, config), std::nullopt);
  EXPECT_EQ(next_trigger_due(visitor, config), std::nullopt);
  EXPECT_TRUE(fire(visitor, kT0 + 2 * kHourMs, config).empty());
}

struct ReminderCase {
  const char* name;
  std::vector<Event> events;
  std::optional<TimeMs> due;
};

TEST(Triggers, PaymentReminderDueOnlyForAnOrderNeitherPaidNorCancelled) {
  const Money amount = 42 * kMoneyScale;
  const std::vector<ReminderCase> cases = {
      {"placed", {order_event(EventType::kOrderPlaced, "o1", kT0, amount)}, kT0 + 30 * kMinuteMs},
      {"paid",
       {order_event(EventType::kOrderPlaced, "o1", kT0, amount),
        order_event(EventType::kOrderPaid, "o1", kT0 + 5, amount)},
       std::nullopt},
      {"paid_first",
       {order_event(EventType::kOrderPaid, "o1", kT0 + 5, amount),
        order_event(EventType::kOrderPlaced, "o1", kT0, amount)},
       std::nullopt},
      {"cancelled",
       {order_event(EventType::kOrderPlaced, "o1", kT0, amount),
        order_event(EventType::kOrderCancelled, "o1", kT0 + 5)},
       std::nullopt},
      {"shipped_is_not_paid",
       {order_event(EventType::kOrderPlaced, "o1", kT0, amount),
        order_event(EventType::kOrderShipped, "o1", kT0 + 5)},
       kT0 + 30 * kMinuteMs},
      {"never_placed", {order_event(EventType::kOrderRefunded, "o1", kT0, amount)}, std::nullopt},
  };
  const ModelConfig config;
  for (const ReminderCase& c : cases) {
    Profile profile = customer();
    for (const Event& e : c.events) apply_to_ledger(profile, e);
    EXPECT_EQ(next_trigger_due(profile, config), c.due) << c.name;
  }
}

TEST(Triggers, PaymentReminderFiresOncePerOrderWithThePlacedAmount) {
  const ModelConfig config;
  Profile profile = customer();
  apply_to_ledger(profile, order_event(EventType::kOrderPlaced, "o-b", kT0, 20 * kMoneyScale));
  apply_to_ledger(profile, order_event(EventType::kOrderPlaced, "o-a", kT0 + 1, 10 * kMoneyScale));
  apply_to_ledger(profile, order_event(EventType::kOrderPlaced, "o-c", kT0 + kHourMs, 5));
  EXPECT_EQ(next_trigger_due(profile, config), kT0 + 30 * kMinuteMs);
  EXPECT_TRUE(fire(profile, kT0 + 30 * kMinuteMs - 1, config).empty());

  const std::vector<Trigger> fired = fire(profile, kT0 + 31 * kMinuteMs, config);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].type, TriggerType::kPaymentReminder);
  EXPECT_EQ(fired[0].order_id, "o-a");
  EXPECT_EQ(fired[0].amount, 10 * kMoneyScale);
  EXPECT_EQ(fired[1].order_id, "o-b");
  EXPECT_EQ(next_trigger_due(profile, config), kT0 + 90 * kMinuteMs);
  EXPECT_TRUE(fire(profile, kT0 + 31 * kMinuteMs, config).empty()) << "once per order";
}

TEST(Triggers, CartFiresBeforeRemindersAtOneInstant) {
  const ModelConfig config;
  Profile profile = customer();
  fold_behaviour(profile, cart_event(EventType::kAddToCart, "p1", kT0), config);
  apply_to_ledger(profile, order_event(EventType::kOrderPlaced, "o1", kT0 - kHourMs, 1));
  const std::vector<Trigger> fired = fire(profile, kT0 + kHourMs, config);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].type, TriggerType::kCartAbandoned);
  EXPECT_EQ(fired[1].type, TriggerType::kPaymentReminder);
}

TEST(Triggers, VisitorExpiresAfterRetentionOfInactivity) {
  ModelConfig config;
  Profile visitor;
  visitor.anonymous_id = "v1";
  EXPECT_EQ(visitor_expiry(visitor, config), std::nullopt) << "no history, nothing to expire";
  Event view = cart_event(EventType::kPageView, "", kT0);
  view.customer_id = {};
  view.anonymous_id = "v1";
  fold_behaviour(visitor, view, config);
  view.ts = kT0 - kDayMs;  // a late event does not extend it
  fold_behaviour(visitor, view, config);
  EXPECT_EQ(visitor_expiry(visitor, config), kT0 + 180 * kDayMs);
  config.visitor_retention = kDayMs;
  EXPECT_EQ(visitor_expiry(visitor, config), kT0 + kDayMs);
  EXPECT_EQ(visitor_expiry(customer(), config), std::nullopt);
}

}  // namespace
}  // namespace crm
