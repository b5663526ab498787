// The behavioural fold: one applied event into a profile's activity (semantics.md "Profile"):
// first/last seen, distinct visits, counters per type, dwell, activity per channel, categories
// viewed and bought, and the open cart. The order ledger is order_ledger.h; dedupe, identity
// and triggers have their own files. Pure functions; the profile is owned by the caller's task.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "processors/event.h"
#include "processors/model_config.h"
#include "processors/profile.h"

namespace crm {

// Bounds of the per-profile name counts, so a profile stays small whatever producers send.
// Channels are a handful in practice (web, mobile_web, app, mini_program): 16 leaves room for
// custom ones. Categories keep 32, three times the top 10 reported, so that a category climbing
// into the top 10 usually still has its history. When full, the lowest count is evicted.
inline constexpr std::size_t kMaxChannels = 16;
inline constexpr std::size_t kMaxCategories = 32;
// Removals remembered per profile: far more than a cart's lines; the oldest goes first.
inline constexpr std::size_t kMaxCartRemovals = 32;

// Folds one validated, non-duplicate event into the profile's behaviour. Every event counts in
// first/last seen, its type's counter and its channel; clickstream events count a visit.
// Order events touch only that here (the ledger is apply_to_ledger, which also keeps the
// categories bought).
void fold_behaviour(Profile& profile, const Event& event, const ModelConfig& config);

// Whether any event was ever applied to the profile (counters never decrease).
bool has_history(const Profile& profile);

// The 64-bit visit key of a clickstream event: FNV-1a of "s:" + session_id, or of "d:" + the
// decimal day (whole days of ts + day_offset) when there is no session_id.
std::uint64_t visit_hash(const Event& event, TimeMs day_offset);

// Adds `by` to the count of `name`. Counts are kept sorted by count descending, then name
// ascending, so the front is the preferred/top entry and the back the one to evict; a new name
// arriving when `bound` entries exist evicts the back.
void add_count(std::vector<NamedCount>& counts, std::string_view name, std::int64_t by,
               std::size_t bound);
// Adds every count of `from` (a merge), keeping the order and the bound.
void merge_counts(std::vector<NamedCount>& into, const std::vector<NamedCount>& from,
                  std::size_t bound);

// The channel with the most events (ties: the lowest name), or "" before any event.
std::string_view preferred_channel(const Profile& profile);
// The kTopCategories highest counts of a category list, highest first.
std::span<const NamedCount> top_categories(const std::vector<NamedCount>& categories);

// Cart edits (semantics.md "Triggers"): a cart begins with the first add into an empty cart,
// which re-arms cart_abandoned, and ends when emptied. An order_placed removes the items added
// at or before its ts, and a remove_from_cart the product's items added at or before its ts, in
// either arrival order: an add no later than an order already in the ledger, or than a removal
// of the product already applied, is not added.
void add_to_cart(Profile& profile, std::string_view product_id, std::int64_t quantity,
                 std::optional<Money> price, TimeMs ts);
// Removes the product's line unless it was added after `ts` (a removal arriving late), and
// remembers the removal for adds from before it that arrive later (kMaxCartRemovals kept).
void remove_from_cart(Profile& profile, std::string_view product_id, TimeMs ts);
// An order_placed removes the items added at or before its ts: they were checked out.
void check_out_cart(Profile& profile, TimeMs placed_at);
// Whether an order in the profile's ledger was placed at or after `added_at`, so that it
// checked out an item added then, whichever of the two was applied first.
bool checked_out_later(const Profile& profile, TimeMs added_at);
// Whether a removal of the product at or after `added_at` was applied already, so that it
// removed an item added then, whichever of the two was applied first.
bool removed_later(const Profile& profile, std::string_view product_id, TimeMs added_at);
// Keeps the latest removal time per product, at most kMaxCartRemovals (the oldest evicted).
void remember_removal(std::vector<CartRemoval>& removals, std::string_view product_id, TimeMs ts);

}  // namespace crm
