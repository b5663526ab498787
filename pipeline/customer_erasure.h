// `crmstream forget` (operations.md, right to erasure) on a state directory no pipeline is
// running on: every task's link of an anonymous id to the customer is erased, then the task
// holding the customer erases its profile, ledger, timer and pending outputs and queues the
// customer_forgotten event in its outbox (TaskEngine::forget), which the next run or replay
// delivers. Links go first, each step atomic: after a crash between the two, a second forget
// finds the profile and finishes, while the reverse order could leave a link that revives the
// customer's id from later anonymous events.
//
// The links are found by a scan of the links family for the customer's id, not from the
// profile's linked_anonymous_ids: a login whose anonymous id had no visitor profile to merge
// leaves a link the profile does not list. REQUIRES the read-write store, one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "pipeline/wall_clock.h"
#include "state/store.h"

namespace crm {

class TaskEngine;

// What an erasure removed, for the command to print.
struct ErasureReport {
  std::optional<TaskId> task;        // the task that held the profile: nullopt when only links
  std::optional<TimeMs> timer_due;   // the profile's pending timer
  std::int64_t orders = 0;           // ledger entries
  std::int64_t pending_outputs = 0;  // undelivered outputs of the customer dropped
  std::vector<std::pair<TaskId, std::string>> links;  // (task, anonymous id)
};

// NotFound ("customer c-1 not found") when no task holds the customer's profile or a link to it.
// Each erasure also adds one to the state's erasure total (read_erasures_total), in a write of
// its own after the erasure's: a crash in between leaves the total one short.
// `running`, when given, returns the live engine of a task (the running process's, whose
// in-memory counts and outbox sequence must see the erasure); otherwise one is opened here.
Status forget_customer(StateStore& store, const Config& config, const WallClock& wall,
                       std::string_view customer_id, ErasureReport& report,
                       const std::function<TaskEngine*(TaskId)>& running = {});

// Every erasure forget_customer made in this state, whether a process was running or not: what
// crmstream_erasures_total starts from (operations.md: forget is counted in a metric).
Status read_erasures_total(const StateStore& store, std::int64_t& total);

}  // namespace crm
