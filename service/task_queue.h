// The input buffer of one task (events.md "Keys, partitions and tasks"): its partition of each
// input topic, in offset order, and the records other tasks forwarded to it, kept in the order
// (ts, source task, sequence), so that when a forward arrived never changes where it is applied.
// Which records a task applies next is decided across all tasks (service/instance_window.h).
// REQUIRES external synchronization (one thread).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <tuple>

#include "pipeline/forwarded_record.h"
#include "pipeline/input_record.h"
#include "processors/time.h"

namespace crm {

enum class InputSource : std::uint8_t { kClickstream, kOrders, kForwarded };
inline constexpr std::size_t kInputSources = 3;
inline constexpr std::size_t kInputPartitions = 2;  // clickstream and orders

using SteadyTime = std::chrono::steady_clock::time_point;

// A record waiting in a task's queue: a consumed message or a forward.
struct QueuedRecord {
  // Undecodable records sort first: they become dead letters and never move the clock.
  TimeMs ts = std::numeric_limits<TimeMs>::min();
  InputSource source = InputSource::kClickstream;
  std::int64_t offset = 0;  // the message's offset, or the forward's sequence
  // The task whose partition (or forward queue) holds it, and the task that owns its customer
  // key: a message in a wrong partition has home != owner (undecodable ones stay home).
  TaskId home = 0;
  TaskId owner = 0;
  // The anonymous id of an event that names no customer, or of a signup or login that links it
  // (`links`): where a linked id's event goes is foreseen per window (service/link_routing.h).
  std::string anonymous_id;
  bool links = false;
  // Moved to the task of the customer a later signup/login links its id to, and applied there
  // for the still unlinked visitor (InputRecord::for_visitor).
  bool for_visitor = false;
  SteadyTime received;
  // The message's topic: RdKafka::Message::topic_name() returns a temporary, and the input's
  // position (dead-letter id and source, a forward's origin) views this one.
  std::string topic;
  std::unique_ptr<RdKafka::Message> message;
  std::unique_ptr<ForwardedRecord> forwarded;

  InputRecord input() const;
  // A forward's place among its owner's forwards: (ts, source task, sequence).
  std::tuple<TimeMs, TaskId, std::int64_t> forward_order() const;
  // A message an earlier task than its partition's owns (by its customer key, or by its
  // anonymous id's link): that task takes it from the window and applies it
  // (service/instance_window.h route_window). One a later task owns stays: its partition's task
  // forwards it.
  bool rerouted() const { return source != InputSource::kForwarded && owner < home; }
};

class TaskQueue {
 public:
  void push(QueuedRecord record);
  // End of partition reached (true) or a message arrived past it (false).
  void set_at_end(InputSource source, bool at_end);
  bool at_end(InputSource source) const;

  std::size_t buffered() const;
  std::size_t buffered(InputSource source) const;
  // The index-th record of `source` (0 is the next one).
  const QueuedRecord& at(InputSource source, std::size_t index) const;
  QueuedRecord pop(InputSource source);
  // Removes the index-th record of `source`.
  QueuedRecord pop_at(InputSource source, std::size_t index);
  // Drops what is buffered from an input partition taken away (read again when it is back).
  void drop(InputSource source);

 private:
  std::array<std::deque<QueuedRecord>, kInputSources> sources_;
  std::array<bool, kInputPartitions> at_end_{false, false};
};

}  // namespace crm
