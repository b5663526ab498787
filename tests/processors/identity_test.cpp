// Merging a visitor into a customer on signup/login (semantics.md "Identity").
#include "processors/identity.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "processors/dedupe.h"
#include "processors/fold.h"
#include "processors/order_ledger.h"

namespace crm {
namespace {

constexpr TimeMs kDay0 = 20'000 * kDayMs;

Event page_view(std::string_view event_id, TimeMs ts, std::optional<std::string_view> session,
                std::string_view channel = "web") {
  Event event;
  event.event_id = event_id;
  event.type = EventType::kPageView;
  event.ts = ts;
  event.session_id = session;
  event.channel = channel;
  event.dwell_ms = 100;
  return event;
}

Event add(std::string_view product, TimeMs ts, std::int64_t quantity, Money price) {
  Event event;
  event.event_id = "add";
  event.type = EventType::kAddToCart;
  event.ts = ts;
  event.product_id = product;
  event.quantity = quantity;
  event.price = price;
  return event;
}

struct Pair {
  Profile customer;
  Profile visitor;
};

Pair make_pair_of_profiles() {
  ModelConfig config;
  Pair p;
  p.customer.customer_id = "c1";
  p.visitor.anonymous_id = "v1";
  // Customer: days 10 and 11 (one shared session "s-shared" with the visitor), channel app.
  fold_behaviour(p.customer, page_view("c-a", kDay0 + 10 * kDayMs, "s-shared", "app"), config);
  fold_behaviour(p.customer, page_view("c-b", kDay0 + 11 * kDayMs, {}, "app"), config);
  // Visitor: days 5 and 20, the shared session, and a day-visit of its own.
  fold_behaviour(p.visitor, page_view("v-a", kDay0 + 5 * kDayMs, "s-shared"), config);
  fold_behaviour(p.visitor, page_view("v-b", kDay0 + 20 * kDayMs, {}), config);
  fold_behaviour(p.visitor, page_view("v-c", kDay0 + 20 * kDayMs + 1, {}, "app"), config);
  remember_event(p.customer, "c-a", kDay0 + 10 * kDayMs);
  remember_event(p.visitor, "v-a", kDay0 + 20 * kDayMs);
  return p;
}

TEST(Identity, MergeAddsCountersAndUnitesVisits) {
  Pair p = make_pair_of_profiles();
  merge_visitor(p.customer, p.visitor);
  const Profile& c = p.customer;
  EXPECT_EQ(c.counters[static_cast<int>(EventType::kPageView)], 5);
  EXPECT_EQ(c.dwell_ms_total, 500);
  // Customer {s-shared, day 11}, visitor {s-shared, day 20}: the union has 3.
  EXPECT_EQ(c.visits(), 3);
  EXPECT_EQ(c.first_seen, kDay0 + 5 * kDayMs);
  EXPECT_EQ(c.last_seen, kDay0 + 20 * kDayMs + 1);
  ASSERT_EQ(c.channels.size(), 2u);
  EXPECT_EQ(c.channels[0].name, "app");
  EXPECT_EQ(c.channels[0].count, 3);
  EXPECT_EQ(c.channels[1].name, "web");
  EXPECT_EQ(c.channels[1].count, 2);
  EXPECT_EQ(c.customer_id, "c1");
  EXPECT_TRUE(c.anonymous_id.empty());
  // The link's activity so far is the visitor's last event.
  EXPECT_EQ(c.linked_anonymous_ids,
            (std::vector<LinkedAnonymousId>{{"v1", kDay0 + 20 * kDayMs + 1}}));
}

TEST(Identity, MergeIntoAnEmptyCustomerTakesTheVisitorsTimes) {
  Pair p = make_pair_of_profiles();
  Profile fresh;
  fresh.customer_id = "c2";
  merge_visitor(fresh, p.visitor);
  EXPECT_EQ(fresh.first_seen, kDay0 + 5 * kDayMs);
  EXPECT_EQ(fresh.last_seen, kDay0 + 20 * kDayMs + 1);
  EXPECT_EQ(fresh.visits(), 2);
}

TEST(Identity, DedupeIdsMoveWithTheVisitor) {
  Pair p = make_pair_of_profiles();
  merge_visitor(p.customer, p.visitor);
  const TimeMs clock = kDay0 + 21 * kDayMs;
  EXPECT_TRUE(is_duplicate(p.customer, "v-a", clock, 7 * kDayMs));
}

TEST(Identity, CartsMerge) {
  ModelConfig config;
  Profile customer;
  customer.customer_id = "c1";
  Profile visitor;
  visitor.anonymous_id = "v1";
  fold_behaviour(visitor, add("p1", kDay0 + 100, 1, 5 * kMoneyScale), config);
  fold_behaviour(visitor, add("p2", kDay0 + 200, 1, 7 * kMoneyScale), config);

  // Into an empty cart: a new cart, armed.
  Profile empty = customer;
  empty.cart_abandoned_sent = true;
  merge_visitor(empty, visitor);
  EXPECT_EQ(empty.cart.size(), 2u);
  EXPECT_FALSE(empty.cart_abandoned_sent);
  EXPECT_EQ(empty.last_cart_add, kDay0 + 200);

  // Into a non-empty cart: same cart (once per cart), quantities add up, latest price wins.
  fold_behaviour(customer, add("p2", kDay0 + 300, 2, 6 * kMoneyScale), config);
  customer.cart_abandoned_sent = true;
  merge_visitor(customer, visitor);
  ASSERT_EQ(customer.cart.size(), 2u);
  EXPECT_TRUE(customer.cart_abandoned_sent);
  EXPECT_EQ(customer.last_cart_add, kDay0 + 300);
  const auto p2 = std::find_if(customer.cart.begin(), customer.cart.end(),
                               [](const CartItem& i) { return i.product_id == "p2"; });
  ASSERT_NE(p2, customer.cart.end());
  EXPECT_EQ(p2->quantity, 3);
  EXPECT_EQ(p2->price, 6 * kMoneyScale);
  EXPECT_EQ(p2->added_at, kDay0 + 300);
}

// As if the visitor's cart edits had been the customer's: the customer's later removal of a
// product keeps the visitor's earlier add of it out, and the visitor's removal keeps out a late
// add of the customer from before it.
TEST(Identity, CartRemovalsCountAcrossTheMerge) {
  Profile customer;
  customer.customer_id = "c1";
  remove_from_cart(customer, "p1", kDay0 + 200);
  Profile visitor;
  visitor.anonymous_id = "v1";
  add_to_cart(visitor, "p1", 1, std::nullopt, kDay0 + 100);
  add_to_cart(visitor, "p2", 1, std::nullopt, kDay0 + 100);
  remove_from_cart(visitor, "p3", kDay0 + 300);
  merge_visitor(customer, visitor);
  ASSERT_EQ(customer.cart.size(), 1u);
  EXPECT_EQ(customer.cart[0].product_id, "p2");
  add_to_cart(customer, "p3", 1, std::nullopt, kDay0 + 250);
  EXPECT_EQ(customer.cart.size(), 1u) << "the visitor removed p3 after that add";
}

TEST(Identity, CategoriesAddUp) {
  ModelConfig config;
  Profile customer;
  customer.customer_id = "c1";
  Profile visitor;
  visitor.anonymous_id = "v1";
  Event view;
  view.type = EventType::kProductView;
  view.product_id = "p";
  view.category = "shoes";
  fold_behaviour(visitor, view, config);
  fold_behaviour(visitor, view, config);
  view.category = "bags";
  fold_behaviour(customer, view, config);
  merge_visitor(customer, visitor);
  ASSERT_EQ(customer.categories_viewed.size(), 2u);
  EXPECT_EQ(customer.categories_viewed[0].name, "shoes");
  EXPECT_EQ(customer.categories_viewed[0].count, 2);
}

TEST(Identity, LinkedIdsStaySortedAndDistinct) {
  Profile customer;
  customer.customer_id = "c1";
  for (const char* id : {"v2", "v1", "v2"}) {
    Profile visitor;
    visitor.anonymous_id = id;
    merge_visitor(customer, visitor);
  }
  EXPECT_EQ(customer.linked_anonymous_ids, (std::vector<LinkedAnonymousId>{{"v1", 0}, {"v2", 0}}));
}

TEST(Identity, ALinkKeepsItsLatestActivity) {
  Profile customer;
  customer.customer_id = "c1";
  record_link(customer, "v1", kDay0 + 5 * kDayMs);
  record_link(customer, "v1", kDay0 + 2 * kDayMs);  // a late event does not make it older
  record_link(customer, "v0", kDay0 + 3 * kDayMs);
  EXPECT_EQ(
      customer.linked_anonymous_ids,
      (std::vector<LinkedAnonymousId>{{"v0", kDay0 + 3 * kDayMs}, {"v1", kDay0 + 5 * kDayMs}}));
}

// semantics.md "Identity": the link "expires like a visitor profile", visitor_retention after
// its last activity.
TEST(Identity, LinksExpireVisitorRetentionAfterTheirLastActivity) {
  ModelConfig config;
  Profile customer;
  customer.customer_id = "c1";
  EXPECT_EQ(next_link_expiry(customer, config), std::nullopt);
  record_link(customer, "v1", kDay0 + 5 * kDayMs);
  record_link(customer, "v2", kDay0);
  const TimeMs first = kDay0 + config.visitor_retention;
  EXPECT_EQ(next_link_expiry(customer, config), first);

  std::vector<std::string> expired;
  expire_links(customer, first - 1, config, expired);
  EXPECT_TRUE(expired.empty());
  expire_links(customer, first, config, expired);
  EXPECT_EQ(expired, (std::vector<std::string>{"v2"}));
  EXPECT_EQ(customer.linked_anonymous_ids,
            (std::vector<LinkedAnonymousId>{{"v1", kDay0 + 5 * kDayMs}}));
  EXPECT_EQ(next_link_expiry(customer, config), first + 5 * kDayMs);
}

Event ids(EventType type, std::string_view customer, std::string_view anonymous) {
  Event event;
  event.type = type;
  event.customer_id = customer;
  event.anonymous_id = anonymous;
  return event;
}

TEST(Identity, OnlyAVisitorsEventOrALinkUsesTheVisitorsState) {
  EXPECT_TRUE(uses_visitor_state(ids(EventType::kPageView, "", "a-1")));
  EXPECT_TRUE(uses_visitor_state(ids(EventType::kSignup, "c-1", "a-1")));
  EXPECT_TRUE(uses_visitor_state(ids(EventType::kLogin, "c-1", "a-1")));
  EXPECT_TRUE(links_visitor(ids(EventType::kLogin, "c-1", "a-1")));
  // A customer's event that also carries a cookie: the visitor is neither read nor linked.
  EXPECT_FALSE(uses_visitor_state(ids(EventType::kPageView, "c-1", "a-1")));
  EXPECT_FALSE(uses_visitor_state(ids(EventType::kOrderPlaced, "c-1", "a-1")));
  EXPECT_FALSE(links_visitor(ids(EventType::kPageView, "c-1", "a-1")));
  // A signup without an anonymous id links nothing.
  EXPECT_FALSE(uses_visitor_state(ids(EventType::kSignup, "c-1", "")));
  EXPECT_FALSE(links_visitor(ids(EventType::kSignup, "c-1", "")));
}

}  // namespace
}  // namespace crm
