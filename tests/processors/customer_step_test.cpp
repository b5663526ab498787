// customer_step: events, timers, rescoring and erasure of one profile, and what they publish
// (ChangeSets, population deltas, KPI transitions), driven the way the task engine drives them.
#include "processors/customer_step.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "processors/evaluate.h"

namespace crm {
namespace {

constexpr TimeMs kT0 = 20'000 * kDayMs + 10 * kHourMs;  // 2024-10-04T10:00Z

using Name = std::optional<std::string>;

struct ExpectedChange {
  Dimension dimension;
  Name from;
  Name to;
  bool win_back = false;
};

// Events built from literals or from this store, so their string_views stay valid.
class Events {
 public:
  Event make(EventType type, std::string_view event_id, TimeMs ts, std::string_view customer) {
    Event event;
    event.event_id = keep(event_id);
    event.type = type;
    event.ts = ts;
    event.customer_id = keep(customer);
    return event;
  }
  Event order(EventType type, std::string_view event_id, TimeMs ts, std::string_view order_id,
              Money amount = 0, std::string_view customer = "c1") {
    Event event = make(type, event_id, ts, customer);
    event.order_id = keep(order_id);
    if (type != EventType::kOrderCancelled) event.amount = amount;
    return event;
  }
  Event visitor_view(std::string_view event_id, TimeMs ts, std::string_view anonymous_id) {
    Event event = make(EventType::kPageView, event_id, ts, "");
    event.anonymous_id = keep(anonymous_id);
    return event;
  }

 private:
  std::string_view keep(std::string_view s) { return store_.emplace_back(s); }
  std::deque<std::string> store_;
};

// A customer key in a task: fires the timers due at or before each event first, as the engine
// must, and records everything published.
struct Harness {
  ModelConfig config;
  RfmThresholds thresholds = static_thresholds(config.rfm);
  Profile profile;
  TimeMs clock = 0;
  StepResult result;
  std::vector<ChangeSet> published;
  PopulationDelta populations;  // the sum over all steps
  std::vector<KpiTransition> transitions;
  bool expired = false;

  StepContext context() const { return {config, thresholds}; }

  void collect() {
    for (ChangeSet& set : result.change_sets) published.push_back(std::move(set));
    for (const PopulationCount& c : result.populations.counts()) {
      populations.add(c.gauge, c.value, c.experiment, c.variant, c.delta);
    }
    transitions.insert(transitions.end(), result.kpi_transitions.begin(),
                       result.kpi_transitions.end());
    expired = expired || result.profile_expired;
  }

  // Fires every timer due at or before `until`; a timer already past fires at the clock.
  void run_timers(TimeMs until) {
    for (int guard = 0; guard < 1000 && !expired; ++guard) {
      const auto next = next_timer(profile, clock, context());
      if (!next || *next > until) return;
      const TimeMs instant = std::max(*next, clock);
      fire_timer(profile, instant, context(), result);
      clock = instant;  // only to let the harness progress; timers never move a real clock
      collect();
    }
    FAIL() << "timers do not progress";
  }

