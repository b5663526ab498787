#include "kafka/known_topics.h"

namespace crm {

Status KnownTopics::add(RdKafka::Producer& producer, const std::string& topic) {
  std::string error;
  // Creating the handle starts the topic's leader query (rd_kafka_topic_new).
  std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(&producer, topic, nullptr, error));
  if (!handle) return Status::invalid_argument("topic " + topic + ": " + error);
  handles_.push_back(std::move(handle));
  return Status::ok();
}

}  // namespace crm
