// `crmstream inspect` (operations.md): one profile as one JSON object, for support and
// debugging. Members: the task holding it and that task's clock; "profile", the export record
// evaluated at that clock (the same line `crmstream export` writes); "ledger", every order
// with when it was placed, paid, refunded and cancelled; "purchases" as RFM counts them; the
// open "cart"; "linked_anonymous_ids"; and "timers": the timer stored in the state store and
// what is due when (the next view crossing, cart_abandoned, each payment reminder, a
// visitor's expiry, the earliest link's expiry, and the earliest of them, which the task engine
// would schedule now), null where nothing is due. Reads only; safe on a read-only store.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "pipeline/wall_clock.h"
#include "state/store.h"

namespace crm {

// Appends the JSON object and '\n' to `out`. NotFound ("customer c-1 not found"; for a visitor
// whose id was linked, which customer it counts for now) when no task holds the profile.
Status inspect_profile(const StateStore& store, const Config& config, const WallClock& wall,
                       ProfileKind kind, std::string_view key, std::string& out);

}  // namespace crm