  void apply(const Event& event, Profile* linked_visitor = nullptr) {
    run_timers(event.ts);
    const TimeMs after = std::max(clock, event.ts);
    apply_event(profile, event, after, context(), result, linked_visitor);
    if (!result.duplicate) clock = after;
    collect();
    run_timers(clock);  // a late event's past-due timers fire at once
  }
};

void expect_changes(const ChangeSet& set, const std::vector<ExpectedChange>& expected,
                    const std::string& where) {
  ASSERT_EQ(set.changes.size(), expected.size()) << where;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const DimensionChange& c = set.changes[i];
    EXPECT_EQ(c.dimension, expected[i].dimension) << where << " #" << i;
    EXPECT_EQ(c.from, expected[i].from) << where << " #" << i;
    EXPECT_EQ(c.to, expected[i].to) << where << " #" << i;
    EXPECT_EQ(c.win_back, expected[i].win_back) << where << " #" << i;
  }
}

const ChangeSet* find_at(const std::vector<ChangeSet>& sets, TimeMs ts) {
  for (const ChangeSet& set : sets) {
    if (set.ts == ts) return &set;
  }
  return nullptr;
}

TEST(CustomerStep, FirstPurchaseOfANewCustomerChangesEveryDimensionFromNull) {
  Harness h;
  Events e;
  h.apply(e.order(EventType::kOrderPaid, "pay-1", kT0, "o1", 100 * kMoneyScale));
  ASSERT_EQ(h.published.size(), 1u);
  const ChangeSet& set = h.published[0];
  EXPECT_EQ(set.customer_id, "c1");
  EXPECT_EQ(set.ts, kT0);
  EXPECT_EQ(set.cause.kind, CauseKind::kEvent);
  EXPECT_EQ(set.cause.event_id, "pay-1");
  expect_changes(set,
                 {{Dimension::kLifecycle, {}, "first_purchase"},
                  {Dimension::kRfmSegment, {}, "new_customers"},
                  {Dimension::kValueTier, {}, "medium"},
                  {Dimension::kChurnRisk, {}, "low"}},
                 "first purchase");
  EXPECT_EQ(set.view.purchases, 1);
  EXPECT_EQ(h.profile.published.lifecycle, "first_purchase");
  EXPECT_TRUE(h.profile.counted_kpi.buyer);
  EXPECT_EQ(h.populations.get(PopulationGauge::kLifecycle, "first_purchase"), 1);
  EXPECT_EQ(h.populations.get(PopulationGauge::kBuyers, ""), 1);
}

TEST(CustomerStep, RegisteredThenFirstPurchase) {
  Harness h;
  Events e;
  h.apply(e.make(EventType::kSignup, "signup-1", kT0, "c1"));
  ASSERT_EQ(h.published.size(), 1u);
  expect_changes(h.published[0], {{Dimension::kLifecycle, {}, "registered"}}, "signup");
  h.apply(e.order(EventType::kOrderPlaced, "place-1", kT0 + kMinuteMs, "o1", 20 * kMoneyScale));
  EXPECT_EQ(h.published.size(), 1u) << "placing an order changes no dimension";
  h.apply(e.order(EventType::kOrderPaid, "pay-1", kT0 + 2 * kMinuteMs, "o1", 20 * kMoneyScale));
  ASSERT_EQ(h.published.size(), 2u);
  EXPECT_EQ(h.published[1].cause.event_id, "pay-1");
  expect_changes(h.published[1],
                 {{Dimension::kLifecycle, "registered", "first_purchase"},
                  {Dimension::kRfmSegment, {}, "new_customers"},
                  {Dimension::kValueTier, {}, "low"},
                  {Dimension::kChurnRisk, {}, "low"}},
                 "pay");
  EXPECT_EQ(h.populations.get(PopulationGauge::kLifecycle, "registered"), 0);
  EXPECT_EQ(h.populations.get(PopulationGauge::kLifecycle, "first_purchase"), 1);
}

TEST(CustomerStep, RefundOfTheOnlyPurchaseChangesBackToNull) {
  Harness h;
  Events e;
  h.apply(e.order(EventType::kOrderPaid, "pay-1", kT0, "o1", 100 * kMoneyScale));
  h.apply(e.order(EventType::kOrderRefunded, "refund-1", kT0 + kHourMs, "o1", 100 * kMoneyScale));
  ASSERT_EQ(h.published.size(), 2u);
  const ChangeSet& set = h.published[1];
  EXPECT_EQ(set.cause.event_id, "refund-1");
  EXPECT_EQ(set.ts, kT0 + kHourMs);
  expect_changes(set,
                 {{Dimension::kLifecycle, "first_purchase", "registered"},
                  {Dimension::kRfmSegment, "new_customers", {}},
                  {Dimension::kValueTier, "medium", {}},
                  {Dimension::kChurnRisk, "low", {}}},
                 "refund");
  EXPECT_EQ(h.populations.get(PopulationGauge::kBuyers, ""), 0);
  EXPECT_EQ(h.populations.get(PopulationGauge::kRfmSegment, "new_customers"), 0);
  EXPECT_EQ(h.populations.get(PopulationGauge::kLifecycle, "registered"), 1);
  EXPECT_EQ(next_timer(h.profile, h.clock, h.context()), std::nullopt);
}

// outputs.md: three purchases, the last on 2026-10-04T10:00Z, 48 days after the first: E = 24.0,
// at_risk_after = 48.0, so d > 48 first holds 49 days later, at 2026-11-22T10:00Z.
struct ThreePurchases {
  Harness h;
  Events e;
  TimeMs first = 0;
  TimeMs last = 0;
  ThreePurchases() {
    h.config.experiments.push_back({"winback-q4", "q4", 10});
    last = days_from_civil(2026, 10, 4) * kDayMs + 10 * kHourMs;
    first = last - 48 * kDayMs;
    h.apply(e.order(EventType::kOrderPaid, "pay-1", first, "o1", 400 * kMoneyScale));
    h.apply(e.order(EventType::kOrderPaid, "pay-2", first + 24 * kDayMs, "o2", 4805000));
    h.apply(e.order(EventType::kOrderPaid, "pay-3", last, "o3", 400 * kMoneyScale));
  }
};

TEST(CustomerStep, OutputsExampleAtRiskAtLastPurchasePlus49Days) {
  ThreePurchases s;
  const TimeMs at_risk = s.last + 49 * kDayMs;
  EXPECT_EQ(at_risk, 1795341600000);
  s.h.run_timers(at_risk);
  EXPECT_EQ(s.h.clock, at_risk) << "a timer fired at exactly the crossing instant";
  const ChangeSet* set = find_at(s.h.published, at_risk);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->cause.kind, CauseKind::kTime);
  EXPECT_TRUE(set->cause.event_id.empty());
  expect_changes(
      *set,
      {{Dimension::kLifecycle, "repeat", "at_risk"}, {Dimension::kChurnRisk, "medium", "high"}},
      "at risk");
  ASSERT_TRUE(set->view.rfm && set->view.churn);
  EXPECT_EQ(set->view.rfm->r, 4);
  EXPECT_EQ(set->view.rfm->f, 3);
  EXPECT_EQ(set->view.rfm->m, 4);
  EXPECT_EQ(set->view.rfm->recency_days, 49);
  EXPECT_EQ(set->view.rfm->monetary, 12805000);
  EXPECT_EQ(s.h.profile.published.rfm_segment, "potential_loyalists");
  EXPECT_EQ(s.h.profile.published.value_tier, "high");
  EXPECT_DOUBLE_EQ(set->view.churn->expected_interval_days, 24.0);
  EXPECT_DOUBLE_EQ(set->view.churn->churned_after_days, 96.0);
  // The time-driven sets before it (churn medium at +25 days, R4 at +31) are not at_risk yet.
  for (const ChangeSet& other : s.h.published) {
    if (other.ts < at_risk) {
      EXPECT_NE(other.view.lifecycle, LifecycleStage::kAtRisk) << other.ts;
    }
  }
  // The KPI transition, overall and in the customer's variant, on the crossing's day.
  const Variant variant = variant_of(s.h.config.experiments[0], "c1");
  const std::vector<KpiTransition> expected = {
      {KpiTransitionKind::kIntoAtRisk, whole_days(at_risk), kAllProfiles},
      {KpiTransitionKind::kIntoAtRisk, whole_days(at_risk), 0, variant}};
  EXPECT_EQ(s.h.transitions, expected);
  EXPECT_EQ(s.h.populations.get(PopulationGauge::kLifecycle, "at_risk"), 1);
  EXPECT_EQ(s.h.populations.get(PopulationGauge::kLifecycle, "at_risk", 0, variant), 1);
  EXPECT_EQ(s.h.populations.get(PopulationGauge::kRepeatBuyers, ""), 1);
}

