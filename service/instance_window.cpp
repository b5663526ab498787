#include "service/instance_window.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <queue>
#include <tuple>

namespace crm {
namespace {

// The next unpicked record of one source of one task.
struct Cursor {
  TimeMs ts;
  TaskId task;
  InputSource source;
  std::size_t index;

  // The heap's top is the lowest (ts, task, source).
  bool operator>(const Cursor& other) const {
    return std::tie(ts, task, source) > std::tie(other.ts, other.task, other.source);
  }
};

constexpr TimeMs kNoTs = std::numeric_limits<TimeMs>::min();  // QueuedRecord: undecodable

// A record's place in its task's apply order, for comparing an arriving record with the part's
// records: own messages rank by stream, what other tasks send ranks as forwarded.
using ArrivalKey = std::tuple<TimeMs, int, TaskId, int, std::int64_t, std::int64_t>;
constexpr int kForwardRank = static_cast<int>(InputSource::kForwarded);

ArrivalKey arrival_key(const QueuedRecord& record) {
  const int stream = static_cast<int>(record.source);
  if (record.source == InputSource::kForwarded) {
    return {record.ts, kForwardRank, record.forwarded->source, 0, record.offset, 0};
  }
  if (record.rerouted()) return {record.ts, kForwardRank, record.home, 1, stream, record.offset};
  return {record.ts, stream, 0, 0, 0, record.offset};
}

}  // namespace

WindowChoice choose_window(const std::deque<TaskQueue>& queues, const WindowLimits& limits,
                           bool skip_starved, Window& out) {
  out.picks.assign(queues.size(), {});
  out.records = 0;
  out.enforced = false;
  std::priority_queue<Cursor, std::vector<Cursor>, std::greater<>> heads;
  bool starved = false;  // an input partition with nothing buffered, not at its end
  for (std::size_t task = 0; task < queues.size(); ++task) {
    for (std::size_t s = 0; s < kInputSources; ++s) {
      const auto source = static_cast<InputSource>(s);
      if (queues[task].buffered(source) > 0) {
        heads.push({queues[task].at(source, 0).ts, static_cast<TaskId>(task), source, 0});
      } else if (!queues[task].at_end(source)) {
        starved = true;
      }
    }
  }
  if (heads.empty()) return WindowChoice::kNothing;
  if (starved && !skip_starved) return WindowChoice::kWaiting;
  out.enforced = starved;
  std::optional<TimeMs> first_ts;  // of the first record that has one (dead letters have none)
  const auto full = [&] {
    if (out.records >= limits.max_records) return true;
    return first_ts && !heads.empty() && heads.top().ts != kNoTs &&
           heads.top().ts - *first_ts > limits.max_span;
  };
  bool ran_out = false;  // a partition not at its end ran out of records in this window
  while (!heads.empty() && !full()) {
    const Cursor picked = heads.top();
    heads.pop();
    out.enforced = out.enforced || ran_out;  // picked before what that partition brings next
    out.picks[picked.task].push_back(picked.source);
    ++out.records;
    if (!first_ts && picked.ts != kNoTs) first_ts = picked.ts;
    const TaskQueue& queue = queues[picked.task];
    const std::size_t next = picked.index + 1;
    if (next < queue.buffered(picked.source)) {
      heads.push({queue.at(picked.source, next).ts, picked.task, picked.source, next});
    } else if (!queue.at_end(picked.source) && out.records < limits.max_records) {
      if (!skip_starved) return WindowChoice::kWaiting;  // its next record may belong to the window
      ran_out = true;
    }
  }
  return WindowChoice::kReady;
}

WindowChoice WindowChooser::choose(const std::deque<TaskQueue>& queues, const WindowLimits& limits,
                                   SteadyTime now, std::chrono::milliseconds max_idle, bool paused,
                                   Window& out) {
  if (paused || !waiting_since_) waiting_since_ = now;
  const WindowChoice choice = choose_window(queues, limits, now - *waiting_since_ >= max_idle, out);
  // An enforced window leaves the wait as it is: a partition still starved is not waited for
  // again before each window, only once per spell (as Kafka Streams does), so one that cannot be
  // fetched does not hold the instance to a window per max_idle.
  if (choice == WindowChoice::kNothing || (choice == WindowChoice::kReady && !out.enforced)) {
    waiting_since_.reset();
  }
  return choice;
}

std::vector<std::vector<QueuedRecord>> take_window(std::deque<TaskQueue>& queues,
                                                   const Window& window) {
  std::vector<std::vector<QueuedRecord>> taken(queues.size());
  for (std::size_t task = 0; task < queues.size(); ++task) {
    taken[task].reserve(window.picks[task].size());
    for (const InputSource source : window.picks[task]) {
      taken[task].push_back(queues[task].pop(source));
    }
  }
  return taken;
}

std::size_t arrival_place(const std::vector<QueuedRecord>& part, const QueuedRecord& record) {
  // Before the first record it precedes: what a merge of the part's heads with the arrivals,
  // themselves in key order, would give (the part's own messages need not be in ts order).
  const ArrivalKey key = arrival_key(record);
  const auto place = std::find_if(part.begin(), part.end(), [&](const QueuedRecord& other) {
    return key < arrival_key(other);
  });
  return static_cast<std::size_t>(place - part.begin());
}

void insert_arrival(std::vector<QueuedRecord>& part, QueuedRecord record) {
  const std::size_t place = arrival_place(part, record);
  part.insert(part.begin() + static_cast<std::ptrdiff_t>(place), std::move(record));
}

std::size_t route_window(std::vector<std::vector<QueuedRecord>>& parts) {
  std::size_t moved = 0;
  for (std::size_t task = 1; task < parts.size(); ++task) {
    std::vector<QueuedRecord>& part = parts[task];
    const auto stays = std::stable_partition(part.begin(), part.end(), [&](const QueuedRecord& r) {
      return r.source == InputSource::kForwarded || r.owner >= task;
    });
    for (auto it = stays; it != part.end(); ++it) {
      insert_arrival(parts[it->owner], std::move(*it));
      ++moved;
    }
    part.erase(stays, part.end());
  }
  return moved;
}

}  // namespace crm
