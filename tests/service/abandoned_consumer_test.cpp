// A consumer stopped before the group assigned it anything is left alive (librdkafka#4312, see
// ingest/kafka_source.cpp), and its threads go on logging. Those logs must not reach the event
// callback the source was given: its owner destroys it after the source, and when the logs still
// went there a later test in the same process crashed in librdkafka's log trampoline.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "ingest/kafka_source.h"
#include "kafka/mock_cluster.h"
#include "service_test_support.h"

namespace crm {
namespace {

using namespace service_test;
using std::chrono::milliseconds;

struct CountingEvents : RdKafka::EventCb {
  void event_cb(RdKafka::Event&) override { events.fetch_add(1); }
  std::atomic<int> events{0};
};

TEST(KafkaSourceAbandoned, ItsLogsNoLongerReachTheCallerOnceClosed) {
  Config config;
  config.kafka.group_id = "abandoned";
  config.kafka.properties["debug"] = "broker";  // logs on every connection attempt
  std::unique_ptr<MockCluster> cluster = start_cluster(config, 1);
  ASSERT_TRUE(cluster);
  CountingEvents events;
  std::unique_ptr<KafkaSource> source;
  ASSERT_TRUE(
      KafkaSource::create(
          config, [](const std::string&, std::int32_t) { return std::nullopt; }, &events, source)
          .is_ok());
  std::int32_t partitions = 0;
  ASSERT_TRUE(source->partition_count(partitions, milliseconds(10'000)).is_ok());
  ASSERT_TRUE(source->subscribe().is_ok());
  std::vector<std::unique_ptr<RdKafka::Message>> polled;
  ASSERT_TRUE(source->poll(polled, 10, milliseconds(100)).is_ok());
  ASSERT_EQ(source->assigned(), 0u) << "assigned before the group's 3 s join delay";
  ASSERT_GT(events.events.load(), 0) << "no log reached the callback while it was attached";

  ASSERT_TRUE(
      source->close({}, std::chrono::steady_clock::now() + std::chrono::seconds(10)).is_ok());
  source.reset();
  const int at_close = events.events.load();
  cluster.reset();  // the broker goes: the consumer left alive logs its failed reconnections
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(events.events.load(), at_close);
}

}  // namespace
}  // namespace crm
