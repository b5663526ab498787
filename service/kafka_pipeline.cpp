#include "service/kafka_pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <thread>

#include "processors/identity.h"
#include "service/instance_window.h"
#include "service/link_routing.h"
#include "service/routed_mark.h"
#include "state/batch.h"

namespace crm {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr std::string_view kPartitionsMeta = "partitions";
constexpr std::string_view kWindowMeta = "window";
constexpr TaskId kInstanceMetaTask = 0;

std::string offset_meta(const std::string& topic) {
  return "offset/" + topic;
}

std::optional<std::int64_t> parse_offset(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

double seconds_since(SteadyTime start, SteadyTime end) {
  return std::chrono::duration<double>(end - start).count();
}

}  // namespace

KafkaPipeline::KafkaPipeline(const Config& config, StateStore& store, Metrics* metrics,
                             HealthState* health, LoopRequests* requests, PipelineOptions options)
    : config_(config),
      store_(store),
      metrics_(metrics),
      health_(health),
      requests_(requests),
      options_(options),
      decoder_(config.decoder()) {}

KafkaPipeline::~KafkaPipeline() = default;

std::array<const std::string*, 2> KafkaPipeline::input_topics() const {
  return {&config_.kafka.topics.clickstream, &config_.kafka.topics.orders};
}

Status KafkaPipeline::start() {
  events_.on_error = [this](std::string_view code) {
    if (metrics_ != nullptr) metrics_->add_kafka_error(code);
  };
  events_.on_statistics = [this](std::string_view json) {
    if (metrics_ != nullptr) (void)metrics_->update_from_kafka_statistics(json);
  };
  const StoredOffset stored = [this](const std::string& topic, std::int32_t partition) {
    std::string value;
    if (!store_.get_meta(static_cast<TaskId>(partition), offset_meta(topic), value).is_ok()) {
      return std::optional<std::int64_t>();
    }
    return parse_offset(value);
  };
  if (Status s = KafkaSource::create(config_, stored, &events_, source_); !s.is_ok()) return s;
  if (Status s = KafkaOutboxSink::create(
          config_, [this](const DeliveredOutput& output) { on_delivered(output); }, &events_,
          sink_);
      !s.is_ok()) {
    return s;
  }
  if (metrics_ != nullptr) {
    // Counted across restarts, offline `crmstream forget` included.
    std::int64_t erasures = 0;
    if (Status s = read_erasures_total(store_, erasures); !s.is_ok()) return s;
    metrics_->add_erasures(erasures);
    // At 0 from the start, so alerts see the first failure.
    for (const std::string* topic :
         {&config_.kafka.topics.segment_changes, &config_.kafka.topics.churn_risk,
          &config_.kafka.topics.triggers, &config_.kafka.topics.dead_letter}) {
      metrics_->add_delivery_failures(*topic, 0);
    }
  }
  if (Status s = check_partition_count(); !s.is_ok()) return s;
  const std::int32_t partitions = partitioner_->partitions();
  const TaskPartitioner* partitioner = partitioner_.get();
  for (std::int32_t task = 0; task < partitions; ++task) {
    TaskEngineOptions engine_options;
    engine_options.task = static_cast<TaskId>(task);
    engine_options.check_future_skew = options_.check_future_skew;
    engine_options.owner_task = [partitioner](std::string_view key) {
      return static_cast<TaskId>(partitioner->task_of(key));
    };
    auto engine = std::make_unique<TaskEngine>(store_, config_, wall_, engine_options);
    if (Status s = engine->open(); !s.is_ok()) return s;
    engines_.push_back(std::move(engine));
  }
  queues_.resize(static_cast<std::size_t>(partitions));
  forwards_below_.assign(static_cast<std::size_t>(partitions), 0);
  paused_.assign(static_cast<std::size_t>(partitions), {false, false});
  batch_outputs_.resize(static_cast<std::size_t>(partitions));
  reported_.resize(static_cast<std::size_t>(partitions));
  next_offsets_.assign(static_cast<std::size_t>(partitions), {-1, -1});
  // Committed to the group again at start, so lag tools see them even when nothing is new.
  const auto inputs = input_topics();
  for (std::int32_t task = 0; task < partitions; ++task) {
    for (std::size_t i = 0; i < 2; ++i) {
      if (const auto offset = stored(*inputs[i], task)) {
        next_offsets_[static_cast<std::size_t>(task)][i] = *offset;
      }
    }
  }
  next_buffered_ = next_offsets_;
  progress_.partitions = partitions;
  if (Status s = load_forwards(); !s.is_ok()) return s;
  if (Status s = load_routed_marks(); !s.is_ok()) return s;
  return load_unfinished_window();
}

std::size_t KafkaPipeline::window_records() const {
  return options_.window_per_task * std::max<std::size_t>(queues_.size(), 1);
}

WindowLimits KafkaPipeline::window_limits() const {
  // Half the dedupe retention at most: a copy of an event forwarded a window late is still
  // recognised at its owner.
  return {window_records(),
          std::min<TimeMs>(options_.max_window_span.count(), config_.limits.dedupe_retention / 2)};
}

Status KafkaPipeline::load_unfinished_window() {
  std::string text;
  const Status s = store_.get_meta(kInstanceMetaTask, kWindowMeta, text);
  if (s.is_not_found()) return Status::ok();
  if (!s.is_ok()) return s;
  WindowPlan plan;
  if (Status d = decode_window_plan(text, plan); !d.is_ok()) return d;
  if (plan.tasks.size() != queues_.size())
    return Status::corruption("the stored window plan has " + std::to_string(plan.tasks.size()) +
                              " tasks, the state " + std::to_string(queues_.size()));
  bool unfinished = false;
  for (std::size_t task = 0; task < queues_.size(); ++task) {
    for (std::size_t i = 0; i < kInputPartitions; ++i) {
      // Positions are stored with each batch: a task is past the plan's end or short of it.
      if (plan.tasks[task].input_end[i] > next_offsets_[task][i]) unfinished = true;
    }
    const TaskQueue& queue = queues_[task];
    for (std::size_t f = 0; f < queue.buffered(InputSource::kForwarded); ++f) {
      if (plan.contains(static_cast<TaskId>(task), queue.at(InputSource::kForwarded, f))) {
        unfinished = true;
      }
    }
  }
  if (unfinished) {
    spdlog::info("finishing the window of input the previous run was applying when it stopped");
    unfinished_ = std::move(plan);
  }
  return Status::ok();
}

Status KafkaPipeline::check_partition_count() {
  std::int32_t partitions = 0;
  // The broker may still be starting, the topics not created yet: retry until it answers or
  // stop() is called. One log line per new reason, then one every 30 s.
  std::string reported;
  SteadyTime reported_at;
  for (;;) {
    const Status s = source_->partition_count(partitions, milliseconds(5000));
    if (s.is_ok()) break;
    if (s.code() == Status::Code::kInvalidArgument) return s;
    if (stop_.load()) {
      stopped_while_starting_ = true;
      return s;
    }
    if (health_ != nullptr) health_->beat();  // waiting, not stuck (and not ready)
    source_->serve_events();                  // crmstream_kafka_errors_total counts them
    // An erasure asked for meanwhile (POST /v1/admin/forget) is served from the state alone.
    if (requests_ != nullptr) requests_->run_pending();
    const SteadyTime now = steady_clock::now();
    if (s.message() != reported || now - reported_at >= std::chrono::seconds(30)) {
      spdlog::warn("{}; retrying", s.message());
      reported = s.message();
      reported_at = now;
    }
    std::this_thread::sleep_for(milliseconds(500));
  }
  // The tasks are the partitions: their count must not change under the state.
  std::string stored;
  const Status s = store_.get_meta(kInstanceMetaTask, kPartitionsMeta, stored);
  if (s.is_ok() && stored != std::to_string(partitions)) {
    return Status::invalid_argument(
        "the state in " + config_.state.dir + " was built with " + stored +
        " partitions per input topic and the topics now have " + std::to_string(partitions) +
        "; the tasks would no longer own their customers (rebuild the state with replay)");
  }
  if (!s.is_ok()) {
    if (!s.is_not_found()) return s;
    Batch batch(store_);
    batch.put_meta(kInstanceMetaTask, kPartitionsMeta, std::to_string(partitions));
    if (Status w = store_.write(batch); !w.is_ok()) return w;
  }
  partitioner_ = std::make_unique<TaskPartitioner>(config_.kafka.partitioner, partitions);
  return Status::ok();
}

Status KafkaPipeline::load_forwards() {
  const SteadyTime now = steady_clock::now();
  for (std::size_t task = 0; task < queues_.size(); ++task) {
    RangeIterator it = store_.scan_forwards(static_cast<TaskId>(task));
    for (; it.valid(); it.next()) {
      ForwardKeyParts parts;
      if (Status s = decode_forward_key(it.key(), parts); !s.is_ok()) return s;
      ForwardedRecord record;
      if (Status s = decode_forwarded_record(it.value(), record); !s.is_ok()) return s;
      record.owner = parts.owner;
      record.source = parts.source;
      record.sequence = parts.sequence;
      enqueue_forward(record, now);
    }
    if (Status s = it.status(); !s.is_ok()) return s;
  }
  return Status::ok();
}

Status KafkaPipeline::load_routed_marks() {
  for (std::size_t task = 0; task < queues_.size(); ++task) {
    RangeIterator it = store_.scan(Family::kMeta, routed_marks_range(static_cast<TaskId>(task)));
    for (; it.valid(); it.next()) {
      RoutedMessage message;
      if (Status s = decode_routed_mark(it.value(), message); !s.is_ok()) return s;
      routed_marks_[message] = static_cast<TaskId>(task);
    }
    if (Status s = it.status(); !s.is_ok()) return s;
  }
  return Status::ok();
}

Status KafkaPipeline::drain_outbox_first() {
  if (Status s = send_outboxes(static_cast<std::size_t>(-1)); !s.is_ok()) return s;
  if (sink_->in_flight() > 0) {
    spdlog::info("delivering {} output events left in the outbox before reading input",
                 sink_->in_flight());
  }
  while (sink_->in_flight() > 0 && !stop_.load()) {
    if (health_ != nullptr) health_->beat();
    if (requests_ != nullptr) requests_->run_pending();
    if (Status s = sink_->poll(store_, milliseconds(100)); !s.is_ok()) return s;
  }
  return Status::ok();
}

void KafkaPipeline::enqueue(std::unique_ptr<RdKafka::Message> message, SteadyTime received) {
  const std::int32_t partition = message->partition();
  if (partition < 0 || static_cast<std::size_t>(partition) >= queues_.size()) return;
  std::string topic = message->topic_name();
  const bool clickstream = topic == config_.kafka.topics.clickstream;
  const InputSource source = clickstream ? InputSource::kClickstream : InputSource::kOrders;
  TaskQueue& queue = queues_[static_cast<std::size_t>(partition)];
  if (message->err() == RdKafka::ERR__PARTITION_EOF) {
    queue.set_at_end(source, true);
    return;
  }
  std::int64_t& next =
      next_buffered_[static_cast<std::size_t>(partition)][static_cast<std::size_t>(source)];
  if (message->offset() < next) return;  // buffered or applied already
  next = message->offset() + 1;
  const auto home = static_cast<TaskId>(partition);
  if (!routed_marks_.empty() &&
      routed_marks_.contains({home, static_cast<std::size_t>(source), message->offset()})) {
    return;  // an earlier task applied it in the window a crash interrupted
  }
  ++progress_.consumed;
  QueuedRecord record;
  record.source = source;
  record.offset = message->offset();
  record.received = received;
  record.topic = std::move(topic);
  record.home = home;
  record.owner = home;
  arena_.reset();
  Event event;
  const std::string_view bytes(static_cast<const char*>(message->payload()), message->len());
  const std::optional<TimeMs> skew_now =
      options_.check_future_skew ? std::optional<TimeMs>(wall_.now()) : std::nullopt;
  const DecodeOutcome outcome = decoder_.decode(bytes, arena_, skew_now, event);
  if (outcome) {
    record.ts = event.ts;
    record.owner = static_cast<TaskId>(
        partitioner_->task_of(event.customer_id.empty() ? event.anonymous_id : event.customer_id));
    record.links = links_visitor(event);
    if (event.customer_id.empty() || record.links) record.anonymous_id.assign(event.anonymous_id);
    if (metrics_ != nullptr) metrics_->add_consumed(record.topic, to_string(event.type));
  } else if (metrics_ != nullptr) {
    metrics_->add_consumed(record.topic, "invalid");
    metrics_->add_rejected(to_string(outcome.reason()));
  }
  record.message = std::move(message);
  queue.push(std::move(record));
}

QueuedRecord KafkaPipeline::forward_record(const ForwardedRecord& forwarded, SteadyTime received) {
  QueuedRecord record;
  record.source = InputSource::kForwarded;
  record.offset = static_cast<std::int64_t>(forwarded.sequence);
  record.received = received;
  record.home = forwarded.owner;
  record.owner = forwarded.owner;
  record.forwarded = std::make_unique<ForwardedRecord>(forwarded);
  auto& below = forwards_below_[forwarded.source];
  below = std::max(below, static_cast<std::int64_t>(forwarded.sequence) + 1);
  arena_.reset();
  Event event;
  if (decoder_.decode(forwarded.bytes, arena_, std::nullopt, event)) record.ts = event.ts;
  return record;
}

void KafkaPipeline::enqueue_forward(const ForwardedRecord& forwarded, SteadyTime received) {
  queues_[forwarded.owner].push(forward_record(forwarded, received));
}

Status KafkaPipeline::process_task(TaskId task, std::span<const QueuedRecord> records,
                                   std::vector<std::vector<QueuedRecord>>& window) {
  TaskEngine& engine = *engines_[task];
  std::vector<InputRecord> inputs;
  inputs.reserve(records.size());
  SteadyTime oldest = records.front().received;
  std::array<std::int64_t, 2> last{-1, -1};
  std::vector<InputPosition> positions;
  std::vector<RoutedMessage> routed;
  for (const QueuedRecord& record : records) {
    inputs.push_back(record.input());
    oldest = std::min(oldest, record.received);
    if (record.source == InputSource::kForwarded) continue;
    const auto input = static_cast<std::size_t>(record.source);
    if (record.rerouted()) {
      const RoutedMessage& message = routed.emplace_back(record.home, input, record.offset);
      positions.emplace_back(routed_mark_name(message), encode_routed_mark(message));
    } else {
      last[input] = std::max(last[input], record.offset);
    }
  }
  const auto topics = input_topics();
  for (std::size_t i = 0; i < 2; ++i) {
    if (last[i] >= 0) positions.emplace_back(offset_meta(*topics[i]), std::to_string(last[i] + 1));
  }
  const Status status = engine.process(inputs, positions);
  if (metrics_ != nullptr) {
    if (const auto write = engine.last_write_seconds()) metrics_->observe_commit_duration(*write);
    metrics_->observe_batch_events(records.size());
  }
  if (!status.is_ok()) {
    if (metrics_ != nullptr) metrics_->add_commit_failure(CommitFailure::kState);
    return status;
  }
  if (++batches_ == options_.die_after_batches) {
    return Status::io_error("died on purpose after " + std::to_string(batches_) +
                            " engine batches");
  }
  for (std::size_t i = 0; i < 2; ++i) {
    if (last[i] >= 0) next_offsets_[task][i] = last[i] + 1;
  }
  for (const RoutedMessage& message : routed) routed_marks_[message] = task;
  for (const auto& [owner, due] : engine.timers_stored_elsewhere()) {
    engines_[owner]->note_timer_stored(due);
  }
  batch_outputs_[task].emplace_back(engine.next_outbox_sequence(), oldest);
  for (const ForwardedRecord& forwarded : engine.forwarded()) {
    // A later task has not applied its part yet: the forward joins it at its place.
    if (forwarded.owner > task) {
      insert_arrival(window[forwarded.owner], forward_record(forwarded, oldest));
    } else {
      enqueue_forward(forwarded, oldest);
    }
  }

  const TaskStats& stats = engine.stats();
  TaskStats& reported = reported_[task];
  progress_.applied += stats.events_applied - reported.events_applied;
  progress_.forwarded += stats.forwarded - reported.forwarded;
  progress_.duplicates += stats.duplicates - reported.duplicates;
  progress_.rejected += stats.rejected - reported.rejected;
  if (metrics_ != nullptr) {
    metrics_->add_duplicates(static_cast<std::uint64_t>(stats.duplicates - reported.duplicates));
    metrics_->add_hops(Hop::kForward, stats.forwarded - reported.forwarded);
    metrics_->add_timers_fired(
        static_cast<std::uint64_t>(stats.timers_fired - reported.timers_fired));
    metrics_->set_stream_time(task, engine.clock());
  }
  reported = stats;
  return Status::ok();
}

Status KafkaPipeline::apply_window(std::vector<std::vector<QueuedRecord>>& records,
                                   const WindowPlan& plan) {
  for (std::size_t task = 0; task < records.size(); ++task) {
    const std::span<const QueuedRecord> part(records[task]);
    for (std::size_t at = 0; at < part.size(); at += options_.max_batch) {
      const Status s =
          process_task(static_cast<TaskId>(task),
                       part.subspan(at, std::min(options_.max_batch, part.size() - at)), records);
      if (!s.is_ok()) return s;
    }
  }
  return settle_window(plan);
}

Status KafkaPipeline::settle_window(const WindowPlan& plan) {
  // A position falls short of the window only past a rerouted message, which left a mark.
  if (routed_marks_.empty()) return Status::ok();
  Batch settle(store_);
  const auto topics = input_topics();
  for (std::size_t task = 0; task < queues_.size(); ++task) {
    for (std::size_t i = 0; i < kInputPartitions; ++i) {
      // The partition's last records in the window were applied by earlier tasks (rerouted).
      const std::int64_t end = plan.tasks[task].input_end[i];
      if (end <= next_offsets_[task][i]) continue;
      settle.put_meta(static_cast<TaskId>(task), offset_meta(*topics[i]), std::to_string(end));
      next_offsets_[task][i] = end;
    }
  }
  for (const auto& [message, owner] : routed_marks_) {
    settle.erase_meta(owner, routed_mark_name(message));
  }
  if (Status s = store_.write(settle); !s.is_ok()) return s;
  routed_marks_.clear();
  return Status::ok();
}

Status KafkaPipeline::finish_unfinished_window(bool& progressed) {
  const WindowPlan& plan = *unfinished_;
  // Ready once every input partition delivered the plan's records (or ended short of them).
  for (std::size_t task = 0; task < queues_.size(); ++task) {
    const TaskQueue& queue = queues_[task];
    for (std::size_t i = 0; i < kInputPartitions; ++i) {
      // next_buffered_, not the last record buffered: a message with a mark is not buffered.
      const std::int64_t end = plan.tasks[task].input_end[i];
      if (end <= next_offsets_[task][i] || queue.at_end(static_cast<InputSource>(i))) continue;
      if (next_buffered_[task][i] < end) return Status::ok();
    }
  }
  // The plan's records, in queues of their own that are complete.
  std::deque<TaskQueue> part(queues_.size());
  for (std::size_t task = 0; task < queues_.size(); ++task) {
    for (std::size_t s = 0; s < kInputSources; ++s) {
      const auto source = static_cast<InputSource>(s);
      TaskQueue& queue = queues_[task];
      for (std::size_t at = 0; at < queue.buffered(source);) {
        if (plan.contains(static_cast<TaskId>(task), queue.at(source, at))) {
          part[task].push(queue.pop_at(source, at));
        } else {
          ++at;
        }
      }
      part[task].set_at_end(source, true);
    }
  }
  const WindowPlan finished = std::move(*unfinished_);
  unfinished_.reset();
  Window window;
  const WindowLimits everything{static_cast<std::size_t>(-1), std::numeric_limits<TimeMs>::max()};
  if (choose_window(part, everything, false, window) != WindowChoice::kReady) {
    return settle_window(finished);  // every record had been applied: what is left to write
  }
  progressed = true;
  auto records = take_window(part, window);
  set_link_owners(finished.link_moves, records);
  route_window(records);
  return apply_window(records, finished);
}

Status KafkaPipeline::apply_next_window(SteadyTime now, bool& progressed) {
  if (unfinished_) return finish_unfinished_window(progressed);
  const bool paused = events_.all_brokers_down() || sink_->in_flight() >= options_.max_in_flight;
  Window window;
  if (window_chooser_.choose(queues_, window_limits(), now,
                             milliseconds(config_.time.max_task_idle), paused,
                             window) != WindowChoice::kReady) {
    return Status::ok();
  }
  progressed = true;
  if (window.enforced && metrics_ != nullptr) metrics_->add_enforced_window();
  WindowPlan plan = plan_window(queues_, window, forwards_below_);
  auto records = take_window(queues_, window);
  const auto rerouted = static_cast<std::int64_t>(route_window(records));
  if (Status s = move_linked_messages(store_, *partitioner_, records, plan.link_moves);
      !s.is_ok()) {
    return s;
  }
  const auto linked = static_cast<std::int64_t>(plan.link_moves.size());
  progress_.forwarded += rerouted + linked;
  if (metrics_ != nullptr) {
    metrics_->add_hops(Hop::kPartition, rerouted);
    metrics_->add_hops(Hop::kLink, linked);
  }
  Batch plan_write(store_);
  plan_write.put_meta(kInstanceMetaTask, kWindowMeta, encode_window_plan(plan));
  if (Status s = store_.write(plan_write); !s.is_ok()) return s;
  return apply_window(records, plan);
}

void KafkaPipeline::drop_lost_partitions() {
  const auto lost = source_->take_revoked();
  if (lost.empty()) return;
  spdlog::warn("lost {} input partitions (session expired); they are read again when they are back",
               lost.size());
  for (const auto& [topic, partition] : lost) {
    if (partition < 0 || static_cast<std::size_t>(partition) >= queues_.size()) continue;
    const InputSource source = topic == config_.kafka.topics.clickstream ? InputSource::kClickstream
                                                                         : InputSource::kOrders;
    const auto task = static_cast<std::size_t>(partition);
    const auto input = static_cast<std::size_t>(source);
    queues_[task].drop(source);
    next_buffered_[task][input] = next_offsets_[task][input];
  }
}

void KafkaPipeline::mark_caught_up_partitions() {
  const auto topics = input_topics();
  for (std::size_t task = 0; task < queues_.size(); ++task) {
    TaskQueue& queue = queues_[task];
    for (std::size_t i = 0; i < kInputPartitions; ++i) {
      const auto source = static_cast<InputSource>(i);
      const std::int64_t next = next_buffered_[task][i];
      if (next < 0 || queue.at_end(source)) continue;
      const auto end = source_->cached_end(*topics[i], static_cast<std::int32_t>(task));
      if (end && next >= *end) queue.set_at_end(source, true);
    }
  }
}

Status KafkaPipeline::pause_full_partitions() {
  const bool outputs_full = sink_->in_flight() >= options_.max_in_flight;
  for (std::size_t task = 0; task < queues_.size(); ++task) {
    for (std::size_t i = 0; i < kInputPartitions; ++i) {
      paused_[task][i] =
          outputs_full || queues_[task].buffered(static_cast<InputSource>(i)) >= window_records();
    }
  }
  return source_->pause(paused_);
}

Status KafkaPipeline::send_outboxes(std::size_t max_in_flight) {
  for (TaskId task = 0; task < engines_.size(); ++task) {
    if (Status s = sink_->send(store_, task, engines_[task]->next_outbox_sequence(), max_in_flight);
        !s.is_ok()) {
      return s;
    }
  }
  return Status::ok();
}

Status KafkaPipeline::send_outputs() {
  if (Status s = send_outboxes(options_.max_in_flight); !s.is_ok()) return s;
  const Status s = sink_->poll(store_, milliseconds(0));
  if (!s.is_ok() && metrics_ != nullptr) {
    if (sink_->failed_topic().empty()) {
      metrics_->add_commit_failure(CommitFailure::kState);
    } else {
      metrics_->add_delivery_failures(sink_->failed_topic());
    }
  }
  return s;
}

void KafkaPipeline::on_delivered(const DeliveredOutput& output) {
  ++progress_.delivered;
  if (metrics_ == nullptr) return;
  metrics_->add_outputs(sink_->topic_name(output.topic), output.dimension);
  // The batch that made the entry: the first whose end is past its sequence.
  auto& batches = batch_outputs_[output.task];
  while (!batches.empty() && batches.front().first <= output.sequence) batches.pop_front();
  if (!batches.empty()) {
    metrics_->observe_end_to_end_latency(
        seconds_since(batches.front().second, steady_clock::now()));
  }
}

std::vector<CommittedOffset> KafkaPipeline::committed_offsets() const {
  std::vector<CommittedOffset> offsets;
  const auto topics = input_topics();
  for (std::size_t task = 0; task < next_offsets_.size(); ++task) {
    for (std::size_t i = 0; i < 2; ++i) {
      if (next_offsets_[task][i] < 0) continue;
      offsets.push_back({*topics[i], static_cast<std::int32_t>(task), next_offsets_[task][i]});
    }
  }
  return offsets;
}

Status KafkaPipeline::every_second() {
  // Only a member of the group may commit: not while (re)joining.
  const Status committed =
      source_->assigned() > 0 ? source_->commit(committed_offsets()) : Status::ok();
  if (!committed.is_ok()) {
    if (metrics_ != nullptr) metrics_->add_commit_failure(CommitFailure::kOffsets);
    spdlog::warn("{}", committed.message());
  }
  if (config_.time.clock == ClockKind::kWall) {
    for (std::size_t task = 0; task < engines_.size(); ++task) {
      if (queues_[task].buffered() > 0) continue;  // its next batch moves the clock anyway
      if (Status s = engines_[task]->advance_clock(wall_.now()); !s.is_ok()) return s;
    }
  }
  progress_.buffered = 0;
  for (const TaskQueue& queue : queues_) progress_.buffered += queue.buffered();
  progress_.in_flight = sink_->in_flight();
  if (metrics_ != nullptr) {
    metrics_->set_outbox_pending(static_cast<std::int64_t>(sink_->in_flight()));
    StoreMetrics store_metrics;
    if (store_.metrics(store_metrics).is_ok()) {
      metrics_->set_store_metrics(store_metrics);
      metrics_->set_timers_pending(static_cast<std::int64_t>(store_metrics.timers_estimate));
    }
  }
  if (progress_hook_) progress_hook_(progress_);
  return Status::ok();
}

Status KafkaPipeline::forget(std::string_view customer_id, ErasureReport& report) {
  const Status s = forget_customer(
      store_, config_, wall_, customer_id, report,
      [this](TaskId task) { return task < engines_.size() ? engines_[task].get() : nullptr; });
  if (s.is_ok() && metrics_ != nullptr) metrics_->add_erasures(1);
  return s;
}

Status KafkaPipeline::run() {
  if (Status s = start(); !s.is_ok()) {
    // SIGTERM while it waited for the brokers or the topics: a clean stop, nothing had begun.
    return shut_down(stopped_while_starting_ ? Status::ok() : s);
  }
  if (Status s = drain_outbox_first(); !s.is_ok()) return shut_down(s);
  if (Status s = source_->subscribe(); !s.is_ok()) return shut_down(s);
  spdlog::info("consuming {} and {} ({} partitions each) as group {}",
               config_.kafka.topics.clickstream, config_.kafka.topics.orders,
               partitioner_->partitions(), config_.kafka.group_id);
  std::vector<std::unique_ptr<RdKafka::Message>> messages;
  std::size_t assigned = 0;
  last_second_ = steady_clock::now();
  bool progressed = false;
  while (!stop_.load()) {
    if (health_ != nullptr) health_->beat();
    if (requests_ != nullptr) requests_->run_pending();
    if (!source_->assignment_error().empty()) {
      return shut_down(Status::invalid_argument(source_->assignment_error()));
    }
    if (source_->assigned() != assigned) {
      assigned = source_->assigned();
      spdlog::info("assigned {} input partitions", assigned);
      if (metrics_ != nullptr) metrics_->add_rebalance();
      if (health_ != nullptr) health_->set_ready(assigned > 0);
      if (metrics_ != nullptr) metrics_->set_ready(assigned > 0);
    }
    if (Status s = pause_full_partitions(); !s.is_ok()) return shut_down(s);

    messages.clear();
    const milliseconds wait(progressed ? 0 : 20);
    if (Status s = source_->poll(messages, options_.poll_batch, wait); !s.is_ok()) {
      return shut_down(s);
    }
    const SteadyTime now = steady_clock::now();
    if (!messages.empty()) events_.clear_all_brokers_down();
    for (auto& message : messages) enqueue(std::move(message), now);
    drop_lost_partitions();
    mark_caught_up_partitions();
    progressed = false;
    if (Status s = apply_next_window(now, progressed); !s.is_ok()) return shut_down(s);
    if (Status s = send_outputs(); !s.is_ok()) return shut_down(s);
    if (now - last_second_ >= std::chrono::seconds(1)) {
      last_second_ = now;
      if (Status s = every_second(); !s.is_ok()) return shut_down(s);
    }
  }
  return shut_down(Status::ok());
}

Status KafkaPipeline::shut_down(Status cause) {
  if (health_ != nullptr) health_->set_ready(false);
  if (requests_ != nullptr) requests_->close();
  Status status = cause;
  if (sink_) {
    // Outputs committed to state are delivered now or by the next run: never lost.
    const Status drained = sink_->drain(store_, static_cast<TaskId>(engines_.size()),
                                        steady_clock::now() + options_.stop_timeout);
    if (!drained.is_ok()) spdlog::warn("{}", drained.message());
  }
  // Records still buffered were not applied: the next start reads them again from the stored
  // positions. Their messages must go before the consumer: librdkafka's destroy waits for every
  // message it handed out, so a stop with records buffered would otherwise hang for ever.
  queues_.clear();
  if (source_) {
    const Status closed =
        source_->close(committed_offsets(), steady_clock::now() + options_.close_timeout);
    if (!closed.is_ok()) spdlog::warn("{}", closed.message());
  }
  if (status.is_ok()) {
    spdlog::info("stopped: {} events applied, {} output events delivered", progress_.applied,
                 progress_.delivered);
  }
  return status;
}

}  // namespace crm
