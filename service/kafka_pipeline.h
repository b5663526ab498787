// `crmstream run` (operations.md): the Kafka source, one task engine per input partition, the
// state store and the Kafka sink, driven by one thread.
//
// A loop iteration: serve HTTP requests queued for the loop (erasures), poll a batch of
// messages into the tasks' queues (decoding each once for its ts, type and reason), then let
// every task with records ready apply up to `max_batch` of them in one engine batch, which
// commits state, outbox, forwards and the input offsets in one write; records a task forwards
// join their owner's queue at once. Then the sink sends the outboxes and deletes what was
// delivered, and about once a second the offsets are committed to the group, a wall clock
// ticks, and the gauges are refreshed. Backpressure: while too many outputs are unacknowledged
// or too many records are buffered, consumption is paused (never dropped).
//
// At start the outbox is drained before any input is read, so each customer's outputs keep
// their order across a restart. stop() (SIGTERM/SIGINT) ends the loop after the batch in hand;
// then the outputs are flushed, offsets committed and the group left, within `stop_timeout`.
// REQUIRES: run() on one thread; stop() from any thread or a signal handler.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "ingest/decoder.h"
#include "ingest/kafka_source.h"
#include "kafka/kafka_events.h"
#include "kafka/task_partitioner.h"
#include "observability/health_state.h"
#include "observability/loop_requests.h"
#include "observability/metrics.h"
#include "pipeline/customer_erasure.h"
#include "pipeline/task_engine.h"
#include "service/task_queue.h"
#include "sinks/kafka_outbox_sink.h"
#include "state/store.h"

namespace crm {

struct PipelineOptions {
  std::size_t max_batch = 2000;                  // records per engine batch
  std::size_t poll_batch = 5000;                 // messages per poll
  std::size_t max_in_flight = 20000;             // unacknowledged outputs before consumption pauses
  std::size_t max_buffered = 200000;             // buffered input records before consumption pauses
  std::chrono::milliseconds stop_timeout{6000};  // output flush at stop; 10 s in all
  bool check_future_skew = true;
};

// Progress for the demo's terminal and for tests; read on the loop thread (progress hook).
struct PipelineProgress {
  std::int64_t consumed = 0;
  std::int64_t applied = 0;
  std::int64_t forwarded = 0;
  std::int64_t duplicates = 0;
  std::int64_t rejected = 0;
  std::int64_t delivered = 0;
  std::size_t buffered = 0;
  std::size_t in_flight = 0;
  std::int32_t partitions = 0;
};

class KafkaPipeline {
 public:
  // Everything but `config` and `store` may be null. They must outlive the pipeline.
  KafkaPipeline(const Config& config, StateStore& store, Metrics* metrics, HealthState* health,
                LoopRequests* requests, PipelineOptions options = {});
  ~KafkaPipeline();
  KafkaPipeline(const KafkaPipeline&) = delete;
  KafkaPipeline& operator=(const KafkaPipeline&) = delete;

  Status run();
  void stop() { stop_.store(true); }

  // Called on the loop thread about once a second.
  void on_progress(std::function<void(const PipelineProgress&)> hook) {
    progress_hook_ = std::move(hook);
  }
  // Erases a customer on the loop thread (the `forget` of a running process). NotFound when
  // unknown. Only valid while run() is running, from the loop thread (LoopRequests).
  Status forget(std::string_view customer_id, ErasureReport& report);

 private:
  Status start();
  Status check_partition_count();
  Status load_forwards();
  Status drain_outbox_first();
  void enqueue(std::unique_ptr<RdKafka::Message> message, SteadyTime received);
  void enqueue_forward(const ForwardedRecord& record, SteadyTime received);
  Status process_ready(SteadyTime now, bool& progressed);
  Status process_task(TaskId task, std::vector<QueuedRecord>& records);
  Status send_outputs();
  Status every_second();
  void on_delivered(const DeliveredOutput& output);
  std::vector<CommittedOffset> committed_offsets() const;
  // Clickstream, orders: the index of InputSource and of next_offsets_'s pairs.
  std::array<const std::string*, 2> input_topics() const;
  Status shut_down(Status cause);

  const Config& config_;
  StateStore& store_;
  Metrics* metrics_;
  HealthState* health_;
  LoopRequests* requests_;
  PipelineOptions options_;
  std::atomic<bool> stop_{false};
  std::function<void(const PipelineProgress&)> progress_hook_;

  SystemClock wall_;
  KafkaEvents events_;
  std::unique_ptr<KafkaSource> source_;
  std::unique_ptr<KafkaOutboxSink> sink_;
  std::unique_ptr<TaskPartitioner> partitioner_;
  std::vector<std::unique_ptr<TaskEngine>> engines_;
  std::deque<TaskQueue> queues_;  // a deque: TaskQueue cannot move
  // Per task: (first outbox sequence after a batch, when its oldest record arrived).
  std::vector<std::deque<std::pair<std::uint64_t, SteadyTime>>> batch_outputs_;
  std::vector<TaskStats> reported_;  // engine stats already added to the metrics
  // Per task: the next offset of its clickstream and orders partition, once consumed.
  std::vector<std::array<std::int64_t, 2>> next_offsets_;
  EventDecoder decoder_;
  EventArena arena_;
  PipelineProgress progress_;
  SteadyTime last_second_;
};

}  // namespace crm
