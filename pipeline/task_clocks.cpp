#include "pipeline/task_clocks.h"

#include <charconv>
#include <limits>
#include <string>

namespace crm {
namespace {

// The task engine's meta name for the task clock, written as decimal text with every commit.
constexpr std::string_view kClockMeta = "clock";

Status read_clock(const StateStore& store, TaskId task, std::optional<TimeMs>& clock) {
  std::string text;
  const Status s = store.get_meta(task, kClockMeta, text);
  if (s.is_not_found()) return Status::ok();
  if (!s.is_ok()) return s;
  TimeMs value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::corruption("clock of task " + std::to_string(task) + " in " + store.dir() +
                              " is not an integer: " + text);
  }
  clock = value;
  return Status::ok();
}

}  // namespace

Status read_task_clocks(const StateStore& store, ClockKind clock_kind, const WallClock& wall,
                        std::vector<TaskClock>& tasks) {
  tasks.clear();
  // One short scan per task: each finds the next task prefix at or after `from`, so the cost
  // is the number of tasks, not of meta keys.
  std::optional<TaskId> from = TaskId{0};
  while (from) {
    RangeIterator it = store.scan(Family::kMeta, KeyRange{task_range(*from).begin, {}}, false);
    if (!it.valid()) return it.status();
    NamedKeyParts parts;
    if (Status s = decode_named_key(it.key(), parts); !s.is_ok()) return s;
    TaskClock task{parts.task, std::nullopt};
    if (Status s = read_clock(store, task.task, task.clock); !s.is_ok()) return s;
    if (clock_kind == ClockKind::kWall) task.clock = wall.now();
    tasks.push_back(task);
    from = parts.task == std::numeric_limits<TaskId>::max()
               ? std::nullopt
               : std::optional<TaskId>(static_cast<TaskId>(parts.task + 1));
  }
  return Status::ok();
}

}  // namespace crm
