// Profiles for the state tests: the rich profile behind the version-1 fixture, random
// profiles for round trips, and a field-by-field comparison (Profile has no operator==).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "processors/profile.h"

namespace crm::test {

// The profile whose version-1 bytes are profile_v1_fixture.h. Never change these values:
// the fixture must keep decoding to exactly this.
inline Profile rich_profile() {
  Profile p;
  p.customer_id = "C-1001";
  p.anonymous_id = "";
  p.first_seen = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
  p.last_seen = 1'764'000'000'000;
  p.visit_hashes = {3, 1'000, 0x00ff'0000'0000'0000, 0xffff'ffff'ffff'fff0};
  p.counters[0] = 42;  // page_view
  p.counters[3] = 5;   // add_to_cart
  p.counters[9] = 3;   // order_placed
  p.counters[10] = 2;  // order_paid
  p.counters[14] = 1;  // order_refunded
  p.dwell_ms_total = 987'654;
  p.channels = {{"web", 40}, {"app", 7}};
  p.categories_viewed = {{"shoes", 12}, {"Zo\xc3\xab's caf\xc3\xa9", 3}};
  p.categories_bought = {{"shoes", 2}};
  p.cart = {{"P-1", 2, 129'900'000, 1'763'990'000'000},
            {"P-2", 1, std::nullopt, 1'763'995'000'000}};
  p.last_cart_add = 1'763'995'000'000;
  p.cart_abandoned_sent = true;

  OrderEntry paid;
  paid.order_id = "O-1";
  paid.placed_at = 1'750'000'000'000;
  paid.placed_amount = 2'598'000;
  paid.payment = Payment{1'750'000'060'000, "E-paid-1", 2'598'000};
  paid.refunded = 500'000;
  paid.reminder_sent = true;
  OrderEntry placed_only;
  placed_only.order_id = "O-2";
  placed_only.placed_at = 1'760'000'000'000;
  placed_only.placed_amount = 890'000;
  OrderEntry cancelled;
  cancelled.order_id = "O-3";
  cancelled.placed_amount = -1;  // odd but representable: the codec does not judge
  cancelled.cancelled_at = 1'761'000'000'000;
  p.orders = {paid, placed_only, cancelled};

  p.purchases = {{1'750'000'060'000, 2'098'000}, {1'755'000'000'000, 10'000}};
  p.monetary_lifetime = 2'108'000;
  p.seen_events = {{0x0123'4567'89ab'cdef, 1'763'000'000'000},
                   {0xfedc'ba98'7654'3210, 1'762'000'000'000}};
  p.linked_anonymous_ids = {{"anon-7", 1'762'500'000'000}, {"anon-8", 1'763'000'000'000}};
  p.published.lifecycle = "repeat";
  p.published.rfm_segment = "loyal";
  p.published.churn_risk = "low";
  p.counted_kpi.buyer = true;
  p.counted_kpi.repeat_buyer = true;
  p.timer_due = 1'764'086'400'000;
  return p;
}

// What the version-1 and version-2 bytes of rich_profile() decode to: the categories bought
// they held become the legacy counts.
inline Profile rich_profile_before_v3() {
  Profile p = rich_profile();
  p.legacy_categories_bought = p.categories_bought;
  return p;
}

// The profile whose version-3 bytes are profile_v3_fixture.h: rich_profile() with the items of
// its paid order, a legacy count and a cart removal. Never change these values either.
inline Profile rich_profile_v3() {
  Profile p = rich_profile();
  p.orders[0].items = OrderItems{1, 1'750'000'060'000, 0x1122'3344'5566'7788, {{"shoes", 2}}};
  p.cart_removals = {{"P-9", 1'763'996'000'000}};
  p.legacy_categories_bought = {{"hats", 1}};
  p.categories_bought = {{"shoes", 2}, {"hats", 1}};
  return p;
}

// Field by field, naming the first difference.
inline testing::AssertionResult same_profile(const Profile& a, const Profile& b) {
  std::ostringstream diff;
  auto check = [&diff](bool equal, const char* field) {
    if (!equal && diff.tellp() == 0) diff << "profiles differ in " << field;
  };
  check(a.customer_id == b.customer_id, "customer_id");
  check(a.anonymous_id == b.anonymous_id, "anonymous_id");
  check(a.first_seen == b.first_seen, "first_seen");
  check(a.last_seen == b.last_seen, "last_seen");
  check(a.visit_hashes == b.visit_hashes, "visit_hashes");
  check(a.counters == b.counters, "counters");
  check(a.dwell_ms_total == b.dwell_ms_total, "dwell_ms_total");
  auto same_counts = [](const std::vector<NamedCount>& x, const std::vector<NamedCount>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i].name != y[i].name || x[i].count != y[i].count) return false;
    }
    return true;
  };
  check(same_counts(a.channels, b.channels), "channels");
  check(same_counts(a.categories_viewed, b.categories_viewed), "categories_viewed");
  check(same_counts(a.categories_bought, b.categories_bought), "categories_bought");
  check(same_counts(a.legacy_categories_bought, b.legacy_categories_bought),
        "legacy_categories_bought");
  check(a.cart.size() == b.cart.size(), "cart size");
  for (std::size_t i = 0; i < std::min(a.cart.size(), b.cart.size()); ++i) {
    const CartItem& x = a.cart[i];
    const CartItem& y = b.cart[i];
    check(x.product_id == y.product_id && x.quantity == y.quantity && x.price == y.price &&
              x.added_at == y.added_at,
          "cart item");
  }
  check(a.cart_removals.size() == b.cart_removals.size(), "cart_removals size");
  for (std::size_t i = 0; i < std::min(a.cart_removals.size(), b.cart_removals.size()); ++i) {
    check(a.cart_removals[i].product_id == b.cart_removals[i].product_id &&
              a.cart_removals[i].removed_at == b.cart_removals[i].removed_at,
          "cart_removals");
  }
  check(a.last_cart_add == b.last_cart_add, "last_cart_add");
  check(a.cart_abandoned_sent == b.cart_abandoned_sent, "cart_abandoned_sent");
  check(a.orders.size() == b.orders.size(), "orders size");
  for (std::size_t i = 0; i < std::min(a.orders.size(), b.orders.size()); ++i) {
    const OrderEntry& x = a.orders[i];
    const OrderEntry& y = b.orders[i];
    check(x.order_id == y.order_id, "order_id");
    check(x.placed_at == y.placed_at, "placed_at");
    check(x.placed_amount == y.placed_amount, "placed_amount");
    check(x.payment.has_value() == y.payment.has_value(), "payment presence");
    if (x.payment && y.payment) {
      check(x.payment->paid_at == y.payment->paid_at &&
                x.payment->event_id == y.payment->event_id &&
                x.payment->amount == y.payment->amount,
            "payment");
    }
    check(x.refunded == y.refunded, "refunded");
    check(x.cancelled_at == y.cancelled_at, "cancelled_at");
    check(x.reminder_sent == y.reminder_sent, "reminder_sent");
    check(x.items.has_value() == y.items.has_value(), "items presence");
    if (x.items && y.items) {
      check(x.items->rank == y.items->rank && x.items->ts == y.items->ts &&
                x.items->event_hash == y.items->event_hash &&
                same_counts(x.items->categories, y.items->categories),
            "items");
    }
  }
  check(a.purchases == b.purchases, "purchases");
  check(a.monetary_lifetime == b.monetary_lifetime, "monetary_lifetime");
  check(a.seen_events.size() == b.seen_events.size(), "seen_events size");
  for (std::size_t i = 0; i < std::min(a.seen_events.size(), b.seen_events.size()); ++i) {
    check(a.seen_events[i].id_hash == b.seen_events[i].id_hash &&
              a.seen_events[i].applied_at == b.seen_events[i].applied_at,
          "seen_events");
  }
  check(a.linked_anonymous_ids == b.linked_anonymous_ids, "linked_anonymous_ids");
  check(a.published == b.published, "published");
  check(a.counted_kpi == b.counted_kpi, "counted_kpi");
  check(a.timer_due == b.timer_due, "timer_due");
  if (diff.tellp() == 0) return testing::AssertionSuccess();
  return testing::AssertionFailure() << diff.str();
}

// Random profiles that reach the codec's corners: extreme and negative integers, empty and
// binary strings (NUL included), long strings (multi-byte lengths), unsorted lists.
class RandomProfiles {
 public:
  explicit RandomProfiles(std::uint64_t seed) : rng_(seed) {}

  Profile next() {
    Profile p;
    (pick(2) == 0 ? p.customer_id : p.anonymous_id) = text();
    if (pick(8) == 0) p.anonymous_id = text();
    p.first_seen = integer();
    p.last_seen = integer();
    for (std::size_t n = size(); n > 0; --n) p.visit_hashes.push_back(rng_());
    if (pick(2) == 0) std::sort(p.visit_hashes.begin(), p.visit_hashes.end());
    for (auto& c : p.counters) c = pick(3) == 0 ? integer() : 0;
    p.dwell_ms_total = integer();
    for (auto* counts :
         {&p.channels, &p.categories_viewed, &p.categories_bought, &p.legacy_categories_bought}) {
      for (std::size_t n = size(); n > 0; --n) counts->push_back({text(), integer()});
    }
    for (std::size_t n = size(); n > 0; --n) {
      p.cart.push_back({text(), integer(), maybe(), integer()});
    }
    for (std::size_t n = size(); n > 0; --n) p.cart_removals.push_back({text(), integer()});
    p.last_cart_add = integer();
    p.cart_abandoned_sent = pick(2) == 0;
    for (std::size_t n = size(); n > 0; --n) {
      OrderEntry o;
      o.order_id = text();
      o.placed_at = maybe();
      o.placed_amount = integer();
      if (pick(2) == 0) o.payment = Payment{integer(), text(), integer()};
      o.refunded = integer();
      o.cancelled_at = maybe();
      o.reminder_sent = pick(2) == 0;
      if (pick(2) == 0) {
        o.items = OrderItems{static_cast<std::uint8_t>(pick(2)), integer(), rng_(), {}};
        for (std::size_t c = size(); c > 0; --c) o.items->categories.push_back({text(), integer()});
      }
      p.orders.push_back(o);
    }
    for (std::size_t n = size(); n > 0; --n) p.purchases.push_back({integer(), integer()});
    p.monetary_lifetime = integer();
    for (std::size_t n = size(); n > 0; --n) p.seen_events.push_back({rng_(), integer()});
    for (std::size_t n = size(); n > 0; --n) {
      p.linked_anonymous_ids.push_back({text(), integer()});
    }
    if (pick(2) == 0) p.published.lifecycle = text();
    if (pick(2) == 0) p.published.rfm_segment = text();
    if (pick(2) == 0) p.published.value_tier = text();
    if (pick(2) == 0) p.published.churn_risk = text();
    p.counted_kpi = {pick(2) == 0, pick(2) == 0, pick(2) == 0, pick(2) == 0};
    p.timer_due = maybe();
    return p;
  }

 private:
  std::uint64_t pick(std::uint64_t n) { return rng_() % n; }

  std::size_t size() {
    switch (pick(10)) {
      case 0:
        return 0;
      case 1:
        return static_cast<std::size_t>(pick(200));
      default:
        return static_cast<std::size_t>(pick(6));
    }
  }

  std::int64_t integer() {
    switch (pick(8)) {
      case 0:
        return std::numeric_limits<std::int64_t>::min();
      case 1:
        return std::numeric_limits<std::int64_t>::max();
      case 2:
        return 0;
      case 3:
        return static_cast<std::int64_t>(rng_());
      case 4:
        return -static_cast<std::int64_t>(pick(1000));
      default:
        return 1'700'000'000'000 + static_cast<std::int64_t>(pick(100'000'000'000));
    }
  }

  std::optional<std::int64_t> maybe() {
    if (pick(2) == 0) return std::nullopt;
    return integer();
  }

  std::string text() {
    const std::size_t n = pick(20) == 0 ? static_cast<std::size_t>(pick(400)) : pick(12);
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(pick(256));
    return s;
  }

  std::mt19937_64 rng_;
};

}  // namespace crm::test
