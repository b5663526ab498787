// Dedupe of input events by event_id within a profile (events.md "Bad input"): an id is
// remembered, as a 64-bit FNV-1a hash, for dedupe_retention of task clock time after it was
// applied, and moves with a visitor's profile when it is linked. profile.seen_events is kept
// sorted by hash so a look-up is a binary search.
#pragma once

#include <cstdint>
#include <string_view>

#include "processors/profile.h"
#include "processors/time.h"

namespace crm {

std::uint64_t event_id_hash(std::string_view event_id);

// Whether event_id was applied to this profile and is still remembered at `clock` (an id
// applied at t is forgotten from t + retention on, pruned or not).
bool is_duplicate(const Profile& profile, std::string_view event_id, TimeMs clock,
                  TimeMs retention);

// Remembers event_id as applied at `clock`.
void remember_event(Profile& profile, std::string_view event_id, TimeMs clock);

// Forgets the ids applied at or before clock - retention, so the set stays bounded.
void prune_seen_events(Profile& profile, TimeMs clock, TimeMs retention);

// Re-stamps every remembered id applied before `clock` as applied at `clock`: a visitor's ids
// moving to a task whose clock runs ahead of its own task's would otherwise count as long
// expired there, and a copy of an event still in flight would be applied twice.
void restamp_seen_events(Profile& profile, TimeMs clock);

// Adds another profile's remembered ids (a visitor's, on a link); an id in both keeps the later
// applied_at, so it is remembered as long as either profile would have.
void merge_seen_events(Profile& into, const Profile& from);

}  // namespace crm
