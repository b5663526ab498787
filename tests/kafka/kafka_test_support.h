// What the Kafka tests share: a mock cluster with crmstream's input topics, and reading every
// message of topics back as plain records. Single-threaded test code.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "kafka/mock_cluster.h"
#include "kafka/topic_reader.h"

namespace crm::testing {

struct Record {
  std::string topic;
  std::int32_t partition = 0;
  std::string key;
  std::string payload;
};

// A one-broker cluster with crm.clickstream and crm.orders of `partitions` partitions.
inline std::unique_ptr<MockCluster> start_cluster(std::int32_t partitions) {
  std::unique_ptr<MockCluster> cluster;
  const Status started = MockCluster::start(1, cluster);
  EXPECT_TRUE(started.is_ok()) << started.to_string();
  if (!started.is_ok()) return nullptr;
  const KafkaTopics topics;
  for (const std::string& topic : {topics.clickstream, topics.orders}) {
    const Status created = cluster->create_topic(topic, partitions);
    EXPECT_TRUE(created.is_ok()) << created.to_string();
  }
  return cluster;
}

// Reads `topics` from their beginning until `count` messages, or 30 s, then 200 ms more to
// catch any message beyond `count`.
inline std::vector<Record> read_all(const std::string& bootstrap,
                                    const std::vector<std::string>& topics, std::int64_t count) {
  std::vector<Record> records;
  std::unique_ptr<TopicReader> reader;
  const Status opened = TopicReader::open(bootstrap, topics, reader);
  EXPECT_TRUE(opened.is_ok()) << opened.to_string();
  if (!opened.is_ok()) return records;
  const auto keep = [&records](const RdKafka::Message& message) {
    Record& r = records.emplace_back();
    r.topic = message.topic_name();
    r.partition = message.partition();
    if (message.key() != nullptr) r.key = *message.key();
    r.payload.assign(static_cast<const char*>(message.payload()), message.len());
  };
  Status read = reader->read(count, std::chrono::seconds(30), keep);
  EXPECT_TRUE(read.is_ok()) << read.to_string();
  read = reader->read(count + 1, std::chrono::milliseconds(200), keep);
  EXPECT_TRUE(read.is_ok()) << read.to_string();
  return records;
}

}  // namespace crm::testing
