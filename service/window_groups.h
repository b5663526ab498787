// Which tasks of a window may be applied at the same time. A task's engine batch reads and
// writes its own keys, except for a record that uses the state kept under its anonymous id
// (processors/identity.h uses_visitor_state): that state lives in the anonymous id's task, a
// signup there may read and erase the visitor's profile, and a visitor's event reads its link.
// Tasks joined that way, directly or through others, form one group, applied one after the
// other in task order exactly as one thread applying every task in turn would; groups share no
// keys, so they run in parallel with the same result however they are spread over threads.
#pragma once

#include <vector>

#include "service/task_queue.h"
#include "state/key_codec.h"

namespace crm {

// `records`: each task's records of the window. The groups of the tasks with records, each in
// task order, listed in the order of their first task.
std::vector<std::vector<TaskId>> independent_groups(
    const std::vector<std::vector<QueuedRecord>>& records);

}  // namespace crm