TEST(CustomerStep, APurchaseOutOfAtRiskIsAWinBack) {
  ThreePurchases s;
  const TimeMs at_risk = s.last + 49 * kDayMs;
  s.h.run_timers(at_risk);
  ASSERT_EQ(s.h.profile.published.lifecycle, "at_risk");
  s.h.transitions.clear();
  s.h.apply(s.e.order(EventType::kOrderPaid, "pay-4", at_risk + kDayMs, "o4", 10 * kMoneyScale));
  const ChangeSet& set = s.h.published.back();
  EXPECT_EQ(set.cause.event_id, "pay-4");
  ASSERT_FALSE(set.changes.empty());
  EXPECT_EQ(set.changes[0].dimension, Dimension::kLifecycle);
  EXPECT_EQ(set.changes[0].from, "at_risk");
  EXPECT_EQ(set.changes[0].to, "loyal");  // four purchases in the 365-day window
  EXPECT_TRUE(set.changes[0].win_back);
  ASSERT_FALSE(s.h.transitions.empty());
  EXPECT_EQ(s.h.transitions[0].kind, KpiTransitionKind::kReturnedFromAtRisk);
  EXPECT_EQ(s.h.transitions[0].day, whole_days(at_risk + kDayMs));
}

TEST(CustomerStep, APurchaseOutOfChurnedIsAReactivation) {
  ThreePurchases s;
  const TimeMs churned = s.last + 97 * kDayMs;  // churned_after = 96.0
  s.h.run_timers(churned);
  ASSERT_EQ(s.h.profile.published.lifecycle, "churned");
  const ChangeSet* set = find_at(s.h.published, churned);
  ASSERT_NE(set, nullptr);
  expect_changes(
      *set,
      {{Dimension::kLifecycle, "at_risk", "churned"}, {Dimension::kChurnRisk, "high", "churned"}},
      "churned");
  s.h.apply(s.e.order(EventType::kOrderPaid, "pay-4", churned + 5, "o4", 10 * kMoneyScale));
  const ChangeSet& win = s.h.published.back();
  ASSERT_FALSE(win.changes.empty());
  EXPECT_EQ(win.changes[0].from, "churned");
  EXPECT_TRUE(win.changes[0].win_back);
  EXPECT_EQ(s.h.transitions.back().kind, KpiTransitionKind::kReactivatedFromChurned);
}

