// The tasks a state store holds, the instant each one's profiles are evaluated at and the RFM
// thresholds they are scored with, for the commands that read state without running a task
// (export, inspect, the population summary, forget) and for the task engine, which writes
// both. A task has state when it has a key in the meta family: every commit of a task writes
// its clock or outbox sequence there. Reads only; safe on a read-only store.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "pipeline/wall_clock.h"
#include "processors/customer_view.h"
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

// The meta name of a task's thresholds from its last quantile pass (semantics.md "rfm.scoring:
// quantile"), written by the task engine in the batch of the pass.
inline constexpr std::string_view kRfmThresholdsMeta = "rfm_thresholds";
// The meta name of the task clock, written as decimal text with every commit of a task.
inline constexpr std::string_view kClockMeta = "clock";

// The stored form: twelve decimal integers separated by single spaces, t1..t4 of recency_days,
// then of frequency, then of monetary (minor units). Text, so that an operator can read it
// with a meta dump; `strict` is not stored because only quantile thresholds are.
std::string encode_rfm_thresholds(const RfmThresholds& thresholds);

// The thresholds the task's buyers are scored with: those of its last quantile pass under
// rfm.scoring: quantile once a pass has run, else the static ones of `rfm`. Corruption for
// stored thresholds that do not decode.
Status read_task_thresholds(const StateStore& store, TaskId task, const RfmConfig& rfm,
                            RfmThresholds& thresholds);

}  // namespace crm
