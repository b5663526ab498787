#include "service/link_routing.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "service/instance_window.h"
#include "state/key_codec.h"

namespace crm {
namespace {

struct Place {
  std::size_t task;
  std::size_t index;
};

bool anonymous_alone(const QueuedRecord& record) {
  return record.source != InputSource::kForwarded && !record.links && !record.anonymous_id.empty();
}

RoutedMessage routed_message(const QueuedRecord& record) {
  return {record.home, static_cast<std::size_t>(record.source), record.offset};
}

// The task of the customer `record`'s id is linked to when its turn comes: that of the latest
// of the window's signups/logins of the id, when their customer's task applies them all before
// it; none when one of them would come after it, or is still to be forwarded to its task (a
// relink, or a first link, whose order the window does not settle); else the stored link's.
std::optional<TaskId> linked_task(const QueuedRecord& record,
                                  const std::vector<std::vector<QueuedRecord>>& parts,
                                  const std::vector<Place>* in_window,
                                  std::optional<TaskId> stored) {
  if (in_window == nullptr) return stored;
  const QueuedRecord* latest = nullptr;
  for (const Place& link : *in_window) {
    const std::vector<QueuedRecord>& part = parts[link.task];
    const QueuedRecord& signup = part[link.index];
    if (signup.owner != link.task || link.index >= arrival_place(part, record)) {
      return std::nullopt;
    }
    if (latest == nullptr || signup.ts >= latest->ts) latest = &signup;
  }
  return latest->owner;
}

}  // namespace

Status move_linked_messages(const StateStore& store, const TaskPartitioner& partitioner,
                            std::vector<std::vector<QueuedRecord>>& parts,
                            std::vector<LinkMove>& moves) {
  std::vector<Place> candidates;
  std::unordered_map<std::string_view, std::vector<Place>> in_window;  // id -> its links
  std::unordered_map<std::string_view, std::size_t> ids;               // id -> index in keys
  std::vector<std::string> keys;
  for (std::size_t task = 0; task < parts.size(); ++task) {
    for (std::size_t index = 0; index < parts[task].size(); ++index) {
      const QueuedRecord& record = parts[task][index];
      if (record.links) in_window[record.anonymous_id].push_back({task, index});
      if (!anonymous_alone(record)) continue;
      candidates.push_back({task, index});
      if (ids.try_emplace(record.anonymous_id, keys.size()).second) {
        keys.push_back(link_key(static_cast<TaskId>(partitioner.task_of(record.anonymous_id)),
                                record.anonymous_id));
      }
    }
  }
  if (candidates.empty()) return Status::ok();
  MultiGetResult stored;
  if (Status s = store.multi_get(Family::kLinks, keys, stored); !s.is_ok()) return s;

  // Every destination first, from the parts as they are; then the moves.
  std::vector<std::pair<Place, TaskId>> destined;
  for (const Place& at : candidates) {
    const QueuedRecord& record = parts[at.task][at.index];
    const std::size_t key = ids.at(record.anonymous_id);
    const std::optional<TaskId> stored_task =
        stored.found(key) ? std::optional<TaskId>(partitioner.task_of(stored.value(key)))
                          : std::nullopt;
    const auto links = in_window.find(record.anonymous_id);
    const std::optional<TaskId> task = linked_task(
        record, parts, links == in_window.end() ? nullptr : &links->second, stored_task);
    if (task && *task < at.task) destined.emplace_back(at, *task);
  }
  for (const auto& [at, task] : destined) {
    QueuedRecord& record = parts[at.task][at.index];
    record.owner = task;
    moves.push_back({routed_message(record), task});
  }
  route_window(parts);
  return Status::ok();
}

void set_link_owners(std::span<const LinkMove> moves,
                     std::vector<std::vector<QueuedRecord>>& parts) {
  if (moves.empty()) return;
  std::map<RoutedMessage, TaskId> owners;
  for (const LinkMove& move : moves) owners.emplace(move.message, move.owner);
  for (std::vector<QueuedRecord>& part : parts) {
    for (QueuedRecord& record : part) {
      if (!anonymous_alone(record)) continue;
      if (const auto it = owners.find(routed_message(record)); it != owners.end()) {
        record.owner = it->second;
      }
    }
  }
}

}  // namespace crm
