// Every metric of docs/metrics.md (operations.md "Metrics") in one prometheus-cpp Registry,
// with typed methods for the code that counts: the processing loop per batch (add_*, observe_*,
// set_* of its own gauges), the Kafka callbacks (add_kafka_error, add_rebalance,
// update_from_kafka_statistics), and gauges read from state (set_store_metrics,
// set_populations) either by the loop or by a collect hook at scrape time. serialize() renders
// the registry in the Prometheus text format for GET /metrics.
//
// Threading: every member may be called from any thread at once. Counters, gauges and
// histograms are prometheus-cpp's (atomics; a histogram has its own small mutex); a labeled
// counter is found in a per-family cache under that cache's own mutex (one look-up per call:
// call once per batch with the batch's count, not once per event). serialize() takes none of
// the loop-side locks beyond prometheus-cpp's family mutexes during Collect, which the loop's
// calls take only when they add a new label value.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/population_summary.h"
#include "processors/time.h"
#include "state/key_codec.h"
#include "state/status.h"
#include "state/store.h"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

namespace crm {

enum class CommitFailure { kState, kOffsets };

// How a record reached a task other than its partition's (events.md "Keys, partitions and
// tasks"): moved to its owner for a wrong partition, moved to its customer's task for its
// anonymous id's link, or forwarded by a task's engine.
enum class Hop { kPartition, kLink, kForward };

class Metrics {
 public:
  // `version` goes into crmstream_build_info{version}; construction starts crmstream_up_seconds.
  explicit Metrics(std::string_view version);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Input. `type` is the event type, "invalid" when the message does not decode; `reason` a
  // dead-letter reason of events.md. Label values must be bounded (no ids).
  void add_consumed(std::string_view topic, std::string_view type, std::uint64_t count = 1);
  void add_rejected(std::string_view reason, std::uint64_t count = 1);
  void add_duplicates(std::uint64_t count);

  // Output, counted when acknowledged. `dimension`: lifecycle, rfm_segment, value_tier,
  // churn_risk, a trigger name, customer_forgotten, or a dead-letter reason.
  void add_outputs(std::string_view topic, std::string_view dimension, std::uint64_t count = 1);
  void add_delivery_failures(std::string_view topic, std::uint64_t count = 1);
  void set_outbox_pending(std::int64_t entries);
  // Arrival of a message to the acknowledgement of the outputs it caused.
  void observe_end_to_end_latency(double seconds);

  // Batches and commits.
  void observe_batch_events(std::size_t records);
  void observe_commit_duration(double seconds);
  void add_commit_failure(CommitFailure kind);

  // Tasks and timers.
  void set_stream_time(TaskId task, TimeMs clock);
  void remove_stream_time(TaskId task);  // the task's partition was revoked
  void set_timers_pending(std::int64_t timers);
  void add_timers_fired(std::uint64_t count);
  // A window applied without waiting any longer for a starved input partition.
  void add_enforced_window();

  // Kafka. `code_name`: the error code's name as rd_kafka_err2name gives it ("_TRANSPORT",
  // "_ALL_BROKERS_DOWN", "UNKNOWN_TOPIC_OR_PART"), not its description.
  void add_kafka_error(std::string_view code_name);
  void add_rebalance();
  // crmstream_consumer_lag from a statistics JSON (kafka_statistics.h). A consumer's statistics
  // replace every lag series (revoked partitions disappear); a producer's are ignored.
  // InvalidArgument when the JSON does not parse (the gauges are left as they were).
  Status update_from_kafka_statistics(std::string_view json);

  // crmstream_erasures_total: `n` more erasures (at start: the state's total, which also counts
  // those made while no process ran).
  void add_erasures(std::int64_t n);
  // crmstream_hops_total{how}
  void add_hops(Hop how, std::int64_t n);
  void set_ready(bool ready);

  // Gauges from state.
  void set_store_metrics(const StoreMetrics& store);
  // crmstream_customers{dimension,value} and crmstream_kpi_count{count} (memberships and the
  // 90-day transition sums), plus {experiment,variant} per variant slice; series of values no
  // longer in the summary are removed.
  void set_populations(const PopulationSummary& summary);

  // Called by serialize(), on its thread, before collecting: a place to refresh gauges that
  // are cheap enough to read at scrape time (StateStore::metrics, summarize_population).
  // Register hooks before serving; a hook must not call serialize().
  void add_collect_hook(std::function<void(Metrics&)> hook);

  // Process CPU, RSS and up time refreshed, hooks run, the registry collected and rendered
  // by prometheus::TextSerializer.
  std::string serialize();

  prometheus::Registry& registry();

 private:
  struct Families;

  void refresh_process_metrics();

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;
  const std::chrono::steady_clock::time_point started_;
  std::mutex serialize_mutex_;  // process gauges and hooks: one scrape at a time
  std::vector<std::function<void(Metrics&)>> hooks_;
};

}  // namespace crm