TEST(CustomerStep, ARefundOutOfAtRiskIsNoWinBack) {
  ThreePurchases s;
  s.h.run_timers(s.last + 49 * kDayMs);
  for (const char* order : {"o1", "o2", "o3"}) {
    s.h.apply(s.e.order(EventType::kOrderCancelled, std::string("cancel-") + order,
                        s.last + 50 * kDayMs, order));
  }
  EXPECT_EQ(s.h.profile.published.lifecycle, "registered");
  for (const ChangeSet& set : s.h.published) {
    for (const DimensionChange& c : set.changes) EXPECT_FALSE(c.win_back);
  }
}

TEST(CustomerStep, VisitorsEmitNoChangeSetButCountInPopulations) {
  Harness h;
  Events e;
  h.apply(e.visitor_view("v-1", kT0, "anon-1"));
  EXPECT_TRUE(h.published.empty());
  EXPECT_EQ(h.profile.anonymous_id, "anon-1");
  EXPECT_TRUE(h.profile.customer_id.empty());
  EXPECT_EQ(h.populations.get(PopulationGauge::kLifecycle, "visitor"), 1);
  h.apply(e.visitor_view("v-2", kT0 + kDayMs, "anon-1"));
  EXPECT_TRUE(h.published.empty());
  EXPECT_EQ(h.populations.get(PopulationGauge::kLifecycle, "visitor"), 0);
  EXPECT_EQ(h.populations.get(PopulationGauge::kLifecycle, "returning_visitor"), 1);
  EXPECT_EQ(h.profile.published.lifecycle, "returning_visitor");
}

