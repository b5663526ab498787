// The group commits that follow the state's commits (so lag tools see progress) go one at a
// time: while one is unanswered the next is not sent, and the one after carries the newer
// offsets. A slow or rebalancing coordinator then holds one commit, not a pile of them that
// would all fail, each with a librdkafka warning, when the group settles.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <thread>

#include "ingest/kafka_source.h"
#include "kafka/mock_cluster.h"
#include "service_test_support.h"

namespace crm {
namespace {

using namespace service_test;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// The group's committed offset of clickstream/0, as a fresh client reads it; -1 for none.
std::int64_t committed_offset(const Config& config) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  EXPECT_EQ(conf->set("bootstrap.servers", config.kafka.brokers, error), RdKafka::Conf::CONF_OK);
  EXPECT_EQ(conf->set("group.id", config.kafka.group_id, error), RdKafka::Conf::CONF_OK);
  std::unique_ptr<RdKafka::KafkaConsumer> reader(RdKafka::KafkaConsumer::create(conf.get(), error));
  EXPECT_TRUE(reader) << error;
  if (!reader) return -1;
  std::vector<RdKafka::TopicPartition*> partitions = {
      RdKafka::TopicPartition::create(config.kafka.topics.clickstream, 0)};
  std::int64_t offset = -1;
  if (reader->committed(partitions, 10'000) == RdKafka::ERR_NO_ERROR &&
      partitions[0]->err() == RdKafka::ERR_NO_ERROR) {
    offset = partitions[0]->offset();
  }
  RdKafka::TopicPartition::destroy(partitions);
  reader->close();
  return offset;
}

// Polls `source` until its commit is answered (10 s at most).
bool wait_commit_answered(KafkaSource& source) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  std::vector<std::unique_ptr<RdKafka::Message>> messages;
  while (source.commit_in_flight() && Clock::now() < deadline) {
    messages.clear();
    EXPECT_TRUE(source.poll(messages, 100, milliseconds(50)).is_ok());
  }
  return !source.commit_in_flight();
}

TEST(KafkaSourceCommits, OneGroupCommitAtATimeAndTheNextCarriesTheNewestOffsets) {
  Config config;
  config.kafka.group_id = "commits";
  std::unique_ptr<MockCluster> cluster = start_cluster(config, 1);
  ASSERT_TRUE(cluster);
  std::vector<Message> messages;
  for (int i = 0; i < 10; ++i) messages.push_back({config.kafka.topics.clickstream, 0, "", "{}"});
  produce(cluster->bootstrap(), messages);
  if (::testing::Test::HasFatalFailure()) return;

  std::unique_ptr<KafkaSource> source;
  ASSERT_TRUE(
      KafkaSource::create(
          config, [](const std::string&, std::int32_t) { return std::nullopt; }, nullptr, source)
          .is_ok());
  std::int32_t partitions = 0;
  ASSERT_TRUE(source->partition_count(partitions, milliseconds(10'000)).is_ok());
  ASSERT_TRUE(source->subscribe().is_ok());
  std::vector<std::unique_ptr<RdKafka::Message>> polled;
  for (const auto deadline = Clock::now() + std::chrono::seconds(20);
       source->assigned() < 2 && Clock::now() < deadline;) {
    ASSERT_TRUE(source->poll(polled, 100, milliseconds(50)).is_ok());
    polled.clear();
  }
  ASSERT_EQ(source->assigned(), 2u);

  // A coordinator answering after a second: the second commit is not sent.
  ASSERT_TRUE(cluster->set_broker_rtt(1, 1000).is_ok());
  ASSERT_TRUE(source->commit({{config.kafka.topics.clickstream, 0, 5}}).is_ok());
  EXPECT_TRUE(source->commit_in_flight());
  ASSERT_TRUE(source->commit({{config.kafka.topics.clickstream, 0, 7}}).is_ok());
  ASSERT_TRUE(wait_commit_answered(*source));
  ASSERT_TRUE(cluster->set_broker_rtt(1, 0).is_ok());
  EXPECT_EQ(committed_offset(config), 5) << "the commit sent while one was unanswered";

  // Answered: the next commit goes, with the newest offsets.
  ASSERT_TRUE(source->commit({{config.kafka.topics.clickstream, 0, 7}}).is_ok());
  EXPECT_TRUE(source->commit_in_flight());
  ASSERT_TRUE(wait_commit_answered(*source));
  EXPECT_EQ(committed_offset(config), 7);
  EXPECT_TRUE(source
                  ->close({{config.kafka.topics.clickstream, 0, 7}},
                          std::chrono::steady_clock::now() + std::chrono::seconds(10))
                  .is_ok());
}

}  // namespace
}  // namespace crm
