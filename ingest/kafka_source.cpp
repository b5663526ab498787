#include "ingest/kafka_source.h"

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
           " partitions from this instance: another instance joined group; scale-out is not "
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
  std::int32_t expected = 0;  // partitions per input topic, once known

 private:
  StoredOffset stored_;
};

Status KafkaSource::create(const Config& config, StoredOffset stored_offset,
                           RdKafka::EventCb* events, std::unique_ptr<KafkaSource>& out) {
  std::unique_ptr<KafkaSource> source(new KafkaSource());
  source->config_ = config;
  source->rebalance_ = std::make_unique<Rebalance>(std::move(stored_offset));
  const KafkaSettings defaults = {{"auto.offset.reset", "earliest"},
                                  {"statistics.interval.ms", "5000"},
                                  {"partition.assignment.strategy", "cooperative-sticky"}};
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
  if (events != nullptr && conf->set("event_cb", events, error) != RdKafka::Conf::CONF_OK) {
    return Status::invalid_argument(error);
  }
  source->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!source->consumer_) return Status::invalid_argument("cannot create the consumer: " + error);
  out = std::move(source);
  return Status::ok();
}

KafkaSource::~KafkaSource() {
  if (consumer_) {
    rebalance_->closing = true;
    consumer_->close();
  }
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

Status KafkaSource::pause(bool paused) {
  if (paused == paused_) return Status::ok();
  Partitions partitions;
  if (consumer_->assignment(partitions) != RdKafka::ERR_NO_ERROR) return Status::ok();
  const RdKafka::ErrorCode error =
      paused ? consumer_->pause(partitions) : consumer_->resume(partitions);
  RdKafka::TopicPartition::destroy(partitions);
  if (error != RdKafka::ERR_NO_ERROR) {
    return Status::io_error("cannot pause/resume consumption: " + RdKafka::err2str(error));
  }
  paused_ = paused;
  return Status::ok();
}

Status KafkaSource::commit(const std::vector<CommittedOffset>& offsets) {
  if (offsets.empty()) return Status::ok();
  Partitions raw;
  const auto owned = to_partitions(offsets, raw);
  const RdKafka::ErrorCode error = consumer_->commitAsync(raw);
  if (error != RdKafka::ERR_NO_ERROR) {
    return Status::io_error("cannot commit offsets to the group: " + RdKafka::err2str(error));
  }
  return Status::ok();
}

Status KafkaSource::close(const std::vector<CommittedOffset>& offsets) {
  rebalance_->closing = true;
  Status status = Status::ok();
  if (!offsets.empty()) {
    Partitions raw;
    const auto owned = to_partitions(offsets, raw);
    const RdKafka::ErrorCode error = consumer_->commitSync(raw);
    if (error != RdKafka::ERR_NO_ERROR) {
      status = Status::io_error("cannot commit offsets to the group: " + RdKafka::err2str(error));
    }
  }
  consumer_->close();
  consumer_.reset();
  return status;
}

}  // namespace crm