TEST(CustomerStep, VisitorExpiresAfterRetention) {
  Harness h;
  Events e;
  h.apply(e.visitor_view("v-1", kT0, "anon-1"));
  EXPECT_EQ(next_timer(h.profile, h.clock, h.context()), kT0 + 180 * kDayMs);
  StepResult out;
  fire_timer(h.profile, kT0 + 180 * kDayMs - 1, h.context(), out);
  EXPECT_FALSE(out.profile_expired);
  fire_timer(h.profile, kT0 + 180 * kDayMs, h.context(), out);
  EXPECT_TRUE(out.profile_expired);
  EXPECT_TRUE(out.change_sets.empty());
  EXPECT_EQ(out.populations.get(PopulationGauge::kLifecycle, "visitor"), -1);
}

TEST(CustomerStep, SignupMergesTheVisitorAndMovesItsCounts) {
  Events e;
  Harness visitor;
  visitor.apply(e.visitor_view("v-1", kT0, "anon-1"));
  visitor.apply(e.visitor_view("v-2", kT0 + kDayMs, "anon-1"));
  Event add = e.visitor_view("v-3", kT0 + kDayMs + 1, "anon-1");
  add.type = EventType::kAddToCart;
  add.product_id = "p1";
  visitor.apply(add);
  ASSERT_EQ(visitor.profile.published.lifecycle, "returning_visitor");
  EXPECT_EQ(next_timer(visitor.profile, visitor.clock, visitor.context()),
            kT0 + kDayMs + 1 + 180 * kDayMs)
      << "no cart trigger for a visitor";

  Harness customer;
  Event signup = e.make(EventType::kSignup, "signup-1", kT0 + 2 * kDayMs, "c1");
  signup.anonymous_id = "anon-1";
  customer.apply(signup, &visitor.profile);
  // The visitor's counted stage leaves with it; the customer is counted as registered.
  EXPECT_EQ(customer.populations.get(PopulationGauge::kLifecycle, "returning_visitor"), -1);
  EXPECT_EQ(customer.populations.get(PopulationGauge::kLifecycle, "registered"), 1);
  ASSERT_FALSE(customer.published.empty());
  expect_changes(customer.published[0], {{Dimension::kLifecycle, {}, "registered"}}, "signup");
  const Profile& p = customer.profile;
  EXPECT_EQ(p.visits(), 3);
  EXPECT_EQ(p.first_seen, kT0);
  EXPECT_EQ(p.last_seen, kT0 + 2 * kDayMs);
  EXPECT_EQ(p.linked_anonymous_ids, (std::vector<LinkedAnonymousId>{{"anon-1", kT0 + 2 * kDayMs}}));
  EXPECT_EQ(p.cart.size(), 1u);
  // The merged cart is a customer's now: it was abandoned long ago, so it fires at once.
  const ChangeSet& cart = customer.published.back();
  ASSERT_EQ(cart.triggers.size(), 1u);
  EXPECT_EQ(cart.triggers[0].type, TriggerType::kCartAbandoned);
  EXPECT_EQ(cart.ts, kT0 + 2 * kDayMs);
  // A copy of a visitor's event that arrives after the link is still a duplicate.
  StepResult out;
  const TimeMs clock = customer.clock;
  apply_event(customer.profile, e.visitor_view("v-2", kT0 + kDayMs, "anon-1"), clock,
              customer.context(), out);
  EXPECT_TRUE(out.duplicate);
}

// An erasure finds links through linked_anonymous_ids: a login from a device that never had a
// visitor profile must be recorded there too.
TEST(CustomerStep, ALoginWithoutAVisitorProfileStillRecordsTheLink) {
  Events e;
  Harness customer;
  Event login = e.make(EventType::kLogin, "login-1", kT0, "c1");
  login.anonymous_id = "device-9";
  customer.apply(login);
  EXPECT_EQ(customer.profile.linked_anonymous_ids,
            (std::vector<LinkedAnonymousId>{{"device-9", kT0}}));
}

