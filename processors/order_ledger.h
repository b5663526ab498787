// The order ledger (events.md "Order of events"): one entry per order_id within a customer,
// built so that any arrival order of the order's events gives the same entry, and the
// purchases RFM sees, derived from it (semantics.md "Purchases").
#pragma once

#include <optional>
#include <string_view>

#include "processors/event.h"
#include "processors/profile.h"

namespace crm {

// Applies an order event to its order's entry, creating the entry for placed, paid, refunded
// and cancelled (shipped and delivered only count, in the fold); an order_placed's or
// order_paid's items may become the order's (OrderItems). Rebuilds the purchases when the
// order's purchase changed (returns whether it did), or categories_bought when a purchase's
// items did.
// REQUIRES: is_order_event(event.type) and a non-empty order_id.
bool apply_to_ledger(Profile& profile, const Event& event);

// The purchase an order makes: paid, not cancelled (whatever the dates: a cancel refunds all),
// and worth paid - refunded > 0; nullopt otherwise.
std::optional<Purchase> purchase_of(const OrderEntry& order);

// The entry of an order, or nullptr. profile.orders is kept sorted by order_id.
const OrderEntry* find_order(const Profile& profile, std::string_view order_id);

// Folds `from` into `into` (same order_id) as if all their events had been applied to one
// entry: earliest placement, the payment that counts, refunds added, earliest cancel.
void merge_order(OrderEntry& into, const OrderEntry& from);

// Merges another profile's ledger (a visitor's, on a link) and its legacy categories bought, and
// rebuilds the purchases.
void merge_ledger(Profile& into, const Profile& from);

// Rebuilds profile.purchases (ascending by paid_at, ties by order_id, so the list is a function
// of the ledger alone), monetary_lifetime, and categories_bought: the legacy counts plus the
// item lines of every purchase's order (an order that is no purchase, refunded in full or
// cancelled, bought nothing).
void rebuild_purchases(Profile& profile);

}  // namespace crm
