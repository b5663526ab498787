#include "ingest/kafka_source.h"

#include <future>
#include <mutex>
#include <thread>
#include <utility>

#include "kafka/client_config.h"

namespace crm {
namespace {

using Partitions = std::vector<RdKafka::TopicPartition*>;

std::vector<std::unique_ptr<RdKafka::TopicPartition>> to_partitions(
    const std::vector<CommittedOffset>& offsets, Partitions& raw) {
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  for (const CommittedOffset& offset : offsets) {
    owned.emplace_back(
        RdKafka::TopicPartition::create(offset.topic, offset.partition, offset.offset));
    raw.push_back(owned.back().get());
  }
  return owned;
}

}  // namespace

class KafkaSource::Rebalance : public RdKafka::RebalanceCb {
 public:
  explicit Rebalance(StoredOffset stored) : stored_(std::move(stored)) {}

  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                    Partitions& partitions) override {
    ++rebalances;
    const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      ever_assigned = true;
      for (RdKafka::TopicPartition* partition : partitions) {
        if (const auto offset = stored_(partition->topic(), partition->partition())) {
          partition->set_offset(*offset);
        }
        assigned.emplace(partition->topic(), partition->partition());
      }
      if (cooperative) {
        report(consumer->incremental_assign(partitions));
      } else {
        report(consumer->assign(partitions));
      }
      if (expected > 0 && assigned.size() < 2 * static_cast<std::size_t>(expected)) {
        fail("the group gave this instance " + std::to_string(assigned.size()) + " of " +
             std::to_string(2 * expected) +
             " input partitions: another instance is in the group, and scale-out is not built yet");
      }
      return;
    }
    // Anything taken away while running means another member joined: stop rather than
    // double-count (one instance per group until scale-out lands).
    // Lost (the session expired during a broker outage): the group gives them back when the
    // broker returns; the records buffered for them are dropped and read again.
    const bool lost = consumer->assignment_lost();
    if (!partitions.empty() && !closing && !lost) {
      fail("the group took " + std::to_string(partitions.size()) +
           " partitions from this instance: another instance joined the group; scale-out is not "
           "built yet, so run one instance per group");
    }
    for (RdKafka::TopicPartition* partition : partitions) {
      assigned.erase({partition->topic(), partition->partition()});
      revoked.emplace_back(partition->topic(), partition->partition());
    }
    if (cooperative) {
      report(consumer->incremental_unassign(partitions));
    } else {
      report(consumer->unassign());
    }
  }

  void fail(std::string message) {
    if (error.empty()) error = std::move(message);
  }
  void report(RdKafka::Error* failure) {
    if (failure == nullptr) return;
    fail("assignment failed: " + failure->str());
    delete failure;
  }
  void report(RdKafka::ErrorCode code) {
    if (code != RdKafka::ERR_NO_ERROR) fail("assignment failed: " + RdKafka::err2str(code));
  }

  std::set<std::pair<std::string, std::int32_t>> assigned;
  std::vector<std::pair<std::string, std::int32_t>> revoked;  // since the last take_revoked()
  std::string error;
  std::int64_t rebalances = 0;
  bool closing = false;
  bool ever_assigned = false;
  std::int32_t expected = 0;  // partitions per input topic, once known

 private:
  StoredOffset stored_;
};

// Answers to our commits, served by poll() on the loop thread.
class KafkaSource::Commits : public RdKafka::OffsetCommitCb {
 public:
  void offset_commit_cb(RdKafka::ErrorCode, std::vector<RdKafka::TopicPartition*>&) override {
    in_flight = false;  // librdkafka reports a failed commit itself (COMMITFAIL)
  }
  bool in_flight = false;
};

// The caller's event callback, which an abandoned consumer must stop calling: librdkafka's
// threads log from inside the client (log_cb) for as long as it lives.
class KafkaSource::EventRelay : public RdKafka::EventCb {
 public:
  explicit EventRelay(RdKafka::EventCb* target) : target_(target) {}
  void event_cb(RdKafka::Event& event) override {
    const std::lock_guard lock(mutex_);
    if (target_ != nullptr) target_->event_cb(event);
  }
  // No call into the target is in progress or comes after this returns.
  void detach() {
    const std::lock_guard lock(mutex_);
    target_ = nullptr;
  }

 private:
  std::mutex mutex_;
  RdKafka::EventCb* target_;
};