// semantics.md: "an order_placed removes the items added at or before its ts", whatever the
// arrival order (events.md: "a click from yesterday can arrive today"). An add that arrives
// after the order that checked it out must not reopen the cart and fire cart_abandoned.
TEST(CustomerStep, AnAddArrivingAfterTheOrderThatCheckedItOutStaysOutOfTheCart) {
  Events e;
  Harness h;
  h.apply(e.order(EventType::kOrderPlaced, "placed-1", kT0, "o1", 50 * kMoneyScale));
  Event late_add = e.make(EventType::kAddToCart, "add-1", kT0 - kMinuteMs, "c1");
  late_add.product_id = "p1";
  h.apply(late_add);
  EXPECT_TRUE(h.profile.cart.empty());
  EXPECT_EQ(h.profile.counters[static_cast<int>(EventType::kAddToCart)], 1) << "still counted";
  Event same_instant = late_add;
  same_instant.event_id = "add-2";
  same_instant.ts = kT0;
  h.apply(same_instant);
  EXPECT_TRUE(h.profile.cart.empty()) << "added at the order's ts: checked out too";

  Event after = late_add;
  after.event_id = "add-3";
  after.ts = kT0 + kMinuteMs;
  h.apply(after);
  ASSERT_EQ(h.profile.cart.size(), 1u) << "an add after the order opens a cart";
  h.run_timers(kT0 + 2 * kHourMs);
  std::size_t abandoned = 0;
  for (const ChangeSet& set : h.published) {
    for (const Trigger& trigger : set.triggers) {
      if (trigger.type == TriggerType::kCartAbandoned) ++abandoned;
    }
  }
  EXPECT_EQ(abandoned, 1u) << "only the cart opened after the order";
}

// A visitor's cart merged at login is the customer's "as if the visitor's events had been
// applied to it": an order the customer placed after an add (from another device) checked
// that item out, so it does not come back with the merge.
TEST(CustomerStep, AMergedVisitorCartLosesTheItemsTheCustomersLaterOrderCheckedOut) {
  Events e;
  Harness visitor;
  Event add_old = e.visitor_view("v-add-1", kT0, "anon-1");
  add_old.type = EventType::kAddToCart;
  add_old.product_id = "p-old";
  visitor.apply(add_old);
  Event add_new = add_old;
  add_new.event_id = "v-add-2";
  add_new.ts = kT0 + 2 * kHourMs;
  add_new.product_id = "p-new";
  visitor.apply(add_new);

  Harness customer;
  customer.apply(e.order(EventType::kOrderPlaced, "placed-1", kT0 + kHourMs, "o1"));
  Event login = e.make(EventType::kLogin, "login-1", kT0 + 2 * kHourMs + 1, "c1");
  login.anonymous_id = "anon-1";
  customer.apply(login, &visitor.profile);
  ASSERT_EQ(customer.profile.cart.size(), 1u);
  EXPECT_EQ(customer.profile.cart[0].product_id, "p-new");
  EXPECT_EQ(customer.profile.last_cart_add, kT0 + 2 * kHourMs);
}

// semantics.md "Identity": the link expires like a visitor profile. An event that reaches the
// customer through the link is activity of the link and keeps it; the customer's timer covers
// the expiry, and firing it reports the link for the engine to erase.
TEST(CustomerStep, ALinkExpiresVisitorRetentionAfterItsLastEvent) {
  Events e;
  Harness customer;
  Event login = e.make(EventType::kLogin, "login-1", kT0, "c1");
  login.anonymous_id = "device-9";
  customer.apply(login);
  const TimeMs active = kT0 + 10 * kDayMs;
  customer.apply(e.visitor_view("view-1", active, "device-9"));  // routed here by the link
  EXPECT_EQ(customer.profile.counters[static_cast<int>(EventType::kPageView)], 1);
  const TimeMs expiry = active + customer.config.visitor_retention;
  EXPECT_EQ(next_timer(customer.profile, customer.clock, customer.context()), expiry);

  StepResult out;
  fire_timer(customer.profile, expiry - 1, customer.context(), out);
  EXPECT_TRUE(out.expired_links.empty());
  fire_timer(customer.profile, expiry, customer.context(), out);
  EXPECT_EQ(out.expired_links, (std::vector<std::string>{"device-9"}));
  EXPECT_FALSE(out.profile_expired) << "the customer stays; only the link goes";
  EXPECT_TRUE(customer.profile.linked_anonymous_ids.empty());
  EXPECT_EQ(next_timer(customer.profile, expiry, customer.context()), std::nullopt);
}

