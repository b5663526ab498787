// The stored form of a crm::Profile: a versioned, compact binary encoding. Stored profiles
// outlive the binary that wrote them, so a version's layout never changes once released:
// a new layout is a new version byte, and decode keeps reading every older version
// (tests/state/profile_v1_fixture.h, profile_v2_fixture.h and profile_v3_fixture.h hold bytes
// that must keep decoding).
// Pure functions; safe to call from any number of threads on distinct buffers.
//
// Version 3 layout (version 2 is the same without the legacy categories bought, the cart
// removals and the orders' items, and reads its categories_bought as the legacy ones; version 1
// is version 2 without each link's last_active). Integers are LEB128
// varints; "s" marks a signed one, zigzag-encoded; "str" is a varint byte length then the bytes;
// [x] is present only when its flag bit is set; a list is a varint count n then n elements.
//
//   version               u8 = 3
//   customer_id           str
//   anonymous_id          str
//   first_seen            s
//   last_seen             s
//   visit_hashes          n, then the first value, then each next one as (v[i] - v[i-1]) mod
//                         2^64: hashes are kept ascending, so the gaps are small
//   counters              n <= kEventTypeCount, then n x s; trailing zero counters are left
//                         out and a shorter list reads as zeros, so appending an event type
//                         keeps old bytes valid
//   dwell_ms_total        s
//   channels              n x (name str, count s)
//   categories_viewed     n x (name str, count s)
//   categories_bought     n x (name str, count s)
//   legacy_categories_bought  n x (name str, count s)
//   cart                  n x (flags u8 {1: price}, product_id str, quantity s, [price s],
//                              added_at s)
//   cart_removals         n x (product_id str, removed_at s)
//   last_cart_add         s
//   profile flags         u8 {1: cart_abandoned_sent}
//   orders                n x (flags u8 {1: placed_at, 2: payment, 4: cancelled_at,
//                                       8: reminder_sent, 16: items},
//                              order_id str, [placed_at s], placed_amount s,
//                              [paid_at s, event_id str, amount s], refunded s,
//                              [cancelled_at s], [items: rank u8 (0 or 1), ts s, event_hash as
//                              8 bytes little-endian, categories n x (name str, count s)])
//   purchases             n x (paid_at s as the difference from the previous paid_at, the
//                              first from 0; value s)
//   monetary_lifetime     s
//   seen_events           n x (id_hash as 8 bytes little-endian: hashes do not shrink as
//                              varints; applied_at s as the difference from the previous)
//   linked_anonymous_ids  n x (id str, last_active s); version 1: n x id str, read with
//                         last_active = last_seen
//   published             flags u8 {1: lifecycle, 2: rfm_segment, 4: value_tier,
//                                   8: churn_risk}, then each present one as str, in that order
//   counted_kpi           u8 {1: buyer, 2: repeat_buyer, 4: second_purchase_cohort,
//                             8: second_within_90_days}
//   timer_due             flags u8 {1: present}, then [timer_due s]
//
// The encoding ends there: trailing bytes, unknown flag bits, a count larger than the bytes
// left and a varint over 64 bits are all corruption. Differences wrap modulo 2^64, so every
// profile round-trips exactly, sorted or not.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "processors/profile.h"
#include "state/status.h"

namespace crm {

inline constexpr std::uint8_t kProfileEncodingVersion = 3;

// Appends the current version's encoding of `profile` to `out` (which is not cleared, so a
// caller can reuse one buffer across a batch and keep its capacity).
void encode_profile(const Profile& profile, std::string& out);

// Decodes any supported version into `profile`, reusing its strings' and vectors' capacity.
// Errors: Corruption for truncated or malformed bytes (naming the field and byte offset) and
// for an unknown version (newer than this build, or not a profile at all). On error `profile`
// holds an unspecified but valid value.
Status decode_profile(std::string_view bytes, Profile& profile);

}  // namespace crm
