// The order ledger: any arrival order of an order's events gives the same entry and the same
// purchases (events.md "Order of events", semantics.md "Purchases").
#include "processors/order_ledger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace crm {
namespace {

constexpr TimeMs kT0 = 1'790'000'000'000;  // 2026-09-21

struct OrderEvent {
  EventType type;
  TimeMs ts;
  Money amount;
  const char* event_id;
  const char* order_id = "o1";
};

Event to_event(const OrderEvent& e) {
  Event event;
  event.event_id = e.event_id;
  event.type = e.type;
  event.ts = e.ts;
  event.customer_id = "c1";
  event.order_id = e.order_id;
  if (e.type != EventType::kOrderCancelled) event.amount = e.amount;
  return event;
}

OrderEvent placed(TimeMs ts, Money amount, const char* id = "placed") {
  return {EventType::kOrderPlaced, ts, amount, id};
}
OrderEvent paid(TimeMs ts, Money amount, const char* id = "paid") {
  return {EventType::kOrderPaid, ts, amount, id};
}
OrderEvent refunded(TimeMs ts, Money amount, const char* id = "refund") {
  return {EventType::kOrderRefunded, ts, amount, id};
}
OrderEvent cancelled(TimeMs ts, const char* id = "cancel") {
  return {EventType::kOrderCancelled, ts, 0, id};
}

Money units(std::int64_t n) {
  return n * kMoneyScale;
}

std::string describe(const OrderEntry& o) {
  std::string s = o.order_id;
  s += " placed=" + (o.placed_at ? std::to_string(*o.placed_at) : "-") + "/" +
       std::to_string(o.placed_amount);
  s += " paid=" + (o.payment ? std::to_string(o.payment->paid_at) + "/" + o.payment->event_id +
                                   "/" + std::to_string(o.payment->amount)
                             : "-");
  s += " refunded=" + std::to_string(o.refunded);
  s += " cancelled=" + (o.cancelled_at ? std::to_string(*o.cancelled_at) : "-");
  return s;
}

struct LedgerCase {
  const char* name;
  std::vector<OrderEvent> events;
  std::optional<Purchase> purchase;  // what the order makes, whatever the arrival order
  std::optional<TimeMs> paid_at;     // the payment that counts
  const char* payment_event_id = nullptr;
};

const std::vector<LedgerCase>& ledger_cases() {
  static const std::vector<LedgerCase> cases = {
      {"placed_paid",
       {placed(kT0, units(100)), paid(kT0 + 10, units(100))},
       Purchase{kT0 + 10, units(100)},
       kT0 + 10,
       "paid"},
      {"partial_refunds",
       {placed(kT0, units(100)), paid(kT0 + 10, units(100)), refunded(kT0 + 20, units(10), "r1"),
        refunded(kT0 + 30, units(25), "r2")},
       Purchase{kT0 + 10, units(65)},
       kT0 + 10,
       "paid"},
      {"refund_zeroes_order",
       {placed(kT0, units(100)), paid(kT0 + 10, units(100)), refunded(kT0 + 20, units(60), "r1"),
        refunded(kT0 + 30, units(40), "r2")},
       std::nullopt,
       kT0 + 10,
       "paid"},
      {"refund_exceeds_payment",
       {paid(kT0 + 10, units(100)), refunded(kT0 + 20, units(150))},
       std::nullopt,
       kT0 + 10,
       "paid"},
      {"cancel_after_payment",
       {placed(kT0, units(100)), paid(kT0 + 10, units(100)), cancelled(kT0 + 20)},
       std::nullopt,
       kT0 + 10,
       "paid"},
      {"cancel_dated_before_payment",
       {placed(kT0, units(100)), cancelled(kT0 + 5), paid(kT0 + 10, units(100))},
       std::nullopt,
       kT0 + 10,
       "paid"},
      {"cancel_with_refund",
       {placed(kT0, units(100)), paid(kT0 + 10, units(100)), refunded(kT0 + 20, units(30)),
        cancelled(kT0 + 30)},
       std::nullopt,
       kT0 + 10,
       "paid"},
      {"two_payments_earliest_counts",
       {placed(kT0, units(100)), paid(kT0 + 50, units(100), "p-a"),
        paid(kT0 + 10, units(80), "p-z")},
       Purchase{kT0 + 10, units(80)},
       kT0 + 10,
       "p-z"},
      {"two_payments_tie_lowest_event_id",
       {paid(kT0 + 10, units(100), "p-b"), paid(kT0 + 10, units(90), "p-a"),
        refunded(kT0 + 20, units(10))},
       Purchase{kT0 + 10, units(80)},
       kT0 + 10,
       "p-a"},
      {"free_order", {placed(kT0, 0), paid(kT0 + 10, 0)}, std::nullopt, kT0 + 10, "paid"},
      {"placed_only", {placed(kT0, units(100))}, std::nullopt, std::nullopt},
  };
  return cases;
}

TEST(OrderLedger, AnyArrivalOrderGivesTheSameEntryAndPurchase) {
  for (const LedgerCase& c : ledger_cases()) {
    std::vector<std::size_t> order(c.events.size());
    std::iota(order.begin(), order.end(), 0);
    std::string first_entry;
    int permutations = 0;
    do {
      Profile profile;
      for (std::size_t i : order) apply_to_ledger(profile, to_event(c.events[i]));
      ASSERT_EQ(profile.orders.size(), 1u) << c.name;
      const OrderEntry& entry = profile.orders.front();
      const std::string described = describe(entry);
      if (permutations++ == 0) first_entry = described;
      EXPECT_EQ(described, first_entry) << c.name << " permutation " << permutations;
      EXPECT_EQ(purchase_of(entry), c.purchase) << c.name << " permutation " << permutations;
      EXPECT_EQ(entry.payment.has_value(), c.paid_at.has_value()) << c.name;
      if (entry.payment && c.paid_at) {
        EXPECT_EQ(entry.payment->paid_at, *c.paid_at) << c.name;
        EXPECT_EQ(entry.payment->event_id, c.payment_event_id) << c.name;
      }
      const std::vector<Purchase> expected =
          c.purchase ? std::vector<Purchase>{*c.purchase} : std::vector<Purchase>{};
      EXPECT_EQ(profile.purchases, expected) << c.name << " permutation " << permutations;
      EXPECT_EQ(profile.monetary_lifetime, c.purchase ? c.purchase->value : 0) << c.name;
    } while (std::next_permutation(order.begin(), order.end()));
  }
}

TEST(OrderLedger, PlacedAmountAndTimeAreKept) {
  Profile profile;
  apply_to_ledger(profile, to_event(placed(kT0, units(42))));
  const OrderEntry* entry = find_order(profile, "o1");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->placed_at, kT0);
  EXPECT_EQ(entry->placed_amount, units(42));
  EXPECT_EQ(find_order(profile, "o2"), nullptr);
}