TEST(CustomerStep, DuplicatesAreSkippedUntilRetentionEnds) {
  Harness h;
  Events e;
  const Event view = e.make(EventType::kPageView, "view-1", kT0, "c1");
  h.apply(view);
  const Profile before = h.profile;
  StepResult out;
  apply_event(h.profile, view, kT0 + kDayMs, h.context(), out);
  EXPECT_TRUE(out.duplicate);
  EXPECT_TRUE(out.change_sets.empty());
  EXPECT_TRUE(out.populations.empty());
  EXPECT_EQ(h.profile.counters, before.counters);
  EXPECT_EQ(h.profile.seen_events.size(), before.seen_events.size());
  apply_event(h.profile, view, kT0 + 7 * kDayMs, h.context(), out);
  EXPECT_FALSE(out.duplicate) << "forgotten after dedupe_retention of clock time";
  EXPECT_EQ(h.profile.counters[static_cast<int>(EventType::kPageView)], 2);
  // Touching the profile prunes the ids that have expired.
  apply_event(h.profile, e.make(EventType::kPageView, "view-2", kT0, "c1"), kT0 + 15 * kDayMs,
              h.context(), out);
  EXPECT_EQ(h.profile.seen_events.size(), 1u);
}

TEST(CustomerStep, CartAbandonedFiresAtLastAddPlusOneHourAndAnOrderThenIsTooLate) {
  Harness h;
  Events e;
  Event add = e.make(EventType::kAddToCart, "add-1", kT0, "c1");
  add.product_id = "p1";
  h.apply(add);
  add.event_id = "add-2";
  add.ts = kT0 + 20 * kMinuteMs;  // resets the due time
  h.apply(add);
  EXPECT_EQ(next_timer(h.profile, h.clock, h.context()), kT0 + 80 * kMinuteMs);
  h.apply(e.order(EventType::kOrderPlaced, "place-1", kT0 + 80 * kMinuteMs, "o1", 5));
  const ChangeSet* set = find_at(h.published, kT0 + 80 * kMinuteMs);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->cause.kind, CauseKind::kTime);
  EXPECT_TRUE(set->changes.empty());
  ASSERT_EQ(set->triggers.size(), 1u);
  EXPECT_EQ(set->triggers[0].type, TriggerType::kCartAbandoned);
  ASSERT_EQ(set->triggers[0].items.size(), 1u);
  EXPECT_EQ(set->triggers[0].items[0].quantity, 2);
  EXPECT_TRUE(h.profile.cart.empty());
}

TEST(CustomerStep, AnOrderJustBeforeTheInstantCancelsCartAbandoned) {
  Harness h;
  Events e;
  Event add = e.make(EventType::kAddToCart, "add-1", kT0, "c1");
  add.product_id = "p1";
  h.apply(add);
  h.apply(e.order(EventType::kOrderPlaced, "place-1", kT0 + kHourMs - 1, "o1", 5));
  h.apply(e.order(EventType::kOrderPaid, "pay-1", kT0 + kHourMs + 1, "o1", 5));
  for (const ChangeSet& set : h.published) EXPECT_TRUE(set.triggers.empty());
}

TEST(CustomerStep, PaymentReminderOncePerOrder) {
  Harness h;
  Events e;
  h.apply(e.order(EventType::kOrderPlaced, "place-1", kT0, "o1", 77 * kMoneyScale));
  h.apply(e.make(EventType::kPageView, "view-1", kT0 + kDayMs, "c1"));
  std::vector<Trigger> reminders;
  for (const ChangeSet& set : h.published) {
    for (const Trigger& t : set.triggers) {
      reminders.push_back(t);
      EXPECT_EQ(set.ts, kT0 + 30 * kMinuteMs);
    }
  }
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_EQ(reminders[0].type, TriggerType::kPaymentReminder);
  EXPECT_EQ(reminders[0].order_id, "o1");
  EXPECT_EQ(reminders[0].amount, 77 * kMoneyScale);
  EXPECT_EQ(next_timer(h.profile, h.clock, h.context()), std::nullopt);
}

