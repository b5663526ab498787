#include "observability/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <utility>

#include "observability/kafka_statistics.h"
#include "observability/labeled_series.h"
#include "observability/process_stats.h"

namespace crm {
namespace {

using prometheus::Labels;

prometheus::Family<prometheus::Counter>& counter(prometheus::Registry& r, const char* name,
                                                 const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(r);
}

prometheus::Family<prometheus::Gauge>& gauge(prometheus::Registry& r, const char* name,
                                             const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(r);
}

prometheus::Family<prometheus::Histogram>& histogram(prometheus::Registry& r, const char* name,
                                                     const char* help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(r);
}

const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
const prometheus::Histogram::BucketBoundaries kBatchBuckets = {
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
const prometheus::Histogram::BucketBoundaries kCommitBuckets = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

}  // namespace

struct Metrics::Families {
  explicit Families(prometheus::Registry& r)
      : build_info(gauge(r, "crmstream_build_info", "The running build (value 1)")),
        consumed_family(counter(r, "crmstream_events_consumed_total",
                                "Input messages read, by topic and event type (invalid: does "
                                "not decode)")),
        consumed(consumed_family, "topic", "type"),
        rejected_family(counter(r, "crmstream_events_rejected_total",
                                "Messages sent to the dead-letter topic, by reason")),
        rejected(rejected_family, "reason"),
        duplicates(counter(r, "crmstream_duplicates_total",
                           "Events recognised as duplicates and applied once")
                       .Add({})),
        outputs_family(counter(r, "crmstream_output_events_total",
                               "Output events delivered (acknowledged), by topic and dimension")),
        outputs(outputs_family, "topic", "dimension"),
        latency(histogram(r, "crmstream_end_to_end_latency_seconds",
                          "From a message's arrival to the acknowledgement of its outputs")
                    .Add({}, kLatencyBuckets)),
        batch_events(histogram(r, "crmstream_batch_events", "Input records per committed batch")
                         .Add({}, kBatchBuckets)),
        commit_duration(
            histogram(r, "crmstream_commit_duration_seconds", "Time of one atomic state write")
                .Add({}, kCommitBuckets)),
        commit_failures_family(counter(r, "crmstream_commit_failures_total",
                                       "Failed state writes / consumer-group offset commits")),
        commit_failures_state(commit_failures_family.Add({{"kind", "state"}})),
        commit_failures_offsets(commit_failures_family.Add({{"kind", "offsets"}})),
        delivery_failures_family(counter(
            r, "crmstream_delivery_failures_total",
            "Output deliveries that failed (the run stops; the next one sends them again)")),
        delivery_failures(delivery_failures_family, "topic"),
        outbox_pending(gauge(r, "crmstream_outbox_pending",
                             "Output events durable in state, not yet acknowledged")
                           .Add({})),
        consumer_lag_family(gauge(r, "crmstream_consumer_lag",
                                  "Messages behind the partition's end (librdkafka statistics)")),
        consumer_lag(consumer_lag_family),
        stream_time_family(gauge(r, "crmstream_stream_time_seconds",
                                 "The task's stream clock, seconds since the epoch")),
        stream_time(stream_time_family),
        timers_pending(gauge(r, "crmstream_timers_pending", "Timers stored, all tasks").Add({})),
        timers_fired(counter(r, "crmstream_timers_fired_total", "Timers fired").Add({})),
        customers_family(gauge(r, "crmstream_customers",
                               "Profiles per published value of a dimension (counts in state)")),
        customers(customers_family),
        kpi_family(gauge(r, "crmstream_kpi_count",
                         "KPI numerators and denominators; transitions over the last 90 days")),
        kpi(kpi_family),
        live_data(gauge(r, "crmstream_rocksdb_live_data_bytes", "rocksdb.estimate-live-data-size")
                      .Add({})),
        memtable(gauge(r, "crmstream_rocksdb_memtable_bytes", "rocksdb.cur-size-all-mem-tables")
                     .Add({})),
        pending_compaction(gauge(r, "crmstream_rocksdb_pending_compaction_bytes",
                                 "rocksdb.estimate-pending-compaction-bytes")
                               .Add({})),
        block_cache(gauge(r, "crmstream_rocksdb_block_cache_bytes",
                          "Block cache usage, memtables charged to it included")
                        .Add({})),
        write_stopped(gauge(r, "crmstream_rocksdb_write_stopped",
                            "1 while RocksDB stops writes (rocksdb.is-write-stopped)")
                          .Add({})),
        delayed_write_rate(gauge(r, "crmstream_rocksdb_delayed_write_rate",
                                 "Bytes/s RocksDB slows writes to, 0 when not delayed")
                               .Add({})),
        rebalances(
            counter(r, "crmstream_rebalances_total", "Consumer group assignments and revocations")
                .Add({})),
        enforced_windows(counter(r, "crmstream_enforced_windows_total",
                                 "Windows applied without an input partition that ran out of "
                                 "records, once time.max_task_idle had passed")
                             .Add({})),
        hops_family(counter(r, "crmstream_hops_total",
                            "Records applied by another task than their partition's, by how "
                            "they got there")),
        hops_partition(hops_family.Add({{"how", "partition"}})),
        hops_link(hops_family.Add({{"how", "link"}})),
        hops_forward(hops_family.Add({{"how", "forward"}})),
        kafka_errors_family(
            counter(r, "crmstream_kafka_errors_total", "librdkafka errors by code name")),
        kafka_errors(kafka_errors_family, "code"),
        erasures(counter(r, "crmstream_erasures_total",
                         "Customers erased (forget); starts from the state's total, offline "
                         "erasures included")
                     .Add({})),
        cpu(counter(r, "crmstream_process_cpu_seconds_total", "User + system CPU of the process")
                .Add({})),
        resident(gauge(r, "crmstream_process_resident_memory_bytes", "Resident set size").Add({})),
        up(gauge(r, "crmstream_up_seconds", "Seconds since the process started").Add({})),
        ready(gauge(r, "crmstream_ready", "1 when /readyz answers 200").Add({})) {}

