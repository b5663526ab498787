#include "state/key_codec.h"

#include <limits>

#include "state/byte_codec.h"

namespace crm {
namespace {

constexpr std::size_t kTaskBytes = 2;

bool valid_kind(char c) {
  return c == static_cast<char>(ProfileKind::kCustomer) ||
         c == static_cast<char>(ProfileKind::kVisitor);
}

Status bad_key(const char* family, std::string_view key, const char* why) {
  return Status::corruption(std::string("corrupt ") + family + " key of " +
                            std::to_string(key.size()) + " bytes: " + why);
}

}  // namespace

void append_task_prefix(std::string& out, TaskId task) {
  append_fixed16_be(out, task);
}

void append_profile_key(std::string& out, TaskId task, ProfileKind kind, std::string_view key) {
  append_task_prefix(out, task);
  out.push_back(static_cast<char>(kind));
  out.append(key);
}

void append_timer_key(std::string& out, TaskId task, TimeMs due, ProfileKind kind,
                      std::string_view key) {
  append_task_prefix(out, task);
  append_fixed64_be(out, order_preserving_u64(due));
  out.push_back(static_cast<char>(kind));
  out.append(key);
}

void append_link_key(std::string& out, TaskId task, std::string_view anonymous_id) {
  append_task_prefix(out, task);
  out.append(anonymous_id);
}

void append_outbox_key(std::string& out, TaskId task, std::uint64_t sequence) {
  append_task_prefix(out, task);
  append_fixed64_be(out, sequence);
}

void append_forward_key(std::string& out, TaskId owner, TaskId source, std::uint64_t sequence) {
  append_task_prefix(out, owner);
  append_fixed16_be(out, source);
  append_fixed64_be(out, sequence);
}

void append_count_key(std::string& out, TaskId task, std::string_view name) {
  append_task_prefix(out, task);
  out.append(name);
}

void append_meta_key(std::string& out, TaskId task, std::string_view name) {
  append_task_prefix(out, task);
  out.append(name);
}

std::string profile_key(TaskId task, ProfileKind kind, std::string_view key) {
  std::string out;
  append_profile_key(out, task, kind, key);
  return out;
}

std::string profile_key(TaskId task, const Profile& profile) {
  return profile_key(task, kind_of(profile), profile.key());
}

std::string timer_key(TaskId task, TimeMs due, ProfileKind kind, std::string_view key) {
  std::string out;
  append_timer_key(out, task, due, kind, key);
  return out;
}

std::string link_key(TaskId task, std::string_view anonymous_id) {
  std::string out;
  append_link_key(out, task, anonymous_id);
  return out;
}

std::string outbox_key(TaskId task, std::uint64_t sequence) {
  std::string out;
  append_outbox_key(out, task, sequence);
  return out;
}

std::string count_key(TaskId task, std::string_view name) {
  std::string out;
  append_count_key(out, task, name);
  return out;
}

std::string meta_key(TaskId task, std::string_view name) {
  std::string out;
  append_meta_key(out, task, name);
  return out;
}

Status decode_profile_key(std::string_view key, ProfileKeyParts& parts) {
  ByteReader in(key);
  std::uint8_t kind = 0;
  if (!in.read_fixed16_be(parts.task) || !in.read_u8(kind)) {
    return bad_key("profile", key, "shorter than task and kind");
  }
  if (!valid_kind(static_cast<char>(kind))) return bad_key("profile", key, "unknown kind byte");
  parts.kind = static_cast<ProfileKind>(kind);
  parts.key = in.read_rest();
  return Status::ok();
}

Status decode_timer_key(std::string_view key, TimerKeyParts& parts) {
  ByteReader in(key);
  std::uint64_t due = 0;
  std::uint8_t kind = 0;
  if (!in.read_fixed16_be(parts.task) || !in.read_fixed64_be(due) || !in.read_u8(kind)) {
    return bad_key("timer", key, "shorter than task, due and kind");
  }
  if (!valid_kind(static_cast<char>(kind))) return bad_key("timer", key, "unknown kind byte");
  parts.due = from_order_preserving_u64(due);
  parts.kind = static_cast<ProfileKind>(kind);
  parts.key = in.read_rest();
  return Status::ok();
}

Status decode_outbox_key(std::string_view key, OutboxKeyParts& parts) {
  ByteReader in(key);
  if (!in.read_fixed16_be(parts.task) || !in.read_fixed64_be(parts.sequence) || !in.at_end()) {
    return bad_key("outbox", key, "not task and sequence (10 bytes)");
  }
  return Status::ok();
}

Status decode_forward_key(std::string_view key, ForwardKeyParts& parts) {
  ByteReader in(key);
  if (!in.read_fixed16_be(parts.owner) || !in.read_fixed16_be(parts.source) ||
      !in.read_fixed64_be(parts.sequence) || !in.at_end()) {
    return bad_key("forward", key, "not owner, source and sequence (12 bytes)");
  }
  return Status::ok();
}

Status decode_named_key(std::string_view key, NamedKeyParts& parts) {
  ByteReader in(key);
  if (!in.read_fixed16_be(parts.task)) return bad_key("named", key, "shorter than a task id");
  parts.name = in.read_rest();
  return Status::ok();
}

KeyRange task_range(TaskId task) {
  KeyRange range;
  append_task_prefix(range.begin, task);
  if (task != std::numeric_limits<TaskId>::max()) {
    append_task_prefix(range.end, static_cast<TaskId>(task + 1));
  }
  return range;
}

KeyRange profiles_range(TaskId task, ProfileKind kind) {
  KeyRange range;
  append_task_prefix(range.begin, task);
  range.begin.push_back(static_cast<char>(kind));
  append_task_prefix(range.end, task);
  range.end.push_back(static_cast<char>(static_cast<char>(kind) + 1));  // 'c'/'v' are not 0xff
  return range;
}

KeyRange timers_due_range(TaskId task, TimeMs up_to, std::optional<TimeMs> after) {
  KeyRange range = task_range(task);
  if (after && *after != std::numeric_limits<TimeMs>::max()) {
    // Timers due at or before `after` have fired and been deleted: starting past them spares
    // the scan a walk over their tombstones.
    range.begin.clear();
    append_task_prefix(range.begin, task);
    append_fixed64_be(range.begin, order_preserving_u64(*after + 1));
  }
  if (up_to != std::numeric_limits<TimeMs>::max()) {
    // Every key due at up_to sorts before the bare prefix of up_to + 1.
    range.end.clear();
    append_task_prefix(range.end, task);
    append_fixed64_be(range.end, order_preserving_u64(up_to + 1));
  }
  return range;
}

KeyRange outbox_range(TaskId task, std::uint64_t from_sequence) {
  KeyRange range = task_range(task);
  range.begin.clear();
  append_outbox_key(range.begin, task, from_sequence);
  return range;
}

}  // namespace crm
