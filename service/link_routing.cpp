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

// Where `record` is applied so that its id's link, when its turn comes, is the one a file
// replay would follow there: the link the window's signups/logins of the id leave before it, or
// the stored one when they all come after it. The window's links must each be applied by their
// customer's task (one still to be forwarded there is not settled).
// - None in the window: the stored link's customer's task, if any.
// - Some before it: the customer's task of the latest of them, which applies it after that link,
//   when none of those after it is applied before it there.
// - All after it, with a stored link: that link's customer's task, when none of them is applied
//   before it there.
// - All after it, without: the first link's task (the lowest), where it is applied for the
//   visitor just before that link merges it, when that link is also the earliest by ts and its
//   task comes before the id's own (which would apply it after the link, and forward it a
//   window late).
// Else none: the id's task follows the link it finds.
struct LinkedRoute {
  TaskId task;
  bool for_visitor = false;
};

std::optional<LinkedRoute> linked_route(const QueuedRecord& record,
                                        const std::vector<std::vector<QueuedRecord>>& parts,
                                        const std::vector<Place>* in_window,
                                        std::optional<TaskId> stored, TaskId visitor_task) {
  if (in_window == nullptr) {
    if (!stored) return std::nullopt;
    return LinkedRoute{*stored};
  }
  const QueuedRecord* latest_before = nullptr;
  const Place* first_after = nullptr;  // in apply order
  for (const Place& link : *in_window) {
    const std::vector<QueuedRecord>& part = parts[link.task];
    const QueuedRecord& signup = part[link.index];
    if (signup.owner != link.task) return std::nullopt;
    if (link.index < arrival_place(part, record)) {
      if (latest_before == nullptr || signup.ts >= latest_before->ts) latest_before = &signup;
    } else if (first_after == nullptr ||
               std::tie(link.task, link.index) < std::tie(first_after->task, first_after->index)) {
      first_after = &link;
    }
  }
  if (latest_before != nullptr) {
    if (first_after != nullptr && first_after->task < latest_before->owner) return std::nullopt;
    return LinkedRoute{latest_before->owner};
  }
  if (stored) {
    if (first_after->task < *stored) return std::nullopt;
    return LinkedRoute{*stored};
  }
  const TimeMs first_ts = parts[first_after->task][first_after->index].ts;
  for (const Place& link : *in_window) {
    if (link.task != first_after->task && parts[link.task][link.index].ts <= first_ts) {
      return std::nullopt;
    }
  }
  if (first_after->task >= visitor_task) return std::nullopt;
  return LinkedRoute{static_cast<TaskId>(first_after->task), true};
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
  struct Destination {
    Place at;
    LinkedRoute route;
  };
  std::vector<Destination> destined;
  for (const Place& at : candidates) {
    const QueuedRecord& record = parts[at.task][at.index];
    const std::size_t key = ids.at(record.anonymous_id);
    std::optional<TaskId> stored_task;
    if (stored.found(key)) stored_task = partitioner.task_of(stored.value(key));
    const auto links = in_window.find(record.anonymous_id);
    const std::optional<LinkedRoute> route =
        linked_route(record, parts, links == in_window.end() ? nullptr : &links->second,
                     stored_task, static_cast<TaskId>(partitioner.task_of(record.anonymous_id)));
    if (route && route->task < at.task) destined.push_back({at, *route});
  }
  for (const Destination& to : destined) {
    QueuedRecord& record = parts[to.at.task][to.at.index];
    record.owner = to.route.task;
    record.for_visitor = to.route.for_visitor;
    moves.push_back({routed_message(record), to.route.task, to.route.for_visitor});
  }
  route_window(parts);
  return Status::ok();
}

void set_link_owners(std::span<const LinkMove> moves,
                     std::vector<std::vector<QueuedRecord>>& parts) {
  if (moves.empty()) return;
  std::map<RoutedMessage, LinkMove> owners;
  for (const LinkMove& move : moves) owners.emplace(move.message, move);
  for (std::vector<QueuedRecord>& part : parts) {
    for (QueuedRecord& record : part) {
      if (!anonymous_alone(record)) continue;
      if (const auto it = owners.find(routed_message(record)); it != owners.end()) {
        record.owner = it->second.owner;
        record.for_visitor = it->second.for_visitor;
      }
    }
  }
}

}  // namespace crm
