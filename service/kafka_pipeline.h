// `crmstream run` (operations.md): the Kafka source, one task engine per input partition, the
// state store and the Kafka sink, driven by one thread.
//
// A loop iteration: serve HTTP requests queued for the loop (erasures), poll a batch of
// messages into the tasks' queues (decoding each once for its ts, type and reason), then apply
// the next window of records across the tasks (service/instance_window.h): its plan is stored
// first (service/window_plan.h), then each task in turn applies its part in engine batches of
// up to `max_batch`, each committing state, outbox, forwards and the input offsets in one
// write. A message of a wrong partition, or of a linked anonymous id, goes to an earlier owner's
// part before the window is applied, and what a task forwards to a later task joins that task's
// part; a forward to an earlier task joins its queue for the next window. Then the sink sends the
// outboxes and deletes what was delivered, and about once a second the offsets are committed to the
// group, a wall clock ticks, and the gauges are refreshed.
//
// Backpressure never drops: an input partition with a window's worth of records buffered is
// paused, and every partition is paused while too many outputs are unacknowledged. Neither
// pause, nor an outage of every broker, counts as a partition's idle time (time.max_task_idle).
//
// At start the outbox is drained before any input is read, so each customer's outputs keep
// their order across a restart, and a window a crash interrupted is finished before a new one.
// stop() (SIGTERM/SIGINT) ends the loop after the window in hand; then the outputs are flushed,
// offsets committed and the group left, within `stop_timeout` and `close_timeout`.
// REQUIRES: run() on one thread; stop() from any thread or a signal handler.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
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
#include "service/routed_mark.h"
#include "service/task_queue.h"
#include "service/window_plan.h"
#include "sinks/kafka_outbox_sink.h"
#include "state/store.h"

namespace crm {

struct PipelineOptions {
  std::size_t max_batch = 2000;       // records per engine batch
  std::size_t poll_batch = 5000;      // messages per poll
  std::size_t max_in_flight = 20000;  // unacknowledged outputs before consumption pauses
  // A window holds this many records per task (a window's worth is also what an input
  // partition may buffer before it is paused).
  std::size_t window_per_task = 512;
  // ...and spans at most this much event time: a forward to an earlier task reaches it a
  // window late.
  std::chrono::milliseconds max_window_span = std::chrono::hours(1);
  std::chrono::milliseconds stop_timeout{5000};   // output flush at stop; 10 s in all
  std::chrono::milliseconds close_timeout{2000};  // then the last group commit and leave
  bool check_future_skew = true;
  // For fault tests: after this many engine batches run() fails as a killed process would
  // stop, with what those batches committed and nothing more (0: never).
  std::size_t die_after_batches = 0;
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
  Status load_routed_marks();
  Status drain_outbox_first();
  void enqueue(std::unique_ptr<RdKafka::Message> message, SteadyTime received);
  QueuedRecord forward_record(const ForwardedRecord& record, SteadyTime received);
  void enqueue_forward(const ForwardedRecord& record, SteadyTime received);
  Status load_unfinished_window();
  // Applies the window a crash interrupted, once its records are buffered.
  Status finish_unfinished_window(bool& progressed);
  Status apply_next_window(SteadyTime now, bool& progressed);
  // Applies the window's records (per task, in apply order, each in its owner's part).
  Status apply_window(std::vector<std::vector<QueuedRecord>>& records, const WindowPlan& plan);
  // `window`: every task's part, where a forward to a later task joins its owner's.
  Status process_task(TaskId task, std::span<const QueuedRecord> records,
                      std::vector<std::vector<QueuedRecord>>& window);
  // Moves the input positions past the window's messages that earlier tasks applied, and
  // deletes their marks (service/routed_mark.h).
  Status settle_window(const WindowPlan& plan);
  Status pause_full_partitions();
  // Drops what is buffered of the partitions a lost session took away.
  void drop_lost_partitions();
  // Marks the input partitions whose next offset is their end as the last fetch told it (all
  // they hold is buffered): librdkafka reports an end only after a fetch that found nothing, which
  // a broker may hold for fetch.wait.max.ms, and a window waits for a partition not at its end.
  void mark_caught_up_partitions();
  std::size_t window_records() const;
  WindowLimits window_limits() const;
  // Hands every task's new outbox entries to the sink, up to `max_in_flight` unacknowledged.
  Status send_outboxes(std::size_t max_in_flight);
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
  bool stopped_while_starting_ = false;  // stop() came while start() waited for the brokers
  std::function<void(const PipelineProgress&)> progress_hook_;

  SystemClock wall_;
  KafkaEvents events_;
  std::unique_ptr<KafkaSource> source_;
  std::unique_ptr<KafkaOutboxSink> sink_;
  std::unique_ptr<TaskPartitioner> partitioner_;
  std::vector<std::unique_ptr<TaskEngine>> engines_;
  std::deque<TaskQueue> queues_;  // a deque: TaskQueue cannot move
  // Per source task: every forward it made that is still queued has a lower sequence.
  std::vector<std::int64_t> forwards_below_;
  std::optional<WindowPlan> unfinished_;  // the window a crash interrupted, while unfinished
  // The messages of the window an earlier task applied for their partition's task -> that
  // earlier task, which holds the mark.
  std::map<RoutedMessage, TaskId> routed_marks_;
  WindowChooser window_chooser_;
  std::vector<std::array<bool, kInputPartitions>> paused_;  // per task: pause its partitions
  // Per task: (first outbox sequence after a batch, when its oldest record arrived).
  std::vector<std::deque<std::pair<std::uint64_t, SteadyTime>>> batch_outputs_;
  std::vector<TaskStats> reported_;  // engine stats already added to the metrics
  // Per task: the next offset of its clickstream and orders partition, once consumed.
  std::vector<std::array<std::int64_t, 2>> next_offsets_;
  // Per task: the offset after the last record buffered or applied of each input partition; a
  // message below it is a copy librdkafka delivered again (after a pause or a rebalance).
  std::vector<std::array<std::int64_t, 2>> next_buffered_;
  EventDecoder decoder_;
  EventArena arena_;
  PipelineProgress progress_;
  std::size_t batches_ = 0;
  SteadyTime last_second_;
};

}  // namespace crm
