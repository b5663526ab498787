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
//
// A record whose customer key another task owns reaches that task in the same window: a message
// in the wrong partition moves to an earlier owner's part before the window is applied
// (route_window), and what a task forwards to a later task joins that task's part before its
// turn; a linked anonymous id's event moves to its customer's task (service/link_routing.h).
// Only a forward to an earlier task that was not foreseen waits for the next window, up to
// `max_span` late.
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
  // A forward to an earlier task reaches it in the next window, when its clock may be up to a
  // window's span past it: the span bounds how late such a forward and its dedupe look-up are.
  TimeMs max_span = 0;
};

WindowChoice choose_window(const std::deque<TaskQueue>& queues, const WindowLimits& limits,
                           bool skip_starved, Window& out);

// choose_window with the time.max_task_idle wait: it runs while a window waits for a starved
// partition, not while nothing is buffered (a quiet spell must not use it up in advance), and
// starts again while consumption is paused (a partition we paused, or that no broker serves, is
// not idle). Once it has run out, windows go on without waiting until one is chosen with no
// partition starved.
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

// Hands a record another task sends to `part` (not yet applied) at its place among the owner's
// records, as a forwarded record: after the owner's own records of equal ts, and among the
// forwarded ones by (ts, the task it comes from, stored forwards by sequence before rerouted
// messages by input and offset). Inserting records one at a time, in any order, gives the same
// part as choosing them with the window.
void insert_arrival(std::vector<QueuedRecord>& part, QueuedRecord record);
// The index insert_arrival would give `record` in `part`.
std::size_t arrival_place(const std::vector<QueuedRecord>& part, const QueuedRecord& record);

// Moves each message of the window whose owner comes earlier (in apply order) than the part it is
// in into its owner's part, so that its owner applies it in this window at its ts, not a window
// late. A message whose owner comes later stays: its task
// forwards it, and the caller hands the forward to the owner's part in this window
// (insert_arrival). Returns how many moved.
std::size_t route_window(std::vector<std::vector<QueuedRecord>>& parts);

}  // namespace crm
