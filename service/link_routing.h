// Where a linked anonymous id's event goes (events.md: "the anonymous id's task keeps the link
// and forwards that id's later events to the customer's task"). The id's task forwards such an
// event when it applies it; to an earlier task in the window's apply order that forward would
// come a window late. So before a window is applied, each message of an anonymous id alone whose
// id is linked, by the link stored when the window began or by a signup/login of the window that
// the customer's task applies before it, moves to the customer's task when that task comes
// earlier than the part it is in. One that comes before every link of its id in the window goes
// where the id is linked at its ts: the stored link's task, when no link of the window is applied
// before it there; without a stored link, the first link's task, which applies it for the visitor
// just before the link merges it (QueuedRecord::for_visitor), when that task comes before the
// id's own. The task engine still decides: a link that expired by then sends the event back to
// the id's task (a later task: in the same window), and a link made in a way not foreseen here
// (an event between two links of its id) is followed a window late, as before.
//
// The moves are stored in the window plan: after a crash the stored links are no longer those
// the window began with, and the restart must move the same messages.
#pragma once

#include <span>
#include <vector>

#include "kafka/task_partitioner.h"
#include "service/routed_mark.h"
#include "service/task_queue.h"
#include "state/status.h"
#include "state/store.h"

namespace crm {

// `parts`: the window's parts, after route_window. Moves the messages whose id's customer task
// comes earlier than their part into that task's part (as rerouted messages of that owner), and
// lists them in `moves`.
Status move_linked_messages(const StateStore& store, const TaskPartitioner& partitioner,
                            std::vector<std::vector<QueuedRecord>>& parts,
                            std::vector<LinkMove>& moves);

// After a restart, before route_window: gives the messages the window plan moved their owner.
void set_link_owners(std::span<const LinkMove> moves,
                     std::vector<std::vector<QueuedRecord>>& parts);

}  // namespace crm
