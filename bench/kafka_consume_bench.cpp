// Consuming from Kafka: crmstream run against a bare librdkafka consumer, on the same topics.
//
// 1. Throughput. The synthetic shop is published once (kafka/shop_publisher.h) to an in-process
//    mock cluster (kept under the mock's 5 MiB per partition). Each round runs, interleaved:
//    - raw consume: a bare librdkafka KafkaConsumer (assign, no group join, no processing)
//      reading every message of the input topics from their beginning until lag 0;
//    - crmstream end-to-end: KafkaPipeline (service/kafka_pipeline.h, what `crmstream run`
//      runs) in-process on a fresh state directory and consumer group, from run() until every
//      input is applied (the state's input positions are the partitions' ends) and every
//      output delivered (the output topics' ends stop moving and the loop reports nothing
//      buffered or unacknowledged; the end is the later of the last position and last output
//      change seen by a 5 ms poll). It includes opening the state and joining the group
//      (about 3 s on the mock: the broker's initial rebalance delay), so a second rate is
//      printed from the first poll that saw a committed batch, once the group was joined. And
//      the CPU time of the pipeline's thread per event (on a shared VM, it swings too);
//    - two bounds, over the same payloads read once from the topics (bench/work_bounds.h):
//      the model's decode + fold in memory, and one RocksDB put per event of its customer's
//      encoded profile into a fresh state store; and from both and the pipeline's outputs per
//      event, decode + fold then one put per output. The pipeline decodes and folds every event
//      and stores every output in its outbox before delivering it (operations.md
//      "Guarantees"), so it cannot beat that last ratio to raw consume.
// 2. Latency at half load, on a second, empty mock cluster: a pipeline is started and left
//    idle, then a fresh shop is published paced at half the median end-to-end rate of (1).
//    Latency = when a consumer of the output topics (fetch.wait.max.ms=5) receives an output
//    event caused by an input event (`"cause":{"kind":"event","event_id":X}`) minus the input
//    message's CreateTime (set by the producer when the shop publisher handed it over). So it
//    spans producer batching, broker, crmstream, its producer and the output consumer's fetch;
//    time-caused outputs (timers) are left out. Wall clock (system_clock, ms), one process.
//    The latency is also split at the output's emitted_at (its engine batch's start) and its
//    CreateTime (crmstream's produce() call), and by the second of publishing the input was
//    created in (the mock broker slows down as its partitions fill).
//
// For a diagnosis: CRM_BENCH_MAX_TASK_IDLE_MS=N sets time.max_task_idle (default 1 s),
// CRM_BENCH_MAX_WINDOW_SPAN_MS=N the run loop's window span (PipelineOptions, default 1 h),
// CRM_BENCH_KAFKA_PROPERTIES=name=value,... the pipeline's kafka.properties (its consumer and
// producer both get them: e.g. fetch.wait.max.ms=500 for librdkafka's default);
// CRM_BENCH_LATENCY_CSV=FILE writes the stamps of every event-caused output of (2), and
// CRM_BENCH_INPUT_WATCHER=1 adds a consumer of the inputs that tells when each was on the broker.
//
// A plain program: the clusters live across rounds. Usage:
//   kafka_consume_bench [events = 200000] [partitions = 16] [rounds = 3] [latency_seconds = 10]
#include <librdkafka/rdkafkacpp.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/work_bounds.h"
#include "config/config.h"
#include "generator/shop_generator.h"
#include "ingest/timestamp.h"
#include "kafka/mock_cluster.h"
#include "kafka/shop_publisher.h"
#include "kafka/topic_reader.h"
#include "service/kafka_pipeline.h"
#include "state/profile_codec.h"
#include "state/store.h"

