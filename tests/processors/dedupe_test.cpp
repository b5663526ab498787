// Dedupe by event_id within a profile: retention of task clock time, pruning, merge on a link.
#include "processors/dedupe.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace crm {
namespace {

constexpr TimeMs kT0 = 1'790'000'000'000;
constexpr TimeMs kRetention = 7 * kDayMs;

TEST(Dedupe, RememberedIdsAreDuplicatesUntilRetentionEnds) {
  Profile profile;
  EXPECT_FALSE(is_duplicate(profile, "e1", kT0, kRetention));
  remember_event(profile, "e1", kT0);
  struct Case {
    const char* id;
    TimeMs clock;
    bool duplicate;
  };
  const Case cases[] = {
      {"e1", kT0, true},
      {"e1", kT0 + kRetention - 1, true},
      {"e1", kT0 + kRetention, false},  // forgotten from applied_at + retention on
      {"e2", kT0, false},
      {"E1", kT0, false},  // ids are bytes: case matters
  };
  for (const Case& c : cases) {
    EXPECT_EQ(is_duplicate(profile, c.id, c.clock, kRetention), c.duplicate)
        << c.id << " at +" << c.clock - kT0;
  }
}

TEST(Dedupe, PruneForgetsExpiredIdsOnly) {
  Profile profile;
  remember_event(profile, "old", kT0);
  remember_event(profile, "mid", kT0 + kDayMs);
  remember_event(profile, "new", kT0 + 3 * kDayMs);
  prune_seen_events(profile, kT0 + kRetention + kDayMs, kRetention);
  ASSERT_EQ(profile.seen_events.size(), 1u);
  EXPECT_EQ(profile.seen_events[0].id_hash, event_id_hash("new"));
  // A pruned id is no longer a duplicate even when checked at an earlier clock.
  EXPECT_FALSE(is_duplicate(profile, "old", kT0, kRetention));
  EXPECT_TRUE(is_duplicate(profile, "new", kT0 + 3 * kDayMs, kRetention));
}

TEST(Dedupe, ALateEventIsRememberedFromTheClockNotItsTs) {
  // applied_at is the task clock: an event dated long ago is kept as long as any other.
  Profile profile;
  remember_event(profile, "late", kT0 + 30 * kDayMs);
  prune_seen_events(profile, kT0 + 31 * kDayMs, kRetention);
  EXPECT_TRUE(is_duplicate(profile, "late", kT0 + 31 * kDayMs, kRetention));
}

TEST(Dedupe, IdsStaySortedAndDistinct) {
  Profile profile;
  for (const char* id : {"a", "b", "c", "d", "b", "e", "a"}) remember_event(profile, id, kT0);
  EXPECT_EQ(profile.seen_events.size(), 5u);
  EXPECT_TRUE(
      std::is_sorted(profile.seen_events.begin(), profile.seen_events.end(),
                     [](const SeenEvent& x, const SeenEvent& y) { return x.id_hash < y.id_hash; }));
}

TEST(Dedupe, MergeMovesIdsKeepingTheLaterApplication) {
  Profile customer;
  Profile visitor;
  remember_event(customer, "shared", kT0);
  remember_event(customer, "customer-only", kT0);
  remember_event(visitor, "shared", kT0 + 5 * kDayMs);
  remember_event(visitor, "visitor-only", kT0 + kDayMs);
  merge_seen_events(customer, visitor);
  EXPECT_EQ(customer.seen_events.size(), 3u);
  const TimeMs clock = kT0 + kRetention + 2 * kDayMs;  // customer's own copy of "shared" expired
  EXPECT_TRUE(is_duplicate(customer, "shared", clock, kRetention));
  EXPECT_TRUE(is_duplicate(customer, "visitor-only", kT0 + 2 * kDayMs, kRetention));
  EXPECT_FALSE(is_duplicate(customer, "customer-only", clock, kRetention));
  EXPECT_TRUE(
      std::is_sorted(customer.seen_events.begin(), customer.seen_events.end(),
                     [](const SeenEvent& x, const SeenEvent& y) { return x.id_hash < y.id_hash; }));
}

}  // namespace
}  // namespace crm
