#include "kafka/topic_reader.h"

#include <thread>

namespace crm {
namespace {

Status partitions_of(RdKafka::KafkaConsumer& consumer, const std::string& topic,
                     std::vector<RdKafka::TopicPartition*>& out) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string cause = "no partitions";
  std::string error;
  std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(&consumer, topic, nullptr, error));
  if (!handle) return Status::io_error("topic " + topic + ": " + error);
  for (bool first = true; std::chrono::steady_clock::now() < deadline; first = false) {
    if (!first) std::this_thread::sleep_for(std::chrono::milliseconds(100));  // not there yet
    RdKafka::Metadata* raw = nullptr;
    const RdKafka::ErrorCode err = consumer.metadata(false, handle.get(), &raw, 5000);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    if (err != RdKafka::ERR_NO_ERROR) {
      cause = RdKafka::err2str(err);
      continue;
    }
    for (const RdKafka::TopicMetadata* t : *metadata->topics()) {
      if (t->topic() != topic) continue;
      if (t->err() != RdKafka::ERR_NO_ERROR) {
        cause = RdKafka::err2str(t->err());
        continue;
      }
      if (t->partitions()->empty()) continue;
      for (const RdKafka::PartitionMetadata* p : *t->partitions()) {
        out.push_back(
            RdKafka::TopicPartition::create(topic, p->id(), RdKafka::Topic::OFFSET_BEGINNING));
      }
      return Status::ok();
    }
  }
  return Status::io_error("cannot read the partitions of " + topic + ": " + cause);
}

}  // namespace

Status TopicReader::open(const std::string& bootstrap, const std::vector<std::string>& topics,
                         std::unique_ptr<TopicReader>& out,
                         const std::vector<std::pair<std::string, std::string>>& properties) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  std::vector<std::pair<std::string, std::string>> settings = {
      {"bootstrap.servers", bootstrap},
      {"group.id", "crm-topic-reader"},  // required by the API; never joined: assign() only
      {"enable.auto.commit", "false"},
      {"enable.partition.eof", "false"},
  };
  settings.insert(settings.end(), properties.begin(), properties.end());
  for (const auto& [name, value] : settings) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      return Status::invalid_argument(name + ": " + error);
    }
  }
  std::unique_ptr<TopicReader> reader(new TopicReader());
  reader->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!reader->consumer_) return Status::invalid_argument("cannot create a consumer: " + error);
  std::vector<RdKafka::TopicPartition*> partitions;
  Status status;
  for (const std::string& topic : topics) {
    status = partitions_of(*reader->consumer_, topic, partitions);
    if (!status.is_ok()) break;
  }
  if (status.is_ok()) {
    const RdKafka::ErrorCode err = reader->consumer_->assign(partitions);
    if (err != RdKafka::ERR_NO_ERROR) status = Status::io_error(RdKafka::err2str(err));
  }
  RdKafka::TopicPartition::destroy(partitions);
  if (!status.is_ok()) return status;
  out = std::move(reader);
  return Status::ok();
}

TopicReader::~TopicReader() {
  if (consumer_) consumer_->close();
}

Status TopicReader::read(std::int64_t count, std::chrono::milliseconds timeout,
                         const std::function<void(const RdKafka::Message&)>& on_message) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (read_ < count && std::chrono::steady_clock::now() < deadline) {
    const std::unique_ptr<RdKafka::Message> message(consumer_->consume(100));
    switch (message->err()) {
      case RdKafka::ERR_NO_ERROR:
        ++read_;
        if (on_message) on_message(*message);
        break;
      case RdKafka::ERR__TIMED_OUT:
      case RdKafka::ERR__PARTITION_EOF:
      case RdKafka::ERR__TRANSPORT:  // a broker went away: the client reconnects by itself
      case RdKafka::ERR__ALL_BROKERS_DOWN:
        break;
      default:
        return Status::io_error("consume: " + message->errstr());
    }
  }
  return Status::ok();
}

}  // namespace crm
