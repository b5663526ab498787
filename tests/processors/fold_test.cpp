// The behavioural fold: first/last seen, visits, counters, dwell, channels, categories, cart.
#include "processors/fold.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "processors/experiments.h"

namespace crm {
namespace {

constexpr TimeMs kDay0 = 20'000 * kDayMs;  // 2024-10-04T00:00Z, a day boundary

Event clickstream(EventType type, TimeMs ts, std::optional<std::string_view> session = {}) {
  Event event;
  event.event_id = "e";
  event.type = type;
  event.ts = ts;
  event.anonymous_id = "v1";
  event.session_id = session;
  return event;
}

Event page_view(TimeMs ts, std::optional<std::string_view> session = {}) {
  return clickstream(EventType::kPageView, ts, session);
}

Event add(std::string_view product, TimeMs ts, std::int64_t quantity = 1) {
  Event event = clickstream(EventType::kAddToCart, ts);
  event.product_id = product;
  event.quantity = quantity;
  event.price = 10 * kMoneyScale;
  return event;
}

struct Visit {
  TimeMs ts;
  std::optional<std::string_view> session;
};

struct VisitCase {
  const char* name;
  TimeMs day_offset;
  std::vector<Visit> events;
  std::int64_t visits;
};

TEST(Fold, VisitsAreDistinctSessionsOrDays) {
  const std::vector<VisitCase> cases = {
      {"one_session_over_two_days", 0, {{kDay0 + kHourMs, "s1"}, {kDay0 + kDayMs, "s1"}}, 1},
      {"two_sessions_one_day", 0, {{kDay0, "s1"}, {kDay0 + 1, "s2"}}, 2},
      {"no_session_same_day", 0, {{kDay0 + kHourMs, {}}, {kDay0 + 20 * kHourMs, {}}}, 1},
      {"no_session_two_days", 0, {{kDay0 + 23 * kHourMs, {}}, {kDay0 + 25 * kHourMs, {}}}, 2},
      {"day_with_and_without_session_counts_twice", 0, {{kDay0, "s1"}, {kDay0 + 1, {}}}, 2},
      {"empty_session_is_a_session", 0, {{kDay0, ""}, {kDay0 + 1, {}}, {kDay0 + kDayMs, ""}}, 2},
      // 23:30Z and 00:30Z next day: one +01:00 day (00:30 and 01:30), two UTC days.
      {"utc_days", 0, {{kDay0 - 30 * kMinuteMs, {}}, {kDay0 + 30 * kMinuteMs, {}}}, 2},
      {"offset_joins_days",
       kHourMs,
       {{kDay0 - 30 * kMinuteMs, {}}, {kDay0 + 30 * kMinuteMs, {}}},
       1},
      // 00:30Z and 01:30Z: one UTC day, two -01:00 days (23:30 and 00:30).
      {"offset_splits_day",
       -kHourMs,
       {{kDay0 + 30 * kMinuteMs, {}}, {kDay0 + 90 * kMinuteMs, {}}},
       2},
  };
  for (const VisitCase& c : cases) {
    ModelConfig config;
    config.day_offset = c.day_offset;
    Profile profile;
    for (const Visit& v : c.events) fold_behaviour(profile, page_view(v.ts, v.session), config);
    EXPECT_EQ(profile.visits(), c.visits) << c.name;
    EXPECT_TRUE(std::is_sorted(profile.visit_hashes.begin(), profile.visit_hashes.end())) << c.name;
  }
}

TEST(Fold, VisitKeysHashTheSpecifiedText) {
  EXPECT_EQ(visit_hash(page_view(kDay0, "abc"), 0), fnv1a_64("s:abc"));
  EXPECT_EQ(visit_hash(page_view(kDay0 + 5, {}), 0), fnv1a_64("d:20000"));
  EXPECT_EQ(visit_hash(page_view(kDay0 + 5, {}), -kHourMs), fnv1a_64("d:19999"));
}

TEST(Fold, OrderEventsDoNotCountVisits) {
  ModelConfig config;
  Profile profile;
  Event order = clickstream(EventType::kOrderPaid, kDay0);
  order.customer_id = "c1";
  order.order_id = "o1";
  fold_behaviour(profile, order, config);
  EXPECT_EQ(profile.visits(), 0);
  fold_behaviour(profile, clickstream(EventType::kSignup, kDay0), config);
  EXPECT_EQ(profile.visits(), 1);
}

TEST(Fold, FirstAndLastSeenAreMinAndMaxWhateverTheArrivalOrder) {
  ModelConfig config;
  Profile profile;
  fold_behaviour(profile, page_view(kDay0 + 50), config);
  EXPECT_EQ(profile.first_seen, kDay0 + 50);
  EXPECT_EQ(profile.last_seen, kDay0 + 50);
  fold_behaviour(profile, page_view(kDay0 + 10), config);
  fold_behaviour(profile, page_view(kDay0 + 90), config);
  fold_behaviour(profile, page_view(kDay0 + 60), config);
  EXPECT_EQ(profile.first_seen, kDay0 + 10);
  EXPECT_EQ(profile.last_seen, kDay0 + 90);
}

TEST(Fold, FirstSeenAtEpochZeroIsKept) {
  ModelConfig config;
  Profile profile;
  fold_behaviour(profile, page_view(0), config);
  fold_behaviour(profile, page_view(5), config);
  EXPECT_EQ(profile.first_seen, 0);
  EXPECT_EQ(profile.last_seen, 5);
}

TEST(Fold, CountersAndDwell) {
  ModelConfig config;
  Profile profile;
  EXPECT_FALSE(has_history(profile));
  Event view = page_view(kDay0);
  view.dwell_ms = 1500;
  fold_behaviour(profile, view, config);
  fold_behaviour(profile, view, config);
  Event product = clickstream(EventType::kProductView, kDay0);
  product.product_id = "p1";
  product.dwell_ms = 250;
  fold_behaviour(profile, product, config);
  fold_behaviour(profile, clickstream(EventType::kSearch, kDay0), config);
  EXPECT_TRUE(has_history(profile));
  EXPECT_EQ(profile.counters[static_cast<int>(EventType::kPageView)], 2);
  EXPECT_EQ(profile.counters[static_cast<int>(EventType::kProductView)], 1);
  EXPECT_EQ(profile.counters[static_cast<int>(EventType::kSearch)], 1);
  EXPECT_EQ(profile.counters[static_cast<int>(EventType::kFavorite)], 0);
  EXPECT_EQ(profile.dwell_ms_total, 3250);
}

TEST(Fold, PreferredChannelIsTheMostActiveTiesByName) {
  ModelConfig config;
  Profile profile;
  EXPECT_EQ(preferred_channel(profile), "");
  const std::vector<std::pair<std::string_view, std::string_view>> steps = {
      {"web", "web"}, {"app", "app"}, {"web", "web"},
      {"app", "app"}, {"app", "app"}, {"mini_program", "app"}};
  for (const auto& [channel, preferred] : steps) {
    Event event = page_view(kDay0);
    event.channel = channel;
    fold_behaviour(profile, event, config);
    EXPECT_EQ(preferred_channel(profile), preferred) << "after " << channel;
  }
  Event unknown = page_view(kDay0);  // no channel: "unknown"
  fold_behaviour(profile, unknown, config);
  ASSERT_EQ(profile.channels.size(), 4u);
  EXPECT_EQ(profile.channels[0].name, "app");
  EXPECT_EQ(profile.channels[0].count, 3);
  EXPECT_EQ(profile.channels[1].name, "web");
  EXPECT_EQ(profile.channels[2].name, "mini_program");
  EXPECT_EQ(profile.channels[3].name, "unknown");
}

TEST(Fold, NameCountsStayBoundedEvictingTheLowest) {
  std::vector<NamedCount> counts;
  std::deque<std::string> names;  // the views passed in must outlive the call only
  for (int i = 0; i < 40; ++i) {
    names.push_back("n" + std::to_string(100 + i));
    // n100 gets 3, n101 gets 2, the rest 1.
    const std::int64_t by = i == 0 ? 3 : i == 1 ? 2 : 1;
    add_count(counts, names.back(), by, kMaxCategories);
  }
  ASSERT_EQ(counts.size(), kMaxCategories);
  EXPECT_EQ(counts[0].name, "n100");
  EXPECT_EQ(counts[1].name, "n101");
  // Each newcomer evicted the lowest-ranked (count 1, highest name) entry: the newest stays.
  EXPECT_EQ(counts.back().name, "n139");
  for (std::size_t i = 1; i < counts.size(); ++i) {
    EXPECT_TRUE(counts[i - 1].count > counts[i].count ||
                (counts[i - 1].count == counts[i].count && counts[i - 1].name < counts[i].name));
  }
  EXPECT_EQ(top_categories(counts).size(), kTopCategories);
  EXPECT_EQ(top_categories(counts)[0].name, "n100");
}

TEST(Fold, CategoriesViewed) {
  ModelConfig config;
  Profile profile;
  for (const char* category : {"shoes", "bags", "shoes", ""}) {
    Event event = clickstream(EventType::kProductView, kDay0);
    event.product_id = "p";
    event.category = category;
    fold_behaviour(profile, event, config);
  }
  ASSERT_EQ(profile.categories_viewed.size(), 2u);
  EXPECT_EQ(profile.categories_viewed[0].name, "shoes");
  EXPECT_EQ(profile.categories_viewed[0].count, 2);

  // What was bought is the ledger's to say (order_ledger_test.cpp): an order may yet be refunded.
  const std::vector<OrderItem> items = {{"p1", "hats", 1, {}}};
  Event paid = clickstream(EventType::kOrderPaid, kDay0);
  paid.customer_id = "c1";
  paid.order_id = "o1";
  paid.items = items;
  fold_behaviour(profile, paid, config);
  EXPECT_TRUE(profile.categories_bought.empty());
}

Event remove(std::string_view product, TimeMs ts) {
  Event event = clickstream(EventType::kRemoveFromCart, ts);
  event.product_id = product;
  return event;
}

std::vector<std::string> cart_products(const Profile& profile) {
  std::vector<std::string> out;
  for (const CartItem& item : profile.cart) out.push_back(item.product_id);
  return out;
}

// A removal and an add of one product give the same cart in either arrival order (events.md
// "Order of events"): the one with the later ts wins.
TEST(Fold, CartRemovalsDoNotDependOnArrivalOrder) {
  ModelConfig config;
  for (const bool add_first : {true, false}) {
    Profile profile;  // added, then removed: empty
    const Event added = add("p1", kDay0 + 100);
    const Event removed = remove("p1", kDay0 + 200);
    fold_behaviour(profile, add_first ? added : removed, config);
    fold_behaviour(profile, add_first ? removed : added, config);
    EXPECT_TRUE(profile.cart.empty()) << "add first: " << add_first;

    Profile readded;  // removed, then added again: in the cart
    const Event earlier_removal = remove("p2", kDay0 + 100);
    const Event later_add = add("p2", kDay0 + 200);
    fold_behaviour(readded, add_first ? later_add : earlier_removal, config);
    fold_behaviour(readded, add_first ? earlier_removal : later_add, config);
    EXPECT_EQ(cart_products(readded), std::vector<std::string>{"p2"}) << "add first: " << add_first;
  }
  // Another product's removal changes nothing; the removals kept are bounded, newest first.
  Profile profile;
  fold_behaviour(profile, remove("p9", kDay0 + 300), config);
  fold_behaviour(profile, add("p1", kDay0 + 100), config);
  EXPECT_EQ(cart_products(profile), std::vector<std::string>{"p1"});
  for (int i = 0; i < 40; ++i) {
    fold_behaviour(profile, remove("x" + std::to_string(i), kDay0 + 400 + i), config);
  }
  EXPECT_EQ(profile.cart_removals.size(), kMaxCartRemovals);
  EXPECT_FALSE(removed_later(profile, "x0", kDay0)) << "the oldest went first";
  EXPECT_TRUE(removed_later(profile, "x39", kDay0));
}

TEST(Fold, CartLifecycle) {
  ModelConfig config;
  Profile profile;
  profile.cart_abandoned_sent = true;  // sent for an earlier cart
  fold_behaviour(profile, add("p1", kDay0 + 100, 2), config);
  EXPECT_FALSE(profile.cart_abandoned_sent) << "a new cart re-arms cart_abandoned";
  EXPECT_EQ(profile.last_cart_add, kDay0 + 100);

  profile.cart_abandoned_sent = true;
  fold_behaviour(profile, add("p1", kDay0 + 200, 3), config);
  EXPECT_TRUE(profile.cart_abandoned_sent) << "an add into a non-empty cart is the same cart";
  ASSERT_EQ(profile.cart.size(), 1u);
  EXPECT_EQ(profile.cart[0].quantity, 5);
  EXPECT_EQ(profile.cart[0].added_at, kDay0 + 200);
  EXPECT_EQ(profile.last_cart_add, kDay0 + 200);

  fold_behaviour(profile, add("p2", kDay0 + 300), config);
  fold_behaviour(profile, add("p3", kDay0 + 500), config);
  Event remove = clickstream(EventType::kRemoveFromCart, kDay0 + 600);
  remove.product_id = "p2";
  fold_behaviour(profile, remove, config);
  ASSERT_EQ(profile.cart.size(), 2u);

  // An order placed at 500 checks out what was added at or before 500.
  Event placed = clickstream(EventType::kOrderPlaced, kDay0 + 500);
  placed.customer_id = "c1";
  placed.order_id = "o1";
  fold_behaviour(profile, placed, config);
  EXPECT_TRUE(profile.cart.empty());

  fold_behaviour(profile, add("p4", kDay0 + 700), config);
  EXPECT_FALSE(profile.cart_abandoned_sent);
  placed.ts = kDay0 + 699;
  fold_behaviour(profile, placed, config);
  ASSERT_EQ(profile.cart.size(), 1u) << "an item added after the order stays";
  EXPECT_EQ(profile.cart[0].product_id, "p4");
}

}  // namespace
}  // namespace crm
