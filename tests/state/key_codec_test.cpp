// Keys sort the way they are read: per task, timers by due time (negative ones first), outbox
// by sequence; and every key decodes back to its parts.
#include "state/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace crm {
namespace {

constexpr TimeMs kMin = std::numeric_limits<TimeMs>::min();
constexpr TimeMs kMax = std::numeric_limits<TimeMs>::max();

bool in_range(const KeyRange& range, std::string_view key) {
  return key >= range.begin && (range.end.empty() || key < range.end);
}

TEST(KeyCodec, TimerKeysSortByTaskThenDueThenCustomer) {
  struct Timer {
    TaskId task;
    TimeMs due;
    ProfileKind kind;
    std::string key;
  };
  std::vector<Timer> timers;
  for (const TaskId task : {TaskId{0}, TaskId{1}, TaskId{255}, TaskId{256}, TaskId{65535}}) {
    for (const TimeMs due : {kMin, kMin + 1, TimeMs{-86'400'000}, TimeMs{-1}, TimeMs{0}, TimeMs{1},
                             TimeMs{255}, TimeMs{256}, TimeMs{1'764'000'000'000}, kMax - 1, kMax}) {
      for (const ProfileKind kind : {ProfileKind::kCustomer, ProfileKind::kVisitor}) {
        for (const char* key : {"", "a", "ab", "b"}) timers.push_back({task, due, kind, key});
      }
    }
  }
  std::vector<std::string> keys;
  for (const Timer& t : timers) keys.push_back(timer_key(t.task, t.due, t.kind, t.key));
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  // `timers` was generated in (task, due, kind, key) order already.
  EXPECT_EQ(sorted, keys);

  for (std::size_t i = 0; i < timers.size(); ++i) {
    TimerKeyParts parts;
    ASSERT_TRUE(decode_timer_key(keys[i], parts).is_ok());
    EXPECT_EQ(parts.task, timers[i].task);
    EXPECT_EQ(parts.due, timers[i].due);
    EXPECT_EQ(parts.kind, timers[i].kind);
    EXPECT_EQ(parts.key, timers[i].key);
  }
}

TEST(KeyCodec, TimersDueRangeIsInclusiveAndStaysInItsTask) {
  for (const TaskId task : {TaskId{0}, TaskId{7}, TaskId{65535}}) {
    for (const TimeMs up_to : {kMin, TimeMs{-5}, TimeMs{0}, TimeMs{1'764'000'000'000}, kMax}) {
      const KeyRange range = timers_due_range(task, up_to);
      EXPECT_TRUE(in_range(range, timer_key(task, up_to, ProfileKind::kVisitor, "\xff\xff")));
      EXPECT_TRUE(in_range(range, timer_key(task, kMin, ProfileKind::kCustomer, "")));
      if (up_to != kMax) {
        EXPECT_FALSE(in_range(range, timer_key(task, up_to + 1, ProfileKind::kCustomer, "")));
      }
      if (task > 0) {
        EXPECT_FALSE(in_range(
            range, timer_key(static_cast<TaskId>(task - 1), kMin, ProfileKind::kCustomer, "")));
        EXPECT_FALSE(in_range(
            range, timer_key(static_cast<TaskId>(task - 1), kMax, ProfileKind::kVisitor, "z")));
      }
      if (task < 65535) {
        EXPECT_FALSE(in_range(
            range, timer_key(static_cast<TaskId>(task + 1), kMin, ProfileKind::kCustomer, "")));
      }
    }
  }
}

TEST(KeyCodec, OutboxKeysSortBySequence) {
  const std::vector<std::uint64_t> sequences = {0,      1,        255,        256,       65'535,
                                                65'536, 1u << 31, 1ull << 32, ~0ull - 1, ~0ull};
  std::vector<std::string> keys;
  for (const TaskId task : {TaskId{3}, TaskId{4}}) {
    for (const std::uint64_t s : sequences) keys.push_back(outbox_key(task, s));
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  OutboxKeyParts parts;
  ASSERT_TRUE(decode_outbox_key(outbox_key(4, 1ull << 40), parts).is_ok());
  EXPECT_EQ(parts.task, 4);
  EXPECT_EQ(parts.sequence, 1ull << 40);

  const KeyRange from_256 = outbox_range(3, 256);
  EXPECT_FALSE(in_range(from_256, outbox_key(3, 255)));
  EXPECT_TRUE(in_range(from_256, outbox_key(3, 256)));
  EXPECT_TRUE(in_range(from_256, outbox_key(3, ~0ull)));
  EXPECT_FALSE(in_range(from_256, outbox_key(4, 0)));
}

TEST(KeyCodec, ProfileKindsAreSeparateNamespaces) {
  const std::string customer = profile_key(9, ProfileKind::kCustomer, "42");
  const std::string visitor = profile_key(9, ProfileKind::kVisitor, "42");
  EXPECT_NE(customer, visitor);
  EXPECT_TRUE(in_range(profiles_range(9, ProfileKind::kCustomer), customer));
  EXPECT_FALSE(in_range(profiles_range(9, ProfileKind::kCustomer), visitor));
  EXPECT_TRUE(in_range(profiles_range(9, ProfileKind::kVisitor), visitor));
  EXPECT_TRUE(in_range(task_range(9), customer));
  EXPECT_FALSE(in_range(task_range(10), customer));

  ProfileKeyParts parts;
  ASSERT_TRUE(decode_profile_key(visitor, parts).is_ok());
  EXPECT_EQ(parts.task, 9);
  EXPECT_EQ(parts.kind, ProfileKind::kVisitor);
  EXPECT_EQ(parts.key, "42");

  Profile p;
  p.anonymous_id = "anon";
  EXPECT_EQ(profile_key(1, p), profile_key(1, ProfileKind::kVisitor, "anon"));
  p.customer_id = "c";
  EXPECT_EQ(profile_key(1, p), profile_key(1, ProfileKind::kCustomer, "c"));
}

TEST(KeyCodec, TaskPrefixIsBigEndian) {
  EXPECT_EQ(link_key(0x0102, "x"), std::string("\x01\x02x", 3));
  EXPECT_EQ(count_key(0x0a0b, "n"), std::string("\x0a\x0bn", 3));
  EXPECT_EQ(meta_key(0x00ff, "clock"), std::string("\x00\xff"
                                                   "clock",
                                                   7));
  EXPECT_LT(meta_key(255, "z"), meta_key(256, "a"));
  NamedKeyParts parts;
  ASSERT_TRUE(decode_named_key(meta_key(300, "clock"), parts).is_ok());
  EXPECT_EQ(parts.task, 300);
  EXPECT_EQ(parts.name, "clock");
  EXPECT_TRUE(task_range(65535).end.empty());
}

TEST(KeyCodec, AppendersAppend) {
  std::string out = "x";
  append_timer_key(out, 1, 2, ProfileKind::kCustomer, "k");
  EXPECT_EQ(out, "x" + timer_key(1, 2, ProfileKind::kCustomer, "k"));
}

TEST(KeyCodec, MalformedKeysAreCorruption) {
  ProfileKeyParts profile;
  TimerKeyParts timer;
  OutboxKeyParts outbox;
  NamedKeyParts named;
  EXPECT_TRUE(decode_profile_key("", profile).is_corruption());
  EXPECT_TRUE(decode_profile_key(std::string("\x00\x01x", 3), profile).is_corruption());
  EXPECT_TRUE(decode_timer_key(std::string(10, '\0'), timer).is_corruption());
  std::string bad_kind = timer_key(1, 2, ProfileKind::kCustomer, "k");
  bad_kind[10] = 'q';
  EXPECT_TRUE(decode_timer_key(bad_kind, timer).is_corruption());
  EXPECT_TRUE(decode_outbox_key(outbox_key(1, 2) + "x", outbox).is_corruption());
  EXPECT_TRUE(decode_outbox_key("\x01", outbox).is_corruption());
  EXPECT_TRUE(decode_named_key("\x01", named).is_corruption());
}

}  // namespace
}  // namespace crm
