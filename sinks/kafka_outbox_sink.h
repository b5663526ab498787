// Delivers the tasks' outboxes to the output topics with librdkafka's idempotent producer
// (operations.md "Guarantees": no output event is lost, at least once, deterministic event
// ids). Keyed as outputs.md says, header `crm-schema: 1`. An outbox entry is deleted only after
// its delivery report; entries go out in sequence order per task, and the idempotent producer
// keeps that order per partition, so each customer's events keep their order within a topic.
// Messages never time out (message.timeout.ms 0): while the broker is away they wait, in_flight()
// grows and the caller pauses consumption. A delivery error is fatal here: it is reported and
// the entry stays in the outbox for the next run. REQUIRES external synchronization (one thread).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "kafka/known_topics.h"
#include "processors/output_event.h"
#include "sinks/jsonl_outbox_sink.h"
#include "state/store.h"

namespace crm {

// One acknowledged output, for metrics: which task's entry, its topic and its dimension.
struct DeliveredOutput {
  TaskId task = 0;
  std::uint64_t sequence = 0;
  OutputTopic topic = OutputTopic::kSegmentChanges;
  std::string dimension;  // the JSON's dimension, trigger or reason; the type otherwise
};

class KafkaOutboxSink {
 public:
  using DeliveredHook = std::function<void(const DeliveredOutput&)>;

  // `events` (optional, outlives the sink) hears librdkafka's errors and logs.
  static Status create(const Config& config, DeliveredHook on_delivered, RdKafka::EventCb* events,
                       std::unique_ptr<KafkaOutboxSink>& out);
  ~KafkaOutboxSink();
  KafkaOutboxSink(const KafkaOutboxSink&) = delete;
  KafkaOutboxSink& operator=(const KafkaOutboxSink&) = delete;

  // Hands the entries of `task`'s outbox not yet sent to the producer, while fewer than
  // `max_in_flight` are unacknowledged. `outbox_end`: the sequence past the task's last entry
  // (its engine's next_outbox_sequence()), so that a task with nothing new costs no scan;
  // kOutboxEndUnknown scans in any case.
  static constexpr std::uint64_t kOutboxEndUnknown = std::numeric_limits<std::uint64_t>::max();
  Status send(const StateStore& store, TaskId task, std::uint64_t outbox_end,
              std::size_t max_in_flight);
  // Serves delivery reports (waiting up to `wait`) and deletes the delivered entries in one
  // write. A failed delivery returns its error.
  Status poll(StateStore& store, std::chrono::milliseconds wait);
  // Sends everything pending of `tasks` and waits until all is delivered or `deadline`.
  Status drain(StateStore& store, TaskId tasks, std::chrono::steady_clock::time_point deadline);

  std::size_t in_flight() const { return in_flight_; }
  const std::string& topic_name(OutputTopic topic) const { return topics_.of(topic); }
  std::int64_t delivered() const { return delivered_; }
  // The topic of the delivery that failed, once poll() returned its error.
  const std::string& failed_topic() const { return failed_topic_; }

 private:
  class Reports;
  KafkaOutboxSink() = default;

  OutputTopicNames topics_;
  std::unique_ptr<Reports> reports_;
  std::unique_ptr<RdKafka::Producer> producer_;
  KnownTopics known_topics_;                      // after producer_: destroyed first
  std::map<TaskId, std::uint64_t> next_to_send_;  // per task: the first sequence not yet sent
  std::size_t in_flight_ = 0;
  std::int64_t delivered_ = 0;
  std::string failed_topic_;
  DeliveredHook on_delivered_;
  OutputRecord scratch_;
};

}  // namespace crm
