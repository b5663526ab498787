// The window a run is applying (service/instance_window.h), stored before its first task
// commits. Each task commits its part with its input positions, so after a crash mid-window some
// tasks are past it and some are not; the restarted run applies exactly the records of the plan
// the tasks had not committed, in the same order, before any new window, and so ends with the
// result of a run that never stopped (operations.md "Guarantees": kill -9 at any instant).
// The plan also holds what the window's tasks forward to a later task (those forwards join the
// window), and the messages an earlier task applied for a wrong partition are skipped by their
// marks (service/routed_mark.h).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "service/instance_window.h"
#include "service/routed_mark.h"
#include "service/task_queue.h"
#include "state/status.h"

namespace crm {

using ForwardOrder = std::tuple<TimeMs, TaskId, std::int64_t>;  // QueuedRecord::forward_order

struct WindowPlan {
  struct Part {
    // Per input partition: the records below this offset belong to the window; -1: none.
    std::array<std::int64_t, kInputPartitions> input_end{-1, -1};
    // The forwards up to this one (in forward order) that existed when the window was chosen.
    std::optional<ForwardOrder> last_forward;
  };
  std::vector<Part> tasks;
  // Per source task: the forwards it had made when the window was chosen have lower sequences.
  std::vector<std::int64_t> forwards_below;
  // The messages moved to the task of their anonymous id's customer (service/link_routing.h).
  std::vector<LinkMove> link_moves;

  bool contains(TaskId task, const QueuedRecord& record) const;
};

// The plan of `window`, which the queues still hold.
WindowPlan plan_window(const std::deque<TaskQueue>& queues, const Window& window,
                       const std::vector<std::int64_t>& forwards_below);

std::string encode_window_plan(const WindowPlan& plan);
Status decode_window_plan(std::string_view text, WindowPlan& plan);

}  // namespace crm