namespace crm {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::vector<std::string> output_topics(const KafkaTopics& t) {
  return {t.segment_changes, t.churn_risk, t.triggers, t.dead_letter};
}

Status make_cluster(std::int32_t partitions, std::unique_ptr<MockCluster>& cluster) {
  if (Status s = MockCluster::start(1, cluster); !s.is_ok()) return s;
  const KafkaTopics topics;
  for (const std::string& topic : {topics.clickstream, topics.orders}) {
    if (Status s = cluster->create_topic(topic, partitions); !s.is_ok()) return s;
  }
  for (const std::string& topic : output_topics(topics)) {
    if (Status s = cluster->create_topic(topic, 1); !s.is_ok()) return s;
  }
  return cluster->create_topic("crm.repartition", partitions);
}

// ---------------------------------------------------------------------------------- raw

// Reads every message of the input topics from their beginning with a bare consumer (assign,
// no group), handing each to `on_message`; an error when fewer than `events` came in 5 minutes.
Status read_inputs(const std::string& bootstrap, std::int64_t events,
                   const std::function<void(const RdKafka::Message&)>& on_message) {
  const KafkaTopics topics;
  std::unique_ptr<TopicReader> reader;
  if (Status s = TopicReader::open(bootstrap, {topics.clickstream, topics.orders}, reader);
      !s.is_ok()) {
    return s;
  }
  if (Status s = reader->read(events, std::chrono::minutes(5), on_message); !s.is_ok()) return s;
  if (reader->messages_read() < events) {
    return Status::io_error("read " + std::to_string(reader->messages_read()) + " of " +
                            std::to_string(events) + " messages in 5 minutes");
  }
  return Status::ok();
}

Status raw_consume(const std::string& bootstrap, std::int64_t events) {
  std::uint64_t bytes = 0;  // touch every payload, as any consumer would
  const Status s = read_inputs(bootstrap, events, [&bytes](const RdKafka::Message& m) {
    bytes += m.len() + (m.len() > 0 ? static_cast<const unsigned char*>(m.payload())[0] : 0);
  });
  if (!s.is_ok()) return s;
  return bytes > 0 ? Status::ok() : Status::io_error("empty payloads");
}

// ---------------------------------------------------------------------------- helpers

// A handle for watermark queries.
std::unique_ptr<RdKafka::Producer> watermark_handle(const std::string& bootstrap) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", bootstrap, error);
  return std::unique_ptr<RdKafka::Producer>(RdKafka::Producer::create(conf.get(), error));
}

std::int64_t end_of(RdKafka::Handle& handle, const std::string& topic, std::int32_t partitions) {
  std::int64_t total = 0;
  for (std::int32_t p = 0; p < partitions; ++p) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (handle.query_watermark_offsets(topic, p, &low, &high, 5000) == RdKafka::ERR_NO_ERROR) {
      total += high;
    }
  }
  return total;
}

std::int64_t outputs_end(RdKafka::Handle& handle) {
  std::int64_t total = 0;
  for (const std::string& topic : output_topics(KafkaTopics{})) total += end_of(handle, topic, 1);
  return total;
}

// The sum of the input positions the state holds (task = partition).
std::int64_t stored_positions(const StateStore& store, std::int32_t partitions) {
  const KafkaTopics topics;
  std::int64_t sum = 0;
  for (const std::string& topic : {topics.clickstream, topics.orders}) {
    for (std::int32_t p = 0; p < partitions; ++p) {
      std::string value;
      if (store.get_meta(static_cast<TaskId>(p), "offset/" + topic, value).is_ok()) {
        sum += std::stoll(value);
      }
    }
  }
  return sum;
}

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "crm-kbench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

// "name=value,name=value" into kafka.properties.
void add_properties(std::string_view list, std::map<std::string, std::string>& out) {
  while (!list.empty()) {
    const std::string_view item = list.substr(0, list.find(','));
    list.remove_prefix(std::min(list.size(), item.size() + 1));
    const std::size_t equals = item.find('=');
    if (equals != std::string_view::npos) {
      out[std::string(item.substr(0, equals))] = std::string(item.substr(equals + 1));
    }
  }
}

// ------------------------------------------------------------------------------ bounds