Status KafkaSource::create(const Config& config, StoredOffset stored_offset,
                           RdKafka::EventCb* events, std::unique_ptr<KafkaSource>& out) {
  std::unique_ptr<KafkaSource> source(new KafkaSource());
  source->config_ = config;
  source->rebalance_ = std::make_unique<Rebalance>(std::move(stored_offset));
  source->commits_ = std::make_unique<Commits>();
  // fetch.wait.max.ms 10 (librdkafka: 500): a fetch that finds nothing waits this long, and the
  // end-of-partition that ends a task's wait for a quiet partition (time.max_task_idle) comes
  // only with such a fetch; the mock cluster also holds an empty fetch for all of it, even when
  // data arrives meanwhile. The cost: at most 100 empty fetches a second per broker when idle.
  const KafkaSettings defaults = {{"auto.offset.reset", "earliest"},
                                  {"statistics.interval.ms", "5000"},
                                  {"partition.assignment.strategy", "cooperative-sticky"},
                                  {"fetch.wait.max.ms", "10"}};
  const KafkaSettings fixed = {{"group.id", config.kafka.group_id},
                               {"enable.auto.commit", "false"},
                               {"enable.auto.offset.store", "false"},
                               {"isolation.level", "read_committed"},
                               {"enable.partition.eof", "true"}};
  std::unique_ptr<RdKafka::Conf> conf;
  if (Status s = make_client_conf(config.kafka, defaults, fixed, conf); !s.is_ok()) return s;
  std::string error;
  if (conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(source->rebalance_.get()),
                error) != RdKafka::Conf::CONF_OK) {
    return Status::invalid_argument(error);
  }
  if (events != nullptr) {
    source->events_ = std::make_unique<EventRelay>(events);
    if (conf->set("event_cb", static_cast<RdKafka::EventCb*>(source->events_.get()), error) !=
        RdKafka::Conf::CONF_OK) {
      return Status::invalid_argument(error);
    }
  }
  if (conf->set("offset_commit_cb", static_cast<RdKafka::OffsetCommitCb*>(source->commits_.get()),
                error) != RdKafka::Conf::CONF_OK) {
    return Status::invalid_argument(error);
  }
  source->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!source->consumer_) return Status::invalid_argument("cannot create the consumer: " + error);
  out = std::move(source);
  return Status::ok();
}

KafkaSource::~KafkaSource() {
  if (!consumer_) return;
  rebalance_->closing = true;
  if (!rebalance_->ever_assigned) {
    abandon();
    return;
  }
  consumer_->close();
}

Status KafkaSource::partition_count(std::int32_t& out, std::chrono::milliseconds timeout) {
  RdKafka::Metadata* raw = nullptr;
  const RdKafka::ErrorCode error =
      consumer_->metadata(true, nullptr, &raw, static_cast<int>(timeout.count()));
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (error != RdKafka::ERR_NO_ERROR) {
    return Status::io_error("cannot read topic metadata from " + config_.kafka.brokers + ": " +
                            RdKafka::err2str(error));
  }
  std::int32_t counts[2] = {-1, -1};
  const std::string* names[2] = {&config_.kafka.topics.clickstream, &config_.kafka.topics.orders};
  for (const RdKafka::TopicMetadata* topic : *metadata->topics()) {
    for (int i = 0; i < 2; ++i) {
      if (topic->topic() == *names[i] && topic->err() == RdKafka::ERR_NO_ERROR) {
        counts[i] = static_cast<std::int32_t>(topic->partitions()->size());
      }
    }
  }
  for (int i = 0; i < 2; ++i) {
    if (counts[i] <= 0) return Status::not_found("input topic " + *names[i] + " does not exist");
  }
  if (counts[0] != counts[1]) {
    return Status::invalid_argument(
        "the input topics must have the same number of partitions (co-partitioned): " + *names[0] +
        " has " + std::to_string(counts[0]) + ", " + *names[1] + " has " +
        std::to_string(counts[1]));
  }
  out = counts[0];
  rebalance_->expected = out;
  return Status::ok();
}

void KafkaSource::serve_events() {
  // Not subscribed nor assigned: no message can come, only the events' callbacks run.
  const std::unique_ptr<RdKafka::Message> nothing(consumer_->consume(0));
}

Status KafkaSource::subscribe() {
  const RdKafka::ErrorCode error =
      consumer_->subscribe({config_.kafka.topics.clickstream, config_.kafka.topics.orders});
  if (error != RdKafka::ERR_NO_ERROR) {
    return Status::io_error("cannot subscribe: " + RdKafka::err2str(error));
  }
  return Status::ok();
}

Status KafkaSource::poll(std::vector<std::unique_ptr<RdKafka::Message>>& out, std::size_t max,
                         std::chrono::milliseconds wait) {
  int timeout = static_cast<int>(wait.count());
  for (std::size_t taken = 0; taken < max; ++taken) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(timeout));
    timeout = 0;
    switch (message->err()) {
      case RdKafka::ERR_NO_ERROR:
      case RdKafka::ERR__PARTITION_EOF:
        out.push_back(std::move(message));
        break;
      case RdKafka::ERR__TIMED_OUT:
        return Status::ok();
      default:
        // Transient consumer errors (broker down, ...) reach the event callback too; librdkafka
        // retries by itself. Only a fatal one stops the pipeline.
        if (message->err() == RdKafka::ERR__FATAL) {
          std::string reason;
          consumer_->fatal_error(reason);
          return Status::io_error("fatal consumer error: " + reason);
        }
        return Status::ok();
    }
  }
  return Status::ok();
}