TEST(OrderLedger, ShippedAndDeliveredDoNotCreateEntries) {
  Profile profile;
  EXPECT_FALSE(apply_to_ledger(profile, to_event({EventType::kOrderShipped, kT0, 0, "s"})));
  EXPECT_FALSE(apply_to_ledger(profile, to_event({EventType::kOrderDelivered, kT0, 0, "d"})));
  EXPECT_TRUE(profile.orders.empty());
}

TEST(OrderLedger, ReportsWhetherThePurchasesChanged) {
  Profile profile;
  EXPECT_FALSE(apply_to_ledger(profile, to_event(placed(kT0, units(100)))));
  EXPECT_TRUE(apply_to_ledger(profile, to_event(paid(kT0 + 1, units(100)))));
  EXPECT_FALSE(apply_to_ledger(profile, to_event(paid(kT0 + 5, units(100), "later"))));
  EXPECT_TRUE(apply_to_ledger(profile, to_event(refunded(kT0 + 9, units(1)))));
  EXPECT_TRUE(apply_to_ledger(profile, to_event(cancelled(kT0 + 10))));
  EXPECT_FALSE(apply_to_ledger(profile, to_event(refunded(kT0 + 11, units(1), "r2"))));
}

TEST(OrderLedger, PurchasesAscendByPaidTimeTiesByOrderId) {
  Profile profile;
  const std::vector<OrderEvent> events = {
      {EventType::kOrderPaid, kT0 + 30, units(30), "e1", "o-c"},
      {EventType::kOrderPaid, kT0 + 10, units(10), "e2", "o-z"},
      {EventType::kOrderPaid, kT0 + 20, units(7), "e3", "o-b"},
      {EventType::kOrderPaid, kT0 + 20, units(5), "e4", "o-a"},
  };
  for (const OrderEvent& e : events) apply_to_ledger(profile, to_event(e));
  const std::vector<Purchase> expected = {
      {kT0 + 10, units(10)}, {kT0 + 20, units(5)}, {kT0 + 20, units(7)}, {kT0 + 30, units(30)}};
  EXPECT_EQ(profile.purchases, expected);
  EXPECT_EQ(profile.monetary_lifetime, units(52));
  ASSERT_EQ(profile.orders.size(), 4u);
  EXPECT_TRUE(std::is_sorted(
      profile.orders.begin(), profile.orders.end(),
      [](const OrderEntry& a, const OrderEntry& b) { return a.order_id < b.order_id; }));
}

