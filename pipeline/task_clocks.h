// The tasks a state store holds and the instant each one's profiles are evaluated at, for the
// commands that read state without running a task (export, inspect, the population summary,
// forget). A task has state when it has a key in the meta family: every commit of a task
// writes its clock or outbox sequence there. Reads only; safe on a read-only store.
#pragma once

#include <optional>
#include <vector>

#include "config/config.h"
#include "pipeline/wall_clock.h"
#include "state/store.h"

namespace crm {

struct TaskClock {
  TaskId task = 0;
  // The task's committed clock (meta "clock"); under time.clock: wall the wall clock's now.
  // nullopt for a task that has applied no event yet (so it holds no profile either).
  std::optional<TimeMs> clock;
};

// Every task with state, in task order. Corruption for an undecodable meta key or clock.
Status read_task_clocks(const StateStore& store, ClockKind clock_kind, const WallClock& wall,
                        std::vector<TaskClock>& tasks);

}  // namespace crm