std::optional<std::int64_t> KafkaSource::cached_end(const std::string& topic,
                                                    std::int32_t partition) const {
  std::int64_t low = -1;
  std::int64_t high = -1;
  if (consumer_->get_watermark_offsets(topic, partition, &low, &high) != RdKafka::ERR_NO_ERROR ||
      high < 0) {
    return std::nullopt;
  }
  return high;
}

const std::string& KafkaSource::assignment_error() const {
  return rebalance_->error;
}
std::size_t KafkaSource::assigned() const {
  return rebalance_->assigned.size();
}
std::int64_t KafkaSource::rebalances() const {
  return rebalance_->rebalances;
}

std::vector<std::pair<std::string, std::int32_t>> KafkaSource::take_revoked() {
  return std::exchange(rebalance_->revoked, {});
}

Status KafkaSource::pause(const std::vector<std::array<bool, 2>>& paused) {
  std::erase_if(paused_, [this](const auto& key) { return !rebalance_->assigned.contains(key); });
  Partitions to_pause;
  Partitions to_resume;
  for (const auto& key : rebalance_->assigned) {
    const auto& [topic, partition] = key;
    const std::size_t input = topic == config_.kafka.topics.clickstream ? 0 : 1;
    const bool wanted =
        static_cast<std::size_t>(partition) < paused.size() && paused[partition][input];
    // Only a partition paused here is resumed: librdkafka 2.0.2 may fetch a partition that
    // was resumed without being paused again from an earlier offset (librdkafka#4686).
    if (wanted == paused_.contains(key)) continue;
    (wanted ? to_pause : to_resume).push_back(RdKafka::TopicPartition::create(topic, partition));
    if (wanted) {
      paused_.insert(key);
    } else {
      paused_.erase(key);
    }
  }
  RdKafka::ErrorCode error = RdKafka::ERR_NO_ERROR;
  if (!to_pause.empty()) error = consumer_->pause(to_pause);
  if (!to_resume.empty() && error == RdKafka::ERR_NO_ERROR) error = consumer_->resume(to_resume);
  RdKafka::TopicPartition::destroy(to_pause);
  RdKafka::TopicPartition::destroy(to_resume);
  if (error != RdKafka::ERR_NO_ERROR) {
    return Status::io_error("cannot pause/resume consumption: " + RdKafka::err2str(error));
  }
  return Status::ok();
}

Status KafkaSource::commit(const std::vector<CommittedOffset>& offsets) {
  if (offsets.empty() || commits_->in_flight) return Status::ok();
  Partitions raw;
  const auto owned = to_partitions(offsets, raw);
  const RdKafka::ErrorCode error = consumer_->commitAsync(raw);
  if (error != RdKafka::ERR_NO_ERROR) {
    return Status::io_error("cannot commit offsets to the group: " + RdKafka::err2str(error));
  }
  commits_->in_flight = true;
  return Status::ok();
}

bool KafkaSource::commit_in_flight() const {
  return commits_->in_flight;
}

Status KafkaSource::close(const std::vector<CommittedOffset>& offsets,
                          std::chrono::steady_clock::time_point deadline) {
  rebalance_->closing = true;
  if (!rebalance_->ever_assigned) {
    abandon();
    return Status::ok();  // it owned nothing, so it has nothing to commit
  }
  // On a thread of its own, so that this one can stop waiting: librdkafka's commitSync and
  // close have no timeout of their own.
  auto result = std::make_shared<std::promise<Status>>();
  std::future<Status> closed = result->get_future();
  std::thread([consumer = consumer_.get(), offsets, result] {
    Status status = Status::ok();
    if (!offsets.empty()) {
      Partitions raw;
      const auto owned = to_partitions(offsets, raw);
      const RdKafka::ErrorCode error = consumer->commitSync(raw);
      if (error != RdKafka::ERR_NO_ERROR) {
        status = Status::io_error("cannot commit offsets to the group: " + RdKafka::err2str(error));
      }
    }
    consumer->close();
    result->set_value(status);
  }).detach();
  if (closed.wait_until(deadline) == std::future_status::ready) {
    consumer_.reset();
    return closed.get();
  }
  // The thread still uses the consumer and, through its callbacks, the rebalance and commit
  // state: all of it stays, for the process's exit.
  abandon();
  (void)rebalance_.release();
  (void)commits_.release();
  return Status::io_error(
      "the consumer group did not answer the last offset commit and the leave in time (are the "
      "brokers down?): the state holds the positions, and the group drops this member after its "
      "session timeout");
}

void KafkaSource::abandon() {
  // librdkafka 2.0.2 aborts the process when a cooperative-sticky consumer that never got an
  // assignment is closed or destroyed (librdkafka#4312, fixed in 2.3.0), as on a stop while the
  // group is still forming (a restart waiting out a killed member's session); and with every
  // broker down, closing it blocks on the group coordinator. It is left to the process's exit
  // instead. Its threads go on logging through the event callback, which is
  // detached from the caller's (gone by then, in a process that goes on: a later test crashed)
  // and left with it. Its other callbacks run only in a poll(), which it never sees again.
  if (events_) events_->detach();
  (void)consumer_.release();
  (void)events_.release();
}

}  // namespace crm