TEST(CustomerStep, NoPaymentReminderWhenPaidOrCancelledInTime) {
  for (const EventType settle : {EventType::kOrderPaid, EventType::kOrderCancelled}) {
    Harness h;
    Events e;
    h.apply(e.order(EventType::kOrderPlaced, "place-1", kT0, "o1", 10 * kMoneyScale));
    h.apply(e.order(settle, "settle-1", kT0 + 29 * kMinuteMs, "o1", 10 * kMoneyScale));
    h.run_timers(kT0 + kDayMs);
    for (const ChangeSet& set : h.published) EXPECT_TRUE(set.triggers.empty()) << to_string(settle);
  }
}

TEST(CustomerStep, ALateEventChangesThingsNowAndPastDueTimersFireAtTheClock) {
  Harness h;
  Events e;
  h.apply(e.make(EventType::kPageView, "view-1", kT0 + 10 * kHourMs, "c1"));
  h.apply(e.order(EventType::kOrderPaid, "pay-late", kT0, "o1", 5 * kMoneyScale));
  ASSERT_FALSE(h.published.empty());
  EXPECT_EQ(h.published.back().ts, kT0 + 10 * kHourMs);
  Event add = e.make(EventType::kAddToCart, "add-late", kT0 + 5 * kHourMs, "c1");
  add.product_id = "p1";
  StepResult out;
  apply_event(h.profile, add, h.clock, h.context(), out);
  const auto next = next_timer(h.profile, h.clock, h.context());
  ASSERT_TRUE(next.has_value());
  EXPECT_LE(*next, h.clock);
  fire_timer(h.profile, h.clock, h.context(), out);
  ASSERT_EQ(out.change_sets.size(), 1u);
  EXPECT_EQ(out.change_sets[0].ts, kT0 + 10 * kHourMs);
  EXPECT_EQ(out.change_sets[0].triggers.size(), 1u);
}

TEST(CustomerStep, RescorePublishesChangesCausedByNewThresholds) {
  Harness h;
  Events e;
  h.apply(e.order(EventType::kOrderPaid, "pay-1", kT0, "o1", 100 * kMoneyScale));
  ASSERT_EQ(h.profile.published.value_tier, "medium");
  h.thresholds.monetary = {1000 * kMoneyScale, 2000 * kMoneyScale, 3000 * kMoneyScale,
                           4000 * kMoneyScale};
  StepResult out;
  rescore(h.profile, kT0 + kHourMs, h.context(), out);
  ASSERT_EQ(out.change_sets.size(), 1u);
  EXPECT_EQ(out.change_sets[0].cause.kind, CauseKind::kRescore);
  EXPECT_EQ(out.change_sets[0].ts, kT0 + kHourMs);
  expect_changes(out.change_sets[0], {{Dimension::kValueTier, "medium", "low"}}, "rescore");
  rescore(h.profile, kT0 + 2 * kHourMs, h.context(), out);
  EXPECT_TRUE(out.change_sets.empty()) << "nothing new: nothing published";
}

TEST(CustomerStep, EraseRemovesWhatWasCounted) {
  Harness h;
  Events e;
  h.config.experiments.push_back({"x", "s", 50});
  h.apply(e.order(EventType::kOrderPaid, "pay-1", kT0, "o1", 100 * kMoneyScale));
  StepResult out;
  erase(h.profile, h.context(), out);
  for (const PopulationCount& c : h.populations.counts()) {
    EXPECT_EQ(out.populations.get(c.gauge, c.value, c.experiment, c.variant), -c.delta)
        << to_string(c.gauge) << " " << c.value;
  }
  EXPECT_EQ(out.populations.counts().size(), h.populations.counts().size());
}

}  // namespace
}  // namespace crm