TEST(OrderLedger, ARefundThatZeroesAnOrderRemovesItsPurchase) {
  Profile profile;
  apply_to_ledger(profile, to_event({EventType::kOrderPaid, kT0, units(50), "e1", "o1"}));
  apply_to_ledger(profile, to_event({EventType::kOrderPaid, kT0 + 99, units(70), "e2", "o2"}));
  ASSERT_EQ(profile.purchases.size(), 2u);
  apply_to_ledger(profile, to_event({EventType::kOrderRefunded, kT0 + 120, units(70), "e3", "o2"}));
  EXPECT_EQ(profile.purchases, (std::vector<Purchase>{{kT0, units(50)}}));
  EXPECT_EQ(profile.monetary_lifetime, units(50));
}

TEST(OrderLedger, MergeEqualsApplyingAllEventsToOneEntry) {
  const std::vector<OrderEvent> events = {placed(kT0, units(100)), paid(kT0 + 40, units(100), "b"),
                                          paid(kT0 + 40, units(90), "a"),
                                          refunded(kT0 + 50, units(20))};
  Profile all;
  for (const OrderEvent& e : events) apply_to_ledger(all, to_event(e));
  for (std::size_t split = 0; split <= events.size(); ++split) {
    Profile left;
    Profile right;
    for (std::size_t i = 0; i < events.size(); ++i) {
      apply_to_ledger(i < split ? left : right, to_event(events[i]));
    }
    merge_ledger(left, right);
    ASSERT_EQ(left.orders.size(), 1u);
    EXPECT_EQ(describe(left.orders.front()), describe(all.orders.front())) << split;
    EXPECT_EQ(left.purchases, all.purchases) << split;
  }
}

// Top categories bought (semantics.md "Profile") are those of purchases: an order refunded in
// full or cancelled bought nothing, a second payment counts once, and an order's items come
// from its order_placed, else its payment, whatever order the events arrive in.
TEST(OrderLedger, CategoriesBoughtAreThoseOfPurchases) {
  const std::vector<OrderItem> hats_and_bags = {
      {"p1", "hats", 1, {}}, {"p2", "", 1, {}}, {"p3", "hats", 2, {}}, {"p4", "bags", 1, {}}};
  const std::vector<OrderItem> shoes = {{"p5", "shoes", 1, {}}};
  const std::vector<OrderItem> socks = {{"p6", "socks", 1, {}}};
  const std::vector<OrderItem> coats = {{"p7", "coats", 1, {}}};
  struct ItemEvent {
    OrderEvent event;
    const std::vector<OrderItem>* items;
  };
  const std::vector<ItemEvent> events = {
      {{EventType::kOrderPaid, kT0, units(50), "e1", "o1"}, &hats_and_bags},
      {{EventType::kOrderPaid, kT0 + 10, units(20), "e2", "o2"}, &shoes},
      {{EventType::kOrderRefunded, kT0 + 20, units(20), "e3", "o2"}, nullptr},  // in full
      {{EventType::kOrderPlaced, kT0 + 30, units(10), "e4", "o3"}, &socks},
      {{EventType::kOrderPaid, kT0 + 31, units(10), "e5", "o3"}, &coats},  // the placement's
      {{EventType::kOrderPaid, kT0 + 40, units(10), "e6", "o4"}, &coats},
      {{EventType::kOrderPaid, kT0 + 41, units(10), "e7", "o4"}, &coats},  // a second payment
      {{EventType::kOrderPaid, kT0 + 50, units(10), "e8", "o5"}, &shoes},
      {{EventType::kOrderCancelled, kT0 + 60, 0, "e9", "o5"}, nullptr}};
  const auto bought = [](const Profile& profile) {
    std::string out;
    for (const NamedCount& c : profile.categories_bought) {
      out += c.name + "=" + std::to_string(c.count) + " ";
    }
    return out;
  };
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 shuffle(7);
  for (int round = 0; round < 40; ++round) {
    Profile profile;
    for (const std::size_t i : order) {
      Event event = to_event(events[i].event);
      if (events[i].items != nullptr) event.items = *events[i].items;
      apply_to_ledger(profile, event);
    }
    EXPECT_EQ(bought(profile), "hats=2 bags=1 coats=1 socks=1 ") << round;
    std::shuffle(order.begin(), order.end(), shuffle);
  }

  // A visitor's ledger and legacy counts merge in; the legacy counts stay as they were.
  Profile customer;
  customer.legacy_categories_bought = {{"shoes", 3}};
  Event paid_event = to_event({EventType::kOrderPaid, kT0, units(5), "e1", "o1"});
  paid_event.items = socks;
  apply_to_ledger(customer, paid_event);
  Profile visitor;
  visitor.legacy_categories_bought = {{"socks", 1}};
  paid_event.order_id = "o2";
  paid_event.event_id = "e2";
  apply_to_ledger(visitor, paid_event);
  merge_ledger(customer, visitor);
  EXPECT_EQ(bought(customer), "shoes=3 socks=3 ");
}

}  // namespace
}  // namespace crm
