// What the in-process service tests share: producing hand-made messages, the input topics'
// end offsets, a KafkaPipeline running on its own thread until it has applied everything up to
// those offsets and delivered every output, reading output topics back, and the profiles of a
// state store. Test code: one test thread plus the pipeline's loop thread.
#pragma once

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "config/config.h"
#include "kafka/mock_cluster.h"
#include "kafka/task_partitioner.h"
#include "kafka/topic_reader.h"
#include "pipeline/profile_export.h"
#include "pipeline/task_clocks.h"
#include "pipeline/wall_clock.h"
#include "processors/evaluate.h"
#include "processors/export_record.h"
#include "service/kafka_pipeline.h"
#include "state/profile_codec.h"
#include "state/store.h"

namespace crm::service_test {

struct Message {
  std::string topic;
  std::int32_t partition = 0;
  std::string key;  // empty: no key
  std::string payload;
};

// Produces `messages` in order, each to its explicit partition, and waits for every ack.
inline void produce(const std::string& bootstrap, const std::vector<Message>& messages) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  ASSERT_EQ(conf->set("bootstrap.servers", bootstrap, error), RdKafka::Conf::CONF_OK) << error;
  ASSERT_EQ(conf->set("enable.idempotence", "true", error), RdKafka::Conf::CONF_OK) << error;
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
  ASSERT_TRUE(producer) << error;
  for (const Message& m : messages) {
    const RdKafka::ErrorCode code = producer->produce(
        m.topic, m.partition, RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(m.payload.data()),
        m.payload.size(), m.key.empty() ? nullptr : m.key.data(), m.key.size(), 0, nullptr);
    ASSERT_EQ(code, RdKafka::ERR_NO_ERROR) << RdKafka::err2str(code);
  }
  ASSERT_EQ(producer->flush(30'000), RdKafka::ERR_NO_ERROR);
  ASSERT_EQ(producer->outq_len(), 0);
}

using TopicPartitionKey = std::pair<std::string, std::int32_t>;
using EndOffsets = std::map<TopicPartitionKey, std::int64_t>;

// The high watermark of every partition of `topics` (`partitions` each).
inline EndOffsets end_offsets(const std::string& bootstrap, const std::vector<std::string>& topics,
                              std::int32_t partitions) {
  EndOffsets ends;
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  EXPECT_EQ(conf->set("bootstrap.servers", bootstrap, error), RdKafka::Conf::CONF_OK);
  std::unique_ptr<RdKafka::Producer> handle(RdKafka::Producer::create(conf.get(), error));
  EXPECT_TRUE(handle) << error;
  if (!handle) return ends;
  for (const std::string& topic : topics) {
    for (std::int32_t p = 0; p < partitions; ++p) {
      std::int64_t low = 0;
      std::int64_t high = 0;
      const RdKafka::ErrorCode code =
          handle->query_watermark_offsets(topic, p, &low, &high, 10'000);
      EXPECT_EQ(code, RdKafka::ERR_NO_ERROR) << topic << "/" << p << ": " << RdKafka::err2str(code);
      ends[{topic, p}] = high;
    }
  }
  return ends;
}

inline std::int64_t total(const EndOffsets& ends) {
  std::int64_t sum = 0;
  for (const auto& [tp, offset] : ends) sum += offset;
  return sum;
}

// The input positions the store holds for `ends`' partitions (task = partition), summed, and
// whether every one has reached its end.
inline std::int64_t stored_positions(const StateStore& store, const EndOffsets& ends,
                                     bool* complete = nullptr) {
  std::int64_t sum = 0;
  bool all = true;
  for (const auto& [tp, end] : ends) {
    std::string value;
    std::int64_t position = 0;
    if (store.get_meta(static_cast<TaskId>(tp.second), "offset/" + tp.first, value).is_ok()) {
      position = std::stoll(value);
    }
    sum += position;
    if (position < end) all = false;
  }
  if (complete != nullptr) *complete = all;
  return sum;
}

// Group sessions of 6 s (45 s by default): the mock broker keeps a member that stopped or was
// killed until its session ends, and a restart is assigned its partitions only then; it also
// waits session.timeout.ms (less a second) for every member in a rebalance, even when all
// have rejoined.
inline void use_short_sessions(Config& config) {
  config.kafka.properties["session.timeout.ms"] = "6000";
  config.kafka.properties["heartbeat.interval.ms"] = "500";
}

// end_offsets() of both input topics of `config`, on its brokers: where a run must get to.
inline EndOffsets input_ends(const Config& config, std::int32_t partitions) {
  const KafkaTopics& topics = config.kafka.topics;
  return end_offsets(config.kafka.brokers, {topics.clickstream, topics.orders}, partitions);
}

// A one-broker mock cluster holding every input and output topic of `config` with `partitions`
// partitions each; `config.kafka.brokers` points at it. Null, with a test failure, when it does
// not start.
inline std::unique_ptr<MockCluster> start_cluster(Config& config, std::int32_t partitions) {
  std::unique_ptr<MockCluster> cluster;
  const Status started = MockCluster::start(1, cluster);
  EXPECT_TRUE(started.is_ok()) << started.to_string();
  if (!started.is_ok()) return nullptr;
  config.kafka.brokers = cluster->bootstrap();
  const KafkaTopics& topics = config.kafka.topics;
  for (const std::string& topic : {topics.clickstream, topics.orders, topics.segment_changes,
                                   topics.churn_risk, topics.triggers, topics.dead_letter}) {
    const Status created = cluster->create_topic(topic, partitions);
    EXPECT_TRUE(created.is_ok()) << topic << ": " << created.to_string();
    if (!created.is_ok()) return nullptr;
  }
  return cluster;
}

// The state store of `config` (state.dir, state.memory_budget); null, with a test failure, when
// it does not open.
inline std::unique_ptr<StateStore> open_store(const Config& config) {
  StoreOptions options;
  options.dir = config.state.dir;
  options.memory_budget = config.state.memory_budget;
  std::unique_ptr<StateStore> store;
  const Status s = StateStore::open(options, store);
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  return store;
}

// open_store() of a small state in `dir`, which `config` now names.
inline std::unique_ptr<StateStore> open_store_in(Config& config, const std::string& dir) {
  config.state.dir = dir;
  config.state.memory_budget = 32ull << 20;
  return open_store(config);
}

// A KafkaPipeline on its own thread. complete() waits until the store's input positions reach
// `ends` and then for a progress report (made about once a second on the loop thread) that
// shows nothing buffered and nothing unacknowledged: every input applied, every forward
// applied, every output delivered.
class PipelineThread {
 public:
  // `health` (optional) hears the loop's heartbeat and readiness; `metrics` (optional) counts;
  // `requests` (optional) is served by the loop.
  PipelineThread(const Config& config, StateStore& store, PipelineOptions options = {},
                 HealthState* health = nullptr, Metrics* metrics = nullptr,
                 LoopRequests* requests = nullptr)
      : store_(store), pipeline_(config, store, metrics, health, requests, options) {
    pipeline_.on_progress([this](const PipelineProgress& progress) {
      std::lock_guard lock(mutex_);
      last_ = progress;
      peak_in_flight_ = std::max(peak_in_flight_, progress.in_flight);
      ++reports_;
      changed_.notify_all();
    });
    thread_ = std::thread([this] {
      const Status s = pipeline_.run();
      std::lock_guard lock(mutex_);
      status_ = s;
      changed_.notify_all();
    });
  }
  ~PipelineThread() {
    if (thread_.joinable()) (void)stop();
  }

  bool complete(const EndOffsets& ends, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool reached = false;
    for (;;) {
      stored_positions(store_, ends, &reached);
      if (reached) break;
      std::unique_lock lock(mutex_);
      if (status_ || std::chrono::steady_clock::now() >= deadline) return false;
      changed_.wait_for(lock, std::chrono::milliseconds(20));
    }
    std::unique_lock lock(mutex_);
    const std::int64_t after = reports_;
    return changed_.wait_until(lock, deadline, [&] {
      return status_.has_value() ||
             (reports_ > after && last_.buffered == 0 && last_.in_flight == 0);
    }) && !status_;
  }

  // Waits until `reports` more progress reports were made (the loop is alive and turning).
  bool wait_reports(std::int64_t reports, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    const std::int64_t target = reports_ + reports;
    return changed_.wait_for(lock, timeout, [&] { return reports_ >= target || status_; }) &&
           !status_;
  }

  // True once run() returned by itself.
  bool finished() {
    std::lock_guard lock(mutex_);
    return status_.has_value();
  }

  // Waits until run() returns by itself.
  Status wait() {
    thread_.join();
    std::lock_guard lock(mutex_);
    return status_.value_or(Status::ok());
  }

  Status stop() {
    pipeline_.stop();
    thread_.join();
    std::lock_guard lock(mutex_);
    return status_.value_or(Status::ok());
  }

  PipelineProgress progress() {
    std::lock_guard lock(mutex_);
    return last_;
  }

  // The most outputs unacknowledged any progress report showed.
  std::size_t peak_in_flight() {
    std::lock_guard lock(mutex_);
    return peak_in_flight_;
  }

 private:
  StateStore& store_;
  KafkaPipeline pipeline_;
  std::mutex mutex_;
  std::condition_variable changed_;
  PipelineProgress last_;
  std::size_t peak_in_flight_ = 0;
  std::int64_t reports_ = 0;
  std::optional<Status> status_;
  std::thread thread_;
};

// Runs a pipeline until it has applied every input up to `ends` and delivered every output, then
// stops it; its last progress (a test failure and zeros when it does not complete in 30 s).
inline PipelineProgress run_to_the_end(const Config& config, StateStore& store,
                                       const EndOffsets& ends, Metrics* metrics = nullptr) {
  PipelineThread pipeline(config, store, {}, nullptr, metrics);
  const bool complete = pipeline.complete(ends, std::chrono::seconds(30));
  EXPECT_TRUE(complete) << "the run did not reach the input's end";
  const PipelineProgress progress = complete ? pipeline.progress() : PipelineProgress{};
  const Status stopped = pipeline.stop();
  EXPECT_TRUE(stopped.is_ok()) << stopped.to_string();
  return progress;
}

struct OutputMessage {
  std::string topic;
  std::string key;
  std::string payload;
  std::map<std::string, std::string> headers;
};

// Every message of `topics` (`count` expected; reads up to 30 s for them, then 300 ms more so
// that a message beyond `count` is seen too).
inline std::vector<OutputMessage> read_outputs(const std::string& bootstrap,
                                               const std::vector<std::string>& topics,
                                               std::int64_t count) {
  std::vector<OutputMessage> out;
  std::unique_ptr<TopicReader> reader;
  const Status opened = TopicReader::open(bootstrap, topics, reader);
  EXPECT_TRUE(opened.is_ok()) << opened.to_string();
  if (!opened.is_ok()) return out;
  const auto keep = [&out](const RdKafka::Message& message) {
    OutputMessage& m = out.emplace_back();
    m.topic = message.topic_name();
    if (message.key() != nullptr) m.key = *message.key();
    m.payload.assign(static_cast<const char*>(message.payload()), message.len());
    if (RdKafka::Headers* headers = const_cast<RdKafka::Message&>(message).headers()) {
      for (const RdKafka::Headers::Header& h : headers->get_all()) {
        m.headers[h.key()] = std::string(static_cast<const char*>(h.value()), h.value_size());
      }
    }
  };
  Status read = reader->read(count, std::chrono::seconds(30), keep);
  EXPECT_TRUE(read.is_ok()) << read.to_string();
  read = reader->read(count + 1, std::chrono::milliseconds(300), keep);
  EXPECT_TRUE(read.is_ok()) << read.to_string();
  return out;
}

// The value of a top-level string field of a compact JSON object ("" when absent).
inline std::string string_field(const std::string& json, const std::string& name) {
  const std::string needle = "\"" + name + "\":\"";
  const std::size_t at = json.find(needle);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + needle.size();
  return json.substr(begin, json.find('"', begin) - begin);
}

// The JSON without its wall-clock fields (emitted_at, received_at): what a replay of the same
// input reproduces byte for byte (semantics.md "Time").
inline std::string without_wall_clock(std::string json) {
  for (const std::string name : {"emitted_at", "received_at"}) {
    const std::string needle = ",\"" + name + "\":\"";
    const std::size_t at = json.find(needle);
    if (at == std::string::npos) continue;
    const std::size_t end = json.find('"', at + needle.size());
    json.erase(at, end + 1 - at);
  }
  return json;
}

inline std::string export_jsonl(const StateStore& store, const Config& config) {
  const ModelConfig model = config.model();
  const ProfileFilter filter(model);
  std::ostringstream out;
  ExportStats stats;
  SystemClock wall;
  const Status s = export_profiles(store, config, wall, filter, ExportFormat::kJsonl, out, stats);
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  return out.str();
}

struct StoredProfile {
  TaskId task = 0;
  Profile profile;
};
using ProfileKey = std::pair<ProfileKind, std::string>;

// Every profile of the store's first `tasks` tasks, by kind and key.
inline std::map<ProfileKey, StoredProfile> stored_profiles(const StateStore& store, TaskId tasks) {
  std::map<ProfileKey, StoredProfile> profiles;
  for (TaskId task = 0; task < tasks; ++task) {
    for (const ProfileKind kind : {ProfileKind::kCustomer, ProfileKind::kVisitor}) {
      RangeIterator it = store.scan(Family::kProfiles, profiles_range(task, kind), false);
      for (; it.valid(); it.next()) {
        ProfileKeyParts parts;
        EXPECT_TRUE(decode_profile_key(it.key(), parts).is_ok());
        StoredProfile& stored = profiles[{kind, std::string(parts.key)}];
        EXPECT_TRUE(decode_profile(it.value(), stored.profile).is_ok());
        stored.task = task;
      }
      EXPECT_TRUE(it.status().is_ok()) << it.status().to_string();
    }
  }
  return profiles;
}

inline std::map<TaskId, TimeMs> task_clocks(const StateStore& store) {
  std::vector<TaskClock> tasks;
  SystemClock wall;
  EXPECT_TRUE(read_task_clocks(store, ClockKind::kStream, wall, tasks).is_ok());
  std::map<TaskId, TimeMs> clocks;
  for (const TaskClock& t : tasks) {
    if (t.clock) clocks[t.task] = *t.clock;
  }
  return clocks;
}

inline std::string render_at(const Profile& profile, TimeMs clock, const Config& config) {
  const ModelConfig model = config.model();
  const CustomerView view = evaluate(profile, clock, model, static_thresholds(config.rfm));
  std::string line;
  render_export_json(profile, view, model, line);
  return line;
}

// An event of `customer` as JSON; `fields` is appended as is (",\"page\":\"/\"").
inline std::string customer_event(const std::string& id, const std::string& type,
                                  const std::string& customer, TimeMs ts,
                                  const std::string& fields = "") {
  return R"({"event_id":")" + id + R"(","type":")" + type + R"(","customer_id":")" + customer +
         R"(","ts":)" + std::to_string(ts) + fields + "}";
}

// The first key `prefix` + 1, 2, ... that `task` owns among `partitions` (murmur2).
inline std::string key_of_task(std::int32_t partitions, std::int32_t task,
                               const std::string& prefix = "cust-") {
  const TaskPartitioner partitioner(Partitioner::kMurmur2, partitions);
  for (int i = 1;; ++i) {
    const std::string candidate = prefix + std::to_string(i);
    if (partitioner.task_of(candidate) == task) return candidate;
  }
}

inline std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
                   (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const auto n = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
                   (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

}  // namespace crm::service_test
