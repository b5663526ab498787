#include "pipeline/task_clocks.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

#include "processors/evaluate.h"

namespace crm {
namespace {

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

// Parses the twelve integers of encode_rfm_thresholds(); false unless `text` is exactly that.
bool decode_rfm_thresholds(std::string_view text, RfmThresholds& thresholds) {
  std::array<std::int64_t, 12> values{};
  const char* at = text.data();
  const char* const end = text.data() + text.size();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0 && (at == end || *at++ != ' ')) return false;
    const auto [next, error] = std::from_chars(at, end, values[i]);
    if (error != std::errc()) return false;
    at = next;
  }
  if (at != end) return false;
  for (std::size_t k = 0; k < 4; ++k) {
    thresholds.recency_days[k] = values[k];
    thresholds.frequency[k] = values[4 + k];
    thresholds.monetary[k] = values[8 + k];
  }
  thresholds.strict = true;
  return true;
}

}  // namespace

std::string encode_rfm_thresholds(const RfmThresholds& thresholds) {
  std::string text;
  for (const auto* cuts : {&thresholds.recency_days, &thresholds.frequency, &thresholds.monetary}) {
    for (const std::int64_t cut : *cuts) {
      if (!text.empty()) text.push_back(' ');
      text += std::to_string(cut);
    }
  }
  return text;
}

Status read_task_thresholds(const StateStore& store, TaskId task, const RfmConfig& rfm,
                            RfmThresholds& thresholds) {
  thresholds = static_thresholds(rfm);
  if (rfm.scoring != RfmScoring::kQuantile) return Status::ok();
  std::string text;
  const Status s = store.get_meta(task, kRfmThresholdsMeta, text);
  if (s.is_not_found()) return Status::ok();
  if (!s.is_ok()) return s;
  if (!decode_rfm_thresholds(text, thresholds)) {
    return Status::corruption("rfm thresholds of task " + std::to_string(task) + " in " +
                              store.dir() + " are not twelve integers: " + text);
  }
  return Status::ok();
}

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
