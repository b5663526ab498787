// Identity (semantics.md "Identity"): a signup or login carrying both ids links a visitor to a
// customer, and the visitor's history is merged into the customer's profile. The caller deletes
// the visitor's profile afterwards and removes its population counts (customer_step.h does).
#pragma once

#include <string_view>

#include "processors/event.h"
#include "processors/profile.h"

namespace crm {

// Merges `visitor` into `customer` as if the visitor's events had been applied to it: counters
// and dwell added, visits the union of distinct visits, first_seen the earliest and last_seen
// the latest, channels and categories added (bounds kept), carts merged, ledgers merged, the
// dedupe ids moved, and the visitor's anonymous_id recorded in linked_anonymous_ids.
// What the customer has published is untouched: the caller evaluates the merged profile.
void merge_visitor(Profile& customer, const Profile& visitor);

// Records that `anonymous_id` is linked to this customer (kept sorted, once), also when the
// visitor had no profile of its own: an erasure must find every link.
void record_link(Profile& customer, std::string_view anonymous_id);

// A signup or login carrying both ids: it links the visitor to the customer.
bool links_visitor(const Event& event);

// The state kept under an anonymous id (the visitor's profile and timer, and its link) lives in
// the anonymous id's task. An event reads or writes it when it has no customer id (it goes to
// the visitor or, once linked, to its customer) or when it links the visitor; any other
// customer event ignores its anonymous id.
bool uses_visitor_state(const Event& event);

}  // namespace crm
