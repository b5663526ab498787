// The input buffer of one task (events.md "Keys, partitions and tasks"): its partition of each
// input topic and the records other tasks forwarded to it. Records leave in the order the
// contract fixes: the lowest `ts` of the buffered heads first; on equal ts clickstream, then
// orders, then forwarded, each in offset order. When an input partition has nothing buffered
// and is not at its end, the queue waits up to time.max_task_idle for it (Kafka Streams'
// max.task.idle.ms), so a fast clickstream does not run ahead of the orders that cancel its
// cart_abandoned. Forwarded records are local and complete: they are never waited for.
// REQUIRES external synchronization (one thread).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/forwarded_record.h"
#include "pipeline/input_record.h"
#include "processors/time.h"

namespace crm {

enum class InputSource : std::uint8_t { kClickstream, kOrders, kForwarded };
inline constexpr std::size_t kInputSources = 3;

using SteadyTime = std::chrono::steady_clock::time_point;

// A record waiting in a task's queue: a consumed message or a forward.
struct QueuedRecord {
  // Undecodable records sort first: they become dead letters and never move the clock.
  TimeMs ts = std::numeric_limits<TimeMs>::min();
  InputSource source = InputSource::kClickstream;
  std::int64_t offset = 0;  // the message's offset, or the forward's sequence
  SteadyTime received;
  // The message's topic: RdKafka::Message::topic_name() returns a temporary, and the input's
  // position (dead-letter id and source, a forward's origin) views this one.
  std::string topic;
  std::unique_ptr<RdKafka::Message> message;
  std::unique_ptr<ForwardedRecord> forwarded;

  InputRecord input() const;
};

class TaskQueue {
 public:
  void push(QueuedRecord record);
  // End of partition reached (true) or a message arrived past it (false).
  void set_at_end(InputSource source, bool at_end);

  // Appends up to `max` records in apply order. Stops at a source that must be waited for: the
  // wait (max_idle) starts when records are buffered and an input partition has none, not while
  // the whole queue is empty, so that a quiet spell does not use it up in advance.
  void take(SteadyTime now, std::chrono::milliseconds max_idle, std::size_t max,
            std::vector<QueuedRecord>& out);

  std::size_t buffered() const;
  // Drops what is buffered from an input partition taken away (read again when it is back).
  void drop(InputSource source);

 private:
  std::array<std::deque<QueuedRecord>, kInputSources> sources_;
  std::array<bool, 2> at_end_{false, false};  // the two input partitions
  std::optional<SteadyTime> waiting_since_;
};

}  // namespace crm
