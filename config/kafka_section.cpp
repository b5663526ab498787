// kafka: brokers, group id, topic names, partitioner and librdkafka properties passed through.
#include <array>
#include <cstdint>

#include "config/config_error.h"
#include "config/kafka_property_guard.h"
#include "config/scalar_values.h"
#include "config/section_readers.h"

namespace crm {

namespace {

enum class TopicRole : std::uint8_t { kInput, kOutput, kDeadLetter };

struct TopicField {
  std::string_view key;
  std::string KafkaTopics::*field;
  TopicRole role;
};

constexpr std::array<TopicField, 6> kTopicFields = {{
    {"clickstream", &KafkaTopics::clickstream, TopicRole::kInput},
    {"orders", &KafkaTopics::orders, TopicRole::kInput},
    {"segment_changes", &KafkaTopics::segment_changes, TopicRole::kOutput},
    {"churn_risk", &KafkaTopics::churn_risk, TopicRole::kOutput},
    {"triggers", &KafkaTopics::triggers, TopicRole::kOutput},
    {"dead_letter", &KafkaTopics::dead_letter, TopicRole::kDeadLetter},
}};

void read_topics(const ConfigNode& node, KafkaTopics& topics) {
  const ConfigMap map(
      node, {"clickstream", "orders", "segment_changes", "churn_risk", "triggers", "dead_letter"});
  for (const TopicField& topic : kTopicFields) {
    if (auto value = map.find(topic.key)) topics.*topic.field = read_nonempty_string(*value);
  }
  // Outputs may share a topic. An output written to an input topic would feed crmstream its own
  // events in a loop, and dead letters mixed with anything else could not be told apart.
  for (std::size_t i = 0; i < kTopicFields.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const TopicField& later = kTopicFields[i];
      const TopicField& earlier = kTopicFields[j];
      const bool both_outputs =
          later.role == TopicRole::kOutput && earlier.role == TopicRole::kOutput;
      if (!both_outputs && topics.*later.field == topics.*earlier.field) {
        throw ConfigError(node.path() + "." + std::string(later.key),
                          "must differ from kafka.topics." + std::string(earlier.key) +
                              ", both are " + quoted(topics.*later.field));
      }
    }
  }
}

void read_properties(const ConfigNode& node, std::map<std::string, std::string>& properties) {
  properties.clear();
  for (const auto& [key, value] : node.entries()) {
    if (auto reason = forbidden_property_reason(key)) value.fail(*reason);
    properties.emplace(key, read_string(value));
  }
}

}  // namespace

void read_kafka(const ConfigNode& node, KafkaConfig& kafka) {
  const ConfigMap map(node, {"brokers", "group_id", "topics", "partitioner", "properties"});
  if (auto value = map.find("brokers")) kafka.brokers = read_nonempty_string(*value);
  if (auto value = map.find("group_id")) kafka.group_id = read_nonempty_string(*value);
  if (auto value = map.find("topics")) read_topics(*value, kafka.topics);
  if (auto value = map.find("partitioner")) {
    kafka.partitioner = read_choice(*value, kPartitionerNames);
  }
  if (auto value = map.find("properties")) read_properties(*value, kafka.properties);
}

}  // namespace crm