// What the pipeline does at least for these events, each part alone (bench/work_bounds.h):
// the model's decode + fold in memory, and one durable RocksDB put per event of its customer's
// profile (the encoded profile the fold left, 2,048 puts per write: kinder to RocksDB than
// the pipeline's batches).
class WorkBounds {
 public:
  Status prepare(const std::string& bootstrap, std::int64_t events) {
    payloads_.reserve(static_cast<std::size_t>(events));
    const Status read = read_inputs(bootstrap, events, [this](const RdKafka::Message& m) {
      payloads_.emplace_back(static_cast<const char*>(m.payload()), m.len());
    });
    if (!read.is_ok()) return read;
    views_.assign(payloads_.begin(), payloads_.end());
    std::unordered_map<std::string, Profile> profiles;
    fold_in_memory(views_, profiles, &keys_);
    for (const auto& [key, profile] : profiles) encode_profile(profile, values_[key]);
    return keys_.empty() ? Status::io_error("no valid event to bound") : Status::ok();
  }
  // The mean size of the values put, one per event.
  double value_bytes() const {
    double total = 0;
    for (const std::string& key : keys_) total += static_cast<double>(values_.at(key).size());
    return keys_.empty() ? 0 : total / static_cast<double>(keys_.size());
  }
  // Events per second of each part.
  double fold_rate() const {
    std::unordered_map<std::string, Profile> profiles;
    const auto started = Clock::now();
    const std::int64_t decoded = fold_in_memory(views_, profiles);
    return static_cast<double>(decoded) /
           std::chrono::duration<double>(Clock::now() - started).count();
  }
  Status put_rate(double& rate) const {
    const std::string dir = make_temp_dir();
    if (dir.empty()) return Status::io_error("mkdtemp");
    double seconds = 0;
    const Status s = put_one_per_key(dir + "/raw", 256ull << 20, keys_, values_, 2048, seconds);
    std::error_code error;
    std::filesystem::remove_all(dir, error);
    rate = static_cast<double>(keys_.size()) / seconds;
    return s;
  }

 private:
  std::vector<std::string> payloads_;
  std::vector<std::string_view> views_;
  std::vector<std::string> keys_;  // the customer of each valid event, in order
  std::unordered_map<std::string, std::string> values_;  // customer -> encoded profile
};

// A KafkaPipeline on its own thread, with its state in a fresh directory.
class PipelineRun {
 public:
  static Status start(const std::string& bootstrap, const std::string& group,
                      std::unique_ptr<PipelineRun>& out) {
    static const char* idle = std::getenv("CRM_BENCH_MAX_TASK_IDLE_MS");
    static const char* properties = std::getenv("CRM_BENCH_KAFKA_PROPERTIES");
    static const char* span = std::getenv("CRM_BENCH_MAX_WINDOW_SPAN_MS");
    std::unique_ptr<PipelineRun> run(new PipelineRun());
    run->dir_ = make_temp_dir();
    if (run->dir_.empty()) return Status::io_error("mkdtemp");
    run->config_.kafka.brokers = bootstrap;
    run->config_.kafka.group_id = group;
    run->config_.state.dir = run->dir_ + "/state";
    run->config_.state.memory_budget = 256ull << 20;
    if (idle != nullptr) run->config_.time.max_task_idle = std::atoll(idle);
    if (properties != nullptr) add_properties(properties, run->config_.kafka.properties);
    StoreOptions options;
    options.dir = run->config_.state.dir;
    options.memory_budget = run->config_.state.memory_budget;
    if (Status s = StateStore::open(options, run->store_); !s.is_ok()) return s;
    PipelineOptions pipeline_options;
    if (span != nullptr) pipeline_options.max_window_span = milliseconds(std::atoll(span));
    run->pipeline_ = std::make_unique<KafkaPipeline>(run->config_, *run->store_, nullptr, nullptr,
                                                     nullptr, pipeline_options);
    PipelineRun* self = run.get();
    run->pipeline_->on_progress([self](const PipelineProgress& progress) {
      std::lock_guard lock(self->mutex_);
      self->last_ = progress;
      ++self->reports_;
    });
    run->thread_ = std::thread([self] {
      ::pthread_setname_np(::pthread_self(), "pipeline");  // for perf --comm
      const Status s = self->pipeline_->run();
      std::lock_guard lock(self->mutex_);
      self->status_ = s;
      self->done_ = true;
    });
    out = std::move(run);
    return Status::ok();
  }
  ~PipelineRun() {
    (void)stop();
    pipeline_.reset();
    if (store_) (void)store_->close();
    store_.reset();
    std::error_code error;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, error);
  }

  const StateStore& store() const { return *store_; }
  // (progress reports so far, the last one, whether run() returned)
  std::int64_t reports(PipelineProgress& last, bool& done) {
    std::lock_guard lock(mutex_);
    last = last_;
    done = done_;
    return reports_;
  }
  Status stop() {
    if (!thread_.joinable()) return Status::ok();
    pipeline_->stop();
    thread_.join();
    std::lock_guard lock(mutex_);
    return status_;
  }

 private:
  PipelineRun() = default;
  std::string dir_;
  Config config_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<KafkaPipeline> pipeline_;
  std::thread thread_;
  std::mutex mutex_;
  PipelineProgress last_;
  std::int64_t reports_ = 0;
  bool done_ = false;
  Status status_;
};