  prometheus::Family<prometheus::Gauge>& build_info;
  prometheus::Family<prometheus::Counter>& consumed_family;
  CounterByTwoLabels consumed;
  prometheus::Family<prometheus::Counter>& rejected_family;
  CounterByLabel rejected;
  prometheus::Counter& duplicates;
  prometheus::Family<prometheus::Counter>& outputs_family;
  CounterByTwoLabels outputs;
  prometheus::Histogram& latency;
  prometheus::Histogram& batch_events;
  prometheus::Histogram& commit_duration;
  prometheus::Family<prometheus::Counter>& commit_failures_family;
  prometheus::Counter& commit_failures_state;
  prometheus::Counter& commit_failures_offsets;
  prometheus::Family<prometheus::Counter>& delivery_failures_family;
  CounterByLabel delivery_failures;
  prometheus::Gauge& outbox_pending;
  prometheus::Family<prometheus::Gauge>& consumer_lag_family;
  GaugeSet consumer_lag;
  prometheus::Family<prometheus::Gauge>& stream_time_family;
  GaugeSet stream_time;
  prometheus::Gauge& timers_pending;
  prometheus::Counter& timers_fired;
  prometheus::Family<prometheus::Gauge>& customers_family;
  GaugeSet customers;
  prometheus::Family<prometheus::Gauge>& kpi_family;
  GaugeSet kpi;
  prometheus::Gauge& live_data;
  prometheus::Gauge& memtable;
  prometheus::Gauge& pending_compaction;
  prometheus::Gauge& block_cache;
  prometheus::Gauge& write_stopped;
  prometheus::Gauge& delayed_write_rate;
  prometheus::Counter& rebalances;
  prometheus::Counter& enforced_windows;
  prometheus::Family<prometheus::Counter>& hops_family;
  prometheus::Counter& hops_partition;
  prometheus::Counter& hops_link;
  prometheus::Counter& hops_forward;
  prometheus::Family<prometheus::Counter>& kafka_errors_family;
  CounterByLabel kafka_errors;
  prometheus::Counter& erasures;
  prometheus::Counter& cpu;
  prometheus::Gauge& resident;
  prometheus::Gauge& up;
  prometheus::Gauge& ready;
};

Metrics::Metrics(std::string_view version)
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(*registry_)),
      started_(std::chrono::steady_clock::now()) {
  families_->build_info.Add({{"version", std::string(version)}}).Set(1);
}

Metrics::~Metrics() = default;

void Metrics::add_consumed(std::string_view topic, std::string_view type, std::uint64_t count) {
  families_->consumed.get(topic, type).Increment(static_cast<double>(count));
}

void Metrics::add_rejected(std::string_view reason, std::uint64_t count) {
  families_->rejected.get(reason).Increment(static_cast<double>(count));
}

void Metrics::add_duplicates(std::uint64_t count) {
  families_->duplicates.Increment(static_cast<double>(count));
}

void Metrics::add_outputs(std::string_view topic, std::string_view dimension, std::uint64_t count) {
  families_->outputs.get(topic, dimension).Increment(static_cast<double>(count));
}

void Metrics::add_delivery_failures(std::string_view topic, std::uint64_t count) {
  families_->delivery_failures.get(topic).Increment(static_cast<double>(count));
}

void Metrics::set_outbox_pending(std::int64_t entries) {
  families_->outbox_pending.Set(static_cast<double>(entries));
}

void Metrics::observe_end_to_end_latency(double seconds) {
  families_->latency.Observe(seconds);
}

void Metrics::observe_batch_events(std::size_t records) {
  families_->batch_events.Observe(static_cast<double>(records));
}

void Metrics::observe_commit_duration(double seconds) {
  families_->commit_duration.Observe(seconds);
}

void Metrics::add_hops(Hop how, std::int64_t n) {
  prometheus::Counter& counter = how == Hop::kPartition ? families_->hops_partition
                                 : how == Hop::kLink    ? families_->hops_link
                                                        : families_->hops_forward;
  counter.Increment(static_cast<double>(n));
}

void Metrics::add_commit_failure(CommitFailure kind) {
  (kind == CommitFailure::kState ? families_->commit_failures_state
                                 : families_->commit_failures_offsets)
      .Increment();
}

void Metrics::set_stream_time(TaskId task, TimeMs clock) {
  families_->stream_time.set({{"task", std::to_string(task)}}, static_cast<double>(clock) / 1000.0);
}

void Metrics::remove_stream_time(TaskId task) {
  families_->stream_time.remove({{"task", std::to_string(task)}});
}

void Metrics::set_timers_pending(std::int64_t timers) {
  families_->timers_pending.Set(static_cast<double>(timers));
}

void Metrics::add_timers_fired(std::uint64_t count) {
  families_->timers_fired.Increment(static_cast<double>(count));
}

void Metrics::add_kafka_error(std::string_view code_name) {
  families_->kafka_errors.get(code_name).Increment();
}

void Metrics::add_rebalance() {
  families_->rebalances.Increment();
}

void Metrics::add_enforced_window() {
  families_->enforced_windows.Increment();
}

Status Metrics::update_from_kafka_statistics(std::string_view json) {
  KafkaStatistics statistics;
  if (Status s = parse_kafka_statistics(json, statistics); !s.is_ok()) return s;
  if (statistics.client_type != "consumer") return Status::ok();
  std::vector<std::pair<Labels, double>> values;
  values.reserve(statistics.lags.size());
  for (const PartitionLag& lag : statistics.lags) {
    values.emplace_back(Labels{{"topic", lag.topic}, {"partition", std::to_string(lag.partition)}},
                        static_cast<double>(lag.lag));
  }
  families_->consumer_lag.replace(values);
  return Status::ok();
}

void Metrics::add_erasures(std::int64_t n) {
  families_->erasures.Increment(static_cast<double>(n));
}

void Metrics::set_ready(bool ready) {
  families_->ready.Set(ready ? 1 : 0);
}

void Metrics::set_store_metrics(const StoreMetrics& store) {
  families_->live_data.Set(static_cast<double>(store.live_data_bytes));
  families_->memtable.Set(static_cast<double>(store.memtable_bytes));
  families_->pending_compaction.Set(static_cast<double>(store.pending_compaction_bytes));
  families_->block_cache.Set(static_cast<double>(store.block_cache_usage));
  families_->write_stopped.Set(store.write_stopped != 0 ? 1 : 0);
  families_->delayed_write_rate.Set(static_cast<double>(store.delayed_write_rate));
}

namespace {

// The series of one slice; `slice` holds experiment and variant, or nothing for the overall.
void add_slice(const SliceSummary& summary, const Labels& slice,
               std::vector<std::pair<Labels, double>>& customers,
               std::vector<std::pair<Labels, double>>& kpi) {
  for (const auto& [dimension, values] : summary.populations) {
    for (const auto& [value, profiles] : values) {
      Labels labels = slice;
      labels.emplace("dimension", dimension);
      labels.emplace("value", value);
      customers.emplace_back(std::move(labels), static_cast<double>(profiles));
    }
  }
  const auto add_counts = [&](const auto& counts) {
    for (const auto& [name, count] : counts) {
      Labels labels = slice;
      labels.emplace("count", name);
      kpi.emplace_back(std::move(labels), static_cast<double>(count));
    }
  };
  add_counts(summary.memberships);
  add_counts(summary.window_transitions);
}

}  // namespace

void Metrics::set_populations(const PopulationSummary& summary) {
  std::vector<std::pair<Labels, double>> customers;
  std::vector<std::pair<Labels, double>> kpi;
  add_slice(summary.overall, {}, customers, kpi);
  for (const auto& [experiment, variants] : summary.experiments) {
    for (const auto& [variant, slice] : variants) {
      add_slice(slice, {{"experiment", experiment}, {"variant", variant}}, customers, kpi);
    }
  }
  families_->customers.replace(customers);
  families_->kpi.replace(kpi);
}

void Metrics::add_collect_hook(std::function<void(Metrics&)> hook) {
  const std::lock_guard lock(serialize_mutex_);
  hooks_.push_back(std::move(hook));
}

void Metrics::refresh_process_metrics() {
  ProcessStats stats;
  if (read_process_stats(stats).is_ok()) {
    const double delta = stats.cpu_seconds - families_->cpu.Value();
    if (delta > 0) families_->cpu.Increment(delta);
    families_->resident.Set(stats.resident_bytes);
  }
  families_->up.Set(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
}

std::string Metrics::serialize() {
  {
    const std::lock_guard lock(serialize_mutex_);
    refresh_process_metrics();
    for (const auto& hook : hooks_) hook(*this);
  }
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

prometheus::Registry& Metrics::registry() {
  return *registry_;
}

}  // namespace crm
