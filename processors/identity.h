// Identity (semantics.md "Identity"): a signup or login carrying both ids links a visitor to a
// customer, and the visitor's history is merged into the customer's profile. The caller deletes
// the visitor's profile afterwards and removes its population counts (customer_step.h does).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "processors/event.h"
#include "processors/model_config.h"
#include "processors/profile.h"

namespace crm {

// Merges `visitor` into `customer` as if the visitor's events had been applied to it: counters
// and dwell added, visits the union of distinct visits, first_seen the earliest and last_seen
// the latest, channels and categories added (bounds kept), carts merged, ledgers merged, the
// dedupe ids moved, and the visitor's anonymous_id recorded in linked_anonymous_ids.
// What the customer has published is untouched: the caller evaluates the merged profile.
void merge_visitor(Profile& customer, const Profile& visitor);

// Records that `anonymous_id` is linked to this customer (kept sorted, once), also when the
// visitor had no profile of its own: an erasure must find every link. `active_at` is the ts
// of an event of that id (the link, or one that reached the customer through it): the link's
// last_active becomes the latest of those.
void record_link(Profile& customer, std::string_view anonymous_id, TimeMs active_at);

// The instant the customer's earliest link has had no activity for visitor_retention and
// expires; nullopt when it has none.
std::optional<TimeMs> next_link_expiry(const Profile& customer, const ModelConfig& config);

// Removes the links due to expire at or before `instant` and appends their anonymous ids to
// `expired`: the caller erases each one's link where it is kept, if it still names the customer.
void expire_links(Profile& customer, TimeMs instant, const ModelConfig& config,
                  std::vector<std::string>& expired);

// A signup or login carrying both ids: it links the visitor to the customer.
bool links_visitor(const Event& event);

// The state kept under an anonymous id (the visitor's profile and timer, and its link) lives in
// the anonymous id's task. An event reads or writes it when it has no customer id (it goes to
// the visitor or, once linked, to its customer) or when it links the visitor; any other
// customer event ignores its anonymous id.
bool uses_visitor_state(const Event& event);

}  // namespace crm