// CPU seconds used so far by the live threads named "pipeline": the run loop, and any thread it
// starts (they inherit its name): the cost per event seen apart from waits on other threads.
double pipeline_cpu_seconds() {
  double ticks = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (!std::getline(comm, name) || name != "pipeline") continue;
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // After "(comm) ", utime and stime are the 12th and 13th fields.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    for (int i = 1; i <= 13 && fields >> field; ++i) {
      if (i >= 12) ticks += std::stod(field);
    }
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// What wait_complete() saw of a run.
struct Completion {
  // The first poll that saw input positions in the state: the first batch was committed, so
  // the group was joined and the partitions assigned.
  Clock::time_point first_commit;
  std::int64_t first_positions = 0;  // the positions' sum then: events already applied
  Clock::time_point end;             // the last change seen, positions or outputs
  std::int64_t outputs = 0;          // output messages of the run
};

// Polls (every 5 ms) until the state's positions reach `input_end` and the outputs have moved
// past `outputs_before`, then until a progress report made after that shows nothing buffered
// or unacknowledged. The output topics' ends are polled only once the positions are complete:
// the end is the later of that instant and the last output change, and the watermark queries
// would load the mock broker while the pipeline works.
Status wait_complete(PipelineRun& run, RdKafka::Handle& handle, std::int32_t partitions,
                     std::int64_t input_end, std::int64_t outputs_before, Completion& out,
                     Clock::duration timeout) {
  const auto deadline = Clock::now() + timeout;
  std::int64_t positions = 0;
  std::int64_t outputs = outputs_before;
  out = Completion{};
  out.end = Clock::now();
  std::int64_t reports_at_complete = -1;
  for (;;) {
    const std::int64_t now_positions = stored_positions(run.store(), partitions);
    const std::int64_t now_outputs = now_positions >= input_end ? outputs_end(handle) : outputs;
    if (now_positions != positions || now_outputs != outputs) {
      if (positions == 0) {
        out.first_commit = Clock::now();
        out.first_positions = now_positions;
      }
      positions = now_positions;
      outputs = now_outputs;
      out.end = Clock::now();
    }
    PipelineProgress last;
    bool done = false;
    const std::int64_t reports = run.reports(last, done);
    if (done) return Status::io_error("the pipeline stopped: " + run.stop().to_string());
    if (positions >= input_end && outputs > outputs_before) {
      if (reports_at_complete < 0) reports_at_complete = reports;
      // A report made after completion, with nothing left: nothing else will move.
      if (reports > reports_at_complete + 1 && last.buffered == 0 && last.in_flight == 0) {
        out.outputs = outputs - outputs_before;
        return Status::ok();
      }
    }
    if (Clock::now() > deadline) {
      return Status::io_error("not complete in time: positions " + std::to_string(positions) +
                              " of " + std::to_string(input_end));
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
}

// ---------------------------------------------------------------------------- publishing

Status publish(const std::string& bootstrap, std::int64_t events, std::uint64_t seed, double rate,
               PublisherStats* stats_out = nullptr) {
  GeneratorOptions shop;
  shop.seed = seed;
  shop.customers = 20'000;
  shop.max_events = events;
  KafkaConfig kafka;
  kafka.brokers = bootstrap;
  std::unique_ptr<ShopPublisher> publisher;
  if (Status s = ShopPublisher::create(kafka, PublisherOptions{}, publisher); !s.is_ok()) return s;
  ShopGenerator generator(shop);
  const std::atomic<bool> stop{false};
  const auto started = Clock::now();
  if (Status s = publisher->publish(generator, rate, stop); !s.is_ok()) return s;
  const std::chrono::duration<double> elapsed = Clock::now() - started;
  std::printf("published %lld events in %.2f s (%.0f events/s, queue full %lld times)\n",
              static_cast<long long>(publisher->stats().delivered), elapsed.count(),
              static_cast<double>(publisher->stats().delivered) / elapsed.count(),
              static_cast<long long>(publisher->stats().queue_full));
  if (stats_out != nullptr) *stats_out = publisher->stats();
  return generator.stats().events == events
             ? Status::ok()
             : Status::invalid_argument("the shop ran out of events before " +
                                        std::to_string(events));
}

// a[i] / b[i] for each round.
std::vector<double> ratios_of(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) out.push_back(a[i] / b[i]);
  return out;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double percentile(std::vector<std::int64_t>& values, double p) {
  std::sort(values.begin(), values.end());
  const std::size_t at = std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()));
  return static_cast<double>(values[at]);
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string field_after(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + needle.size();
  return text.substr(begin, text.find('"', begin) - begin);
}

// Reads topics on its own thread as messages arrive (fetch.wait.max.ms=5), handing each to
// `on_message` with the wall time it was received.
class TopicWatcher {
 public:
  using OnMessage = std::function<void(const RdKafka::Message&, std::int64_t received)>;
  static Status start(const std::string& bootstrap, const std::vector<std::string>& topics,
                      OnMessage on_message, std::unique_ptr<TopicWatcher>& out) {
    std::unique_ptr<TopicWatcher> watcher(new TopicWatcher());
    if (Status s =
            TopicReader::open(bootstrap, topics, watcher->reader_, {{"fetch.wait.max.ms", "5"}});
        !s.is_ok()) {
      return s;
    }
    TopicWatcher* self = watcher.get();
    watcher->thread_ = std::thread([self, on_message = std::move(on_message)] {
      while (!self->stop_.load()) {
        (void)self->reader_->read(self->reader_->messages_read() + 1'000'000, milliseconds(200),
                                  [&](const RdKafka::Message& m) { on_message(m, wall_ms()); });
      }
    });
    out = std::move(watcher);
    return Status::ok();
  }
  ~TopicWatcher() { stop(); }
  void stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }

 private:
  TopicWatcher() = default;
  std::unique_ptr<TopicReader> reader_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// An input message: when it was made, when the input watcher saw it (-1 without one).
struct InputSeen {
  std::int64_t created = 0;  // CreateTime: the shop publisher's produce() call
  std::int64_t seen = -1;    // received by the input watcher: it was on the broker then
  std::string topic;
  std::int32_t partition = 0;
};

// An output event caused by an input event, as the output watcher received it.
struct CausedOutput {
  std::string cause;  // the input's event_id
  std::string topic;
  std::int64_t emitted = 0;  // its emitted_at: the wall clock when its engine batch began
  std::int64_t created = 0;  // the output message's CreateTime: crmstream's produce() call
  std::int64_t received = 0;
};

// The latency split at the instants crmstream stamps on an output, to tell where the time
// goes: input created -> engine batch start (shop producer, broker, crmstream's fetch, its task
// queue) -> output produced (engine batch, commit, the sink's send cadence) -> output received
// (crmstream's producer, broker, the output watcher's fetch). With the input watcher, the
// first stage is split where the input was on the broker. A watcher's own fetch adds up to
// its fetch.wait.max.ms (5 ms) to the stage it ends.
class StageLatencies {
 public:
  void add(const InputSeen& input, const CausedOutput& output) {
    if (output.emitted < 0) return;
    values_[kToBatch].push_back(output.emitted - input.created);
    values_[kToProduce].push_back(output.created - output.emitted);
    values_[kToReceive].push_back(output.received - output.created);
    if (input.seen < 0) return;
    values_[kToBroker].push_back(input.seen - input.created);
    values_[kBrokerToBatch].push_back(output.emitted - input.seen);
  }
  void print() {
    static constexpr const char* kNames[kStages] = {
        "input created -> engine batch start", "  input created -> on the broker",
        "  on the broker -> engine batch start", "engine batch start -> output produced",
        "output produced -> output received"};
    for (std::size_t i = 0; i < kStages; ++i) {
      if (values_[i].empty()) continue;
      std::printf("  %-40s p50 %5.0f ms, p99 %5.0f ms, max %5.0f ms\n", kNames[i],
                  percentile(values_[i], 0.50), percentile(values_[i], 0.99),
                  percentile(values_[i], 1.0));
    }
  }

 private:
  enum Stage : std::size_t { kToBatch, kToBroker, kBrokerToBatch, kToProduce, kToReceive };
  static constexpr std::size_t kStages = 5;
  std::vector<std::int64_t> values_[kStages];
};

// One line per event-caused output, all times wall ms: for a look at single outliers.
void write_latency_csv(const char* path, const std::vector<CausedOutput>& caused,
                       const std::unordered_map<std::string, InputSeen>& inputs) {
  std::FILE* file = std::fopen(path, "w");
  if (file == nullptr) return;
  std::fprintf(file,
               "input_topic,input_partition,input_created,input_seen,output_topic,emitted,"
               "created,received\n");
  for (const CausedOutput& output : caused) {
    const auto it = inputs.find(output.cause);
    if (it == inputs.end()) continue;
    const InputSeen& input = it->second;
    std::fprintf(file, "%s,%d,%lld,%lld,%s,%lld,%lld,%lld\n", input.topic.c_str(), input.partition,
                 static_cast<long long>(input.created), static_cast<long long>(input.seen),
                 output.topic.c_str(), static_cast<long long>(output.emitted),
                 static_cast<long long>(output.created), static_cast<long long>(output.received));
  }
  std::fclose(file);
}

// ---------------------------------------------------------------------------- phases

Status throughput(std::int64_t events, std::int32_t partitions, int rounds, double& e2e_rate) {
  std::unique_ptr<MockCluster> cluster;
  if (Status s = make_cluster(partitions, cluster); !s.is_ok()) return s;
  if (Status s = publish(cluster->bootstrap(), events, 42, 0); !s.is_ok()) return s;
  auto handle = watermark_handle(cluster->bootstrap());
  const KafkaTopics topics;
  const std::int64_t input_end =
      end_of(*handle, topics.clickstream, partitions) + end_of(*handle, topics.orders, partitions);
  std::printf("throughput: %lld events, %d partitions per topic, %d rounds (interleaved)\n",
              static_cast<long long>(input_end), partitions, rounds);
  std::vector<double> raw;
  std::vector<double> e2e;
  std::vector<double> ratios;
  std::vector<double> e2e_joined;  // from the first commit on
  std::vector<double> ratios_joined;
  std::vector<double> cpu_per_event;  // microseconds of the pipeline's thread
  WorkBounds bounds;
  if (Status s = bounds.prepare(cluster->bootstrap(), input_end); !s.is_ok()) return s;
  std::vector<double> fold;
  std::vector<double> puts;
  std::vector<double> floors;  // decode + fold, then one put per output: nothing else
  for (int round = 0; round < rounds; ++round) {
    auto started = Clock::now();
    if (Status s = raw_consume(cluster->bootstrap(), input_end); !s.is_ok()) return s;
    raw.push_back(static_cast<double>(input_end) /
                  std::chrono::duration<double>(Clock::now() - started).count());
    fold.push_back(bounds.fold_rate());
    puts.emplace_back();
    if (Status s = bounds.put_rate(puts.back()); !s.is_ok()) return s;

    const std::int64_t outputs_before = outputs_end(*handle);
    std::unique_ptr<PipelineRun> run;
    started = Clock::now();
    if (Status s = PipelineRun::start(cluster->bootstrap(), "bench-" + std::to_string(round), run);
        !s.is_ok()) {
      return s;
    }
    Completion completion;
    if (Status s = wait_complete(*run, *handle, partitions, input_end, outputs_before, completion,
                                 std::chrono::minutes(5));
        !s.is_ok()) {
      return s;
    }
    cpu_per_event.push_back(pipeline_cpu_seconds() * 1e6 / static_cast<double>(input_end));
    if (Status s = run->stop(); !s.is_ok()) return s;
    e2e.push_back(static_cast<double>(input_end) /
                  std::chrono::duration<double>(completion.end - started).count());
    ratios.push_back(e2e.back() / raw.back());
    e2e_joined.push_back(
        static_cast<double>(input_end - completion.first_positions) /
        std::chrono::duration<double>(completion.end - completion.first_commit).count());
    ratios_joined.push_back(e2e_joined.back() / raw.back());
    std::printf(
        "  round %d: raw %9.0f events/s, crmstream %9.0f events/s with the group join "
        "(%.2f s to the first commit), %9.0f after it (%lld outputs), ratios %.3f, %.3f, "
        "pipeline CPU %.2f us/event\n",
        round + 1, raw.back(), e2e.back(),
        std::chrono::duration<double>(completion.first_commit - started).count(), e2e_joined.back(),
        static_cast<long long>(completion.outputs), ratios.back(), ratios_joined.back(),
        cpu_per_event.back());
    const double outputs_per_event =
        static_cast<double>(completion.outputs) / static_cast<double>(input_end);
    floors.push_back(1 / (1 / fold.back() + outputs_per_event / puts.back()));
    std::printf(
        "           bounds: decode + fold in memory %9.0f events/s (%.3f of raw), one "
        "RocksDB put per event %9.0f events/s (%.3f of raw), decode + fold then one put "
        "per output (%.3f per event) %9.0f events/s (%.3f of raw)\n",
        fold.back(), fold.back() / raw.back(), puts.back(), puts.back() / raw.back(),
        outputs_per_event, floors.back(), floors.back() / raw.back());
  }
  e2e_rate = median(e2e);
  std::printf("%-68s median %9.0f events/s\n", "raw consume (librdkafka KafkaConsumer, assign)",
              median(raw));
  std::printf("%-68s median %9.0f events/s\n",
              "crmstream end-to-end incl. group join (run() to applied + delivered)", e2e_rate);
  std::printf("%-68s median %9.0f events/s\n",
              "crmstream end-to-end after the first commit (group joined)", median(e2e_joined));
  std::printf("%-68s median %9.3f\n", "ratio end-to-end incl. join / raw (per round)",
              median(ratios));
  std::printf("%-68s median %9.3f\n", "ratio end-to-end after the first commit / raw (per round)",
              median(ratios_joined));
  std::printf("%-68s median %9.2f us\n", "CPU of the pipeline's run loop thread per event",
              median(cpu_per_event));
  std::printf("%-68s median %9.0f events/s\n", "bound: decode + fold in memory (no storage)",
              median(fold));
  std::printf("%-68s median %9.0f events/s\n", "bound: one RocksDB put per event (nothing else)",
              median(puts));
  std::printf("%-68s median %9.3f\n", "ratio bound decode + fold / raw (per round)",
              median(ratios_of(fold, raw)));
  std::printf("%-68s median %9.3f\n", "ratio bound one put per event / raw (per round)",
              median(ratios_of(puts, raw)));
  std::printf("%-68s median %9.3f\n",
              "ratio bound decode + fold, then one put per output / raw (per round)",
              median(ratios_of(floors, raw)));
  std::printf("%-68s        %9.0f bytes\n",
              "  (its values: the profiles the fold left, on average)", bounds.value_bytes());
  return Status::ok();
}

Status latency(std::int32_t partitions, double rate, int seconds) {
  std::unique_ptr<MockCluster> cluster;
  if (Status s = make_cluster(partitions, cluster); !s.is_ok()) return s;
  const KafkaTopics topics;
  auto handle = watermark_handle(cluster->bootstrap());
  std::unique_ptr<PipelineRun> run;
  if (Status s = PipelineRun::start(cluster->bootstrap(), "bench-latency", run); !s.is_ok()) {
    return s;
  }
  std::mutex mutex;                                    // guards what the watchers collect
  std::unordered_map<std::string, std::int64_t> seen;  // input event_id -> when watched
  std::vector<CausedOutput> caused;
  std::unique_ptr<TopicWatcher> input_watcher;
  std::unique_ptr<TopicWatcher> output_watcher;
  Status status = TopicWatcher::start(
      cluster->bootstrap(), output_topics(topics),
      [&](const RdKafka::Message& m, std::int64_t received) {
        const std::string text(static_cast<const char*>(m.payload()), m.len());
        std::string cause = field_after(text, R"("cause":{"kind":"event","event_id":")");
        if (cause.empty()) return;
        const std::optional<TimeMs> emitted = parse_rfc3339(field_after(text, R"("emitted_at":")"));
        std::lock_guard lock(mutex);
        caused.push_back({std::move(cause), m.topic_name(), emitted.value_or(-1),
                          m.timestamp().timestamp, received});
      },
      output_watcher);
  // Off by default: its fetches load the in-process mock broker, whose fetch cost grows with
  // the partition's length (it scans its message sets from the first), and so the run.
  if (status.is_ok() && std::getenv("CRM_BENCH_INPUT_WATCHER") != nullptr) {
    status = TopicWatcher::start(
        cluster->bootstrap(), {topics.clickstream, topics.orders},
        [&](const RdKafka::Message& m, std::int64_t received) {
          const std::string text(static_cast<const char*>(m.payload()), m.len());
          std::string id = field_after(text, R"("event_id":")");
          std::lock_guard lock(mutex);
          if (!id.empty()) seen.emplace(std::move(id), received);
        },
        input_watcher);
  }
  if (!status.is_ok()) return status;
  // Idle pipeline: wait for 6 progress reports (about 6 s), past its group join (about 3 s on
  // the mock), so that no input waits for the partitions' assignment.
  for (int i = 0; i < 1000; ++i) {
    PipelineProgress last;
    bool done = false;
    if (run->reports(last, done) >= 6 || done) break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  const auto events = static_cast<std::int64_t>(rate * seconds);
  std::printf("latency: publishing %lld events at %.0f events/s\n", static_cast<long long>(events),
              rate);
  status = publish(cluster->bootstrap(), events, 7, rate);
  const std::int64_t input_end =
      end_of(*handle, topics.clickstream, partitions) + end_of(*handle, topics.orders, partitions);
  Completion completion;
  if (status.is_ok()) {
    status =
        wait_complete(*run, *handle, partitions, input_end, 0, completion, std::chrono::minutes(2));
  }
  std::this_thread::sleep_for(milliseconds(300));
  if (input_watcher) input_watcher->stop();
  output_watcher->stop();
  if (!status.is_ok()) return status;
  if (Status s = run->stop(); !s.is_ok()) return s;

  // Each input's CreateTime, by event_id.
  std::unordered_map<std::string, InputSeen> inputs;
  std::unique_ptr<TopicReader> reader;
  if (Status s =
          TopicReader::open(cluster->bootstrap(), {topics.clickstream, topics.orders}, reader);
      !s.is_ok()) {
    return s;
  }
  if (Status s = reader->read(
          input_end, std::chrono::minutes(1),
          [&](const RdKafka::Message& m) {
            const std::string text(static_cast<const char*>(m.payload()), m.len());
            std::string id = field_after(text, R"("event_id":")");
            if (id.empty()) return;
            const auto watched = seen.find(id);
            inputs.emplace(std::move(id), InputSeen{m.timestamp().timestamp,
                                                    watched == seen.end() ? -1 : watched->second,
                                                    m.topic_name(), m.partition()});
          });
      !s.is_ok()) {
    return s;
  }

  std::vector<std::int64_t> latencies;
  StageLatencies stages;
  // By the second of publishing its input was created in: the mock broker slows down as its
  // partitions fill (it looks a fetch offset up from the first message set), so a tail that
  // grows second by second is the broker's, not crmstream's.
  std::map<std::int64_t, std::vector<std::int64_t>> by_second;
  std::int64_t first_created = std::numeric_limits<std::int64_t>::max();
  for (const auto& [id, input] : inputs) first_created = std::min(first_created, input.created);
  for (const CausedOutput& output : caused) {
    const auto it = inputs.find(output.cause);
    if (it == inputs.end()) continue;
    latencies.push_back(output.received - it->second.created);
    by_second[(it->second.created - first_created) / 1000].push_back(latencies.back());
    stages.add(it->second, output);
  }
  if (latencies.empty()) return Status::io_error("no event-caused outputs");
  const double p50 = percentile(latencies, 0.50);
  const double p99 = percentile(latencies, 0.99);
  const double p999 = percentile(latencies, 0.999);
  std::printf(
      "latency at %.0f events/s, produce -> output received, %zu event-caused outputs "
      "of %lld: p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms\n",
      rate, latencies.size(), static_cast<long long>(completion.outputs), p50, p99, p999,
      static_cast<double>(latencies.back()));
  stages.print();
  std::printf("  by the second its input was created in (p50 / p99 ms):");
  for (auto& [second, values] : by_second) {
    std::printf(" %lld: %.0f/%.0f", static_cast<long long>(second), percentile(values, 0.50),
                percentile(values, 0.99));
  }
  std::printf("\n");
  if (const char* path = std::getenv("CRM_BENCH_LATENCY_CSV")) {
    write_latency_csv(path, caused, inputs);
  }
  return Status::ok();
}

int run(std::int64_t events, std::int32_t partitions, int rounds, int latency_seconds) {
  double e2e_rate = 0;
  Status s = throughput(events, partitions, rounds, e2e_rate);
  if (s.is_ok() && latency_seconds > 0) s = latency(partitions, e2e_rate / 2, latency_seconds);
  if (!s.is_ok()) {
    std::fprintf(stderr, "kafka_consume_bench: %s\n", s.to_string().c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace crm

int main(int argc, char** argv) {
  const std::int64_t events = argc > 1 ? std::atoll(argv[1]) : 200'000;
  const int partitions = argc > 2 ? std::atoi(argv[2]) : 16;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  const int latency_seconds = argc > 4 ? std::atoi(argv[4]) : 10;
  if (events < 1 || partitions < 1 || rounds < 1 || latency_seconds < 0) {
    std::fprintf(stderr,
                 "usage: kafka_consume_bench [events >= 1] [partitions >= 1] [rounds >= 1] "
                 "[latency_seconds >= 0]\n");
    return 2;
  }
  return crm::run(events, partitions, rounds, latency_seconds);
}
