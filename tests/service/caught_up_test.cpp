// A window waits for an input partition that ran out of buffered records until it is known to
// be at its end. librdkafka reports an end only after a fetch that found nothing, and a broker
// may hold such a fetch for fetch.wait.max.ms: the run loop also takes the partition's end from
// the last fetch's high watermark, so what a fetch brought is applied at once.
#include <gtest/gtest.h>

#include <chrono>

#include "kafka/mock_cluster.h"
#include "kafka/task_partitioner.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

constexpr std::int32_t kPartitions = 2;

TEST(KafkaPipelineCaughtUp, AppliesWhatAFetchBroughtWithoutWaitingForAnEmptyFetch) {
  Config config;
  config.kafka.group_id = "caught-up";
  // The mock broker holds a fetch that finds nothing for all of this; the end-of-partition
  // event of a partition that had data comes only with such a fetch.
  config.kafka.properties["fetch.wait.max.ms"] = "15000";
  config.time.max_task_idle = 60 * kSecondMs;  // the window does not give up waiting
  std::unique_ptr<MockCluster> cluster = start_cluster(config, kPartitions);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  std::vector<Message> messages;
  for (int i = 0; i < 6; ++i) {
    const std::string customer = "cust-" + std::to_string(i);
    messages.push_back(
        {i % 2 == 0 ? topics.clickstream : topics.orders, partitioner.task_of(customer), customer,
         R"({"event_id":"e-)" + std::to_string(i) + R"(","type":"page_view","customer_id":")" +
             customer + R"(","ts":1772359200000,"page":"/"})"});
  }
  produce(cluster->bootstrap(), messages);
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends =
      end_offsets(cluster->bootstrap(), {topics.clickstream, topics.orders}, kPartitions);

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);

  PipelineThread pipeline(config, *store);
  // The group join takes ~3 s (the broker's initial rebalance delay); waiting for the empty
  // fetches would take 15 s more.
  ASSERT_TRUE(pipeline.complete(ends, std::chrono::seconds(9)));
  EXPECT_EQ(pipeline.progress().applied, 6);
  const Status stopped = pipeline.stop();
  EXPECT_TRUE(stopped.is_ok()) << stopped.to_string();
}

}  // namespace
}  // namespace crm
