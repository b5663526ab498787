// A customer's (or visitor's) live profile: everything the model keeps about one customer key,
// including its order ledger and the event ids remembered for dedupe, so that a visitor's
// whole history moves with one value when it is linked to a customer.
// Plain data, owned strings; state/ encodes it, processors/ folds events into it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "processors/customer_view.h"
#include "processors/event.h"
#include "processors/money.h"
#include "processors/time.h"

namespace crm {

// The payment that counts for an order: the earliest `ts`, ties broken by the lowest event_id.
struct Payment {
  TimeMs paid_at = 0;
  std::string event_id;
  Money amount = 0;
};

struct NamedCount {
  std::string name;
  std::int64_t count = 0;
};

// The categories of an order's items (semantics.md "Profile": top categories bought), taken
// from the first of its order_placed and order_paid events to carry items, by (placed before
// paid, ts, event id), so that they do not depend on the events' arrival order.
struct OrderItems {
  std::uint8_t rank = 0;               // 0: from an order_placed, 1: from an order_paid
  TimeMs ts = 0;                       // of that event
  std::uint64_t event_hash = 0;        // FNV-1a 64 of its event_id
  std::vector<NamedCount> categories;  // item lines per category
};

// One order of the ledger, keyed by order_id within its customer. Any arrival order of the
// order's events gives the same entry.
struct OrderEntry {
  std::string order_id;
  std::optional<TimeMs> placed_at;
  Money placed_amount = 0;
  std::optional<Payment> payment;
  Money refunded = 0;
  std::optional<TimeMs> cancelled_at;
  bool reminder_sent = false;  // payment_reminder is sent once per order
  std::optional<OrderItems> items;
};

// A purchase as RFM sees it: an order paid, not cancelled, whose value (paid minus refunded)
// is above zero.
struct Purchase {
  TimeMs paid_at = 0;
  Money value = 0;
  friend bool operator==(const Purchase&, const Purchase&) = default;
};

struct CartItem {
  std::string product_id;
  std::int64_t quantity = 1;
  std::optional<Money> price;
  TimeMs added_at = 0;
};

// The latest remove_from_cart of a product, so that an add from before it arriving after it
// stays out of the cart (events.md "Order of events": any arrival order gives the same result).
struct CartRemoval {
  std::string product_id;
  TimeMs removed_at = 0;
};

// An event id remembered for dedupe: a 64-bit hash of the event_id and the task clock when the
// event was applied (forgotten dedupe_retention later).
struct SeenEvent {
  std::uint64_t id_hash = 0;
  TimeMs applied_at = 0;
};

// The values last published per dimension (null = not applicable), so that a change is the
// difference between these and a fresh evaluation. Segment is kept by name: rules may change.
struct PublishedClassification {
  std::optional<std::string> lifecycle;
  std::optional<std::string> rfm_segment;
  std::optional<std::string> value_tier;
  std::optional<std::string> churn_risk;
  friend bool operator==(const PublishedClassification&, const PublishedClassification&) = default;
};

// An anonymous id linked to this customer, with the ts of its latest event that reached the
// customer through the link (or linked it): the link expires visitor_retention after that
// (semantics.md "Identity": it "expires like a visitor profile").
struct LinkedAnonymousId {
  std::string id;
  TimeMs last_active = 0;
  friend bool operator==(const LinkedAnonymousId&, const LinkedAnonymousId&) = default;
};

inline constexpr std::size_t kTopCategories = 10;

struct Profile {
  std::string customer_id;   // empty for a visitor
  std::string anonymous_id;  // a visitor's key; empty for a customer
  TimeMs first_seen = 0;
  TimeMs last_seen = 0;

  std::vector<std::uint64_t> visit_hashes;               // sorted, distinct hashes of visit keys
  std::array<std::int64_t, kEventTypeCount> counters{};  // applied events by type
  std::int64_t dwell_ms_total = 0;
  std::vector<NamedCount> channels;           // events per channel
  std::vector<NamedCount> categories_viewed;  // bounded, highest counts kept
  // Derived from the purchases' order items and the legacy counts (order_ledger.h).
  std::vector<NamedCount> categories_bought;
  // What profiles encoded before version 3 counted as bought (every order_paid's items, whatever
  // became of the order): their orders' items are not known, so the counts stay as they were.
  std::vector<NamedCount> legacy_categories_bought;

  std::vector<CartItem> cart;
  std::vector<CartRemoval> cart_removals;  // bounded: the most recent kept
  TimeMs last_cart_add = 0;
  bool cart_abandoned_sent = false;  // once per cart

  std::vector<OrderEntry> orders;   // the order ledger
  std::vector<Purchase> purchases;  // derived from orders, ascending by paid_at
  Money monetary_lifetime = 0;      // sum of purchase values

  std::vector<SeenEvent> seen_events;
  std::vector<LinkedAnonymousId> linked_anonymous_ids;  // sorted by id, each once

  PublishedClassification published;  // as last emitted and counted in the populations
  KpiMembership counted_kpi;          // as last counted in the KPI gauges

  // The instant of the profile's pending timer in the state store: task-engine bookkeeping, so
  // that rescheduling deletes the old timer key instead of leaving it to fire for nothing.
  std::optional<TimeMs> timer_due;

  const std::string& key() const { return customer_id.empty() ? anonymous_id : customer_id; }
  bool is_customer() const { return !customer_id.empty(); }
  std::int64_t visits() const { return static_cast<std::int64_t>(visit_hashes.size()); }
};

}  // namespace crm
