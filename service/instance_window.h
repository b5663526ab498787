// Which records the tasks of one instance apply next (events.md "Keys, partitions and tasks").
//
// Each task applies the heads of its partitions and of its forwards lowest ts first. Tasks also
// act on each other: a forward joins its owner's queue, a signup reads the visitor's profile in
// the visitor's task. For a result that does not depend on timing, the instance goes in windows:
// a window is the next records of the merge of every task's heads, lowest (ts, task, source)
// first, up to `max_records` and to `max_span` of ts past its first record's; then each task
// applies its part of it, task 0 first, and what the tasks forward in a window waits for the next
// one. A window waits while an input partition that is not at its end runs out of buffered records
// before the window is full (time.max_task_idle bounds that wait: the caller then asks for a window
// that skips starved partitions). So over topics that hold their data, every run applies the same
// records in the same order, and a run that crashed mid-window finishes it exactly
// (service/window_plan.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "service/task_queue.h"

namespace crm {

struct Window {
  std::vector<std::vector<InputSource>> picks;  // per task: the sources of its records, in order
  std::size_t records = 0;
  // Chosen without waiting for a starved partition that could have brought an earlier record
  // (Kafka Streams' enforced processing): only when starved partitions are skipped.
  bool enforced = false;
};

enum class WindowChoice { kNothing, kWaiting, kReady };

// kNothing: nothing is buffered. kWaiting: a partition may still bring an earlier record.
struct WindowLimits {
  std::size_t max_records = 0;
  // A task's forwards reach their owner in the next window, when the owner's clock may be up
  // to a window's span past them: it bounds how late a forward and its dedupe look-up are.
  TimeMs max_span = 0;
};

WindowChoice choose_window(const std::deque<TaskQueue>& queues, const WindowLimits& limits,
                           bool skip_starved, Window& out);

// choose_window with the time.max_task_idle wait: it runs while a window waits for a starved
// partition, not while nothing is buffered (a quiet spell must not use it up in advance), and
// starts again while consumption is paused (a partition we paused, or that no broker serves, is
// not idle).
class WindowChooser {
 public:
  WindowChoice choose(const std::deque<TaskQueue>& queues, const WindowLimits& limits,
                      SteadyTime now, std::chrono::milliseconds max_idle, bool paused, Window& out);

 private:
  std::optional<SteadyTime> waiting_since_;
};

// Removes the window's records from the queues: per task, in apply order.
std::vector<std::vector<QueuedRecord>> take_window(std::deque<TaskQueue>& queues,
                                                   const Window& window);

}  // namespace crm
