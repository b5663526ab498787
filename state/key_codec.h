// RocksDB keys of the state families, built so that byte order (RocksDB's default comparator)
// is the order in which they are read:
//
//   every key         task (u16 big-endian) | ...   a task's state is one contiguous range,
//                                                   so it can be scanned, copied or dropped
//   profiles          task | kind | key             kind 'c' customer, 'v' visitor: separate
//                                                   namespaces (visitor "42" != customer "42")
//   timers            task | due | kind | key       due as big-endian int64 with the sign bit
//                                                   flipped, so negative instants sort first;
//                                                   "what is due by T" is one scan from the
//                                                   task's smallest key
//   links             task | anonymous_id
//   outbox            task | sequence (u64 big-endian)
//   counts, meta      task | name
//
// Customer keys, ids and names are the rest of the key, unescaped: each key kind lives in its
// own column family and ends with its only variable-length part, so no separator is needed.
// Timers carry the profile kind because a visitor's retention timer and a customer's timers
// must not meet. Pure functions; decoded views point into the key passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "processors/profile.h"
#include "processors/time.h"
#include "state/status.h"

namespace crm {

// A task: partition N of every input topic (architecture.md).
using TaskId = std::uint16_t;

enum class ProfileKind : char { kCustomer = 'c', kVisitor = 'v' };

inline ProfileKind kind_of(const Profile& profile) {
  return profile.is_customer() ? ProfileKind::kCustomer : ProfileKind::kVisitor;
}

// Keys from `begin` (inclusive) to `end` (exclusive); an empty `end` means to the end of the
// column family (the last task's range has no successor prefix).
struct KeyRange {
  std::string begin;
  std::string end;
};

// Appenders add to `out` without clearing it, so one buffer serves a whole batch.
void append_task_prefix(std::string& out, TaskId task);
void append_profile_key(std::string& out, TaskId task, ProfileKind kind, std::string_view key);
void append_timer_key(std::string& out, TaskId task, TimeMs due, ProfileKind kind,
                      std::string_view key);
void append_link_key(std::string& out, TaskId task, std::string_view anonymous_id);
void append_outbox_key(std::string& out, TaskId task, std::uint64_t sequence);
void append_forward_key(std::string& out, TaskId owner, TaskId source, std::uint64_t sequence);
void append_count_key(std::string& out, TaskId task, std::string_view name);
void append_meta_key(std::string& out, TaskId task, std::string_view name);

std::string profile_key(TaskId task, ProfileKind kind, std::string_view key);
std::string profile_key(TaskId task, const Profile& profile);
std::string timer_key(TaskId task, TimeMs due, ProfileKind kind, std::string_view key);
std::string link_key(TaskId task, std::string_view anonymous_id);
std::string outbox_key(TaskId task, std::uint64_t sequence);
std::string count_key(TaskId task, std::string_view name);
std::string meta_key(TaskId task, std::string_view name);

struct ProfileKeyParts {
  TaskId task = 0;
  ProfileKind kind = ProfileKind::kCustomer;
  std::string_view key;
};

struct TimerKeyParts {
  TaskId task = 0;
  TimeMs due = 0;
  ProfileKind kind = ProfileKind::kCustomer;
  std::string_view key;
};

struct ForwardKeyParts {
  TaskId owner = 0;
  TaskId source = 0;
  std::uint64_t sequence = 0;
};

struct OutboxKeyParts {
  TaskId task = 0;
  std::uint64_t sequence = 0;
};

// Links, counts and meta: a task and the rest of the key.
struct NamedKeyParts {
  TaskId task = 0;
  std::string_view name;
};

// Corruption when the key is too short or has an unknown kind byte.
Status decode_profile_key(std::string_view key, ProfileKeyParts& parts);
Status decode_timer_key(std::string_view key, TimerKeyParts& parts);
Status decode_outbox_key(std::string_view key, OutboxKeyParts& parts);
Status decode_forward_key(std::string_view key, ForwardKeyParts& parts);
Status decode_named_key(std::string_view key, NamedKeyParts& parts);

// Every key of `task`, in any family.
KeyRange task_range(TaskId task);
// The task's profiles of one kind, in key order.
KeyRange profiles_range(TaskId task, ProfileKind kind);
// The task's timers due at or before `up_to`, in (due, kind, key) order.
// With `after`, only those due after it (the engine's timers up to its clock have all fired).
KeyRange timers_due_range(TaskId task, TimeMs up_to, std::optional<TimeMs> after = std::nullopt);
// The task's outbox entries from `from_sequence` on, in sequence order.
KeyRange outbox_range(TaskId task, std::uint64_t from_sequence = 0);

}  // namespace crm
