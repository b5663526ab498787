// A window waits for an input partition that ran out of buffered records until it is known to
// be at its end. librdkafka reports an end only after a fetch that found nothing, and a broker
// may hold such a fetch for fetch.wait.max.ms: the run loop also takes the partition's end from
// the last fetch's high watermark, so what a fetch brought is applied at once.
#include <gtest/gtest.h>

#include <chrono>

#include "kafka/mock_cluster.h"
#include "kafka/task_partitioner.h"
#include "service_test_support.h"
#include "state/batch.h"
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
  // Data in every input partition: a partition's first fetch then returns at once with its
  // data and its end (an empty partition's first fetch is held too, and ends only with it).
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  std::vector<Message> messages;
  for (std::int32_t partition = 0; partition < kPartitions; ++partition) {
    std::string customer;
    for (int i = 0; customer.empty(); ++i) {
      const std::string candidate = "cust-" + std::to_string(i);
      if (partitioner.task_of(candidate) == partition) customer = candidate;
    }
    const std::string c = R"("customer_id":")" + customer + R"(","ts":1772359200000)";
    const std::string p = std::to_string(partition);
    messages.push_back(
        {topics.clickstream, partition, customer,
         R"({"event_id":"v-)" + p + R"(","type":"page_view",)" + c + R"(,"page":"/"})"});
    messages.push_back({topics.orders, partition, customer,
                        R"({"event_id":"o-)" + p + R"(","type":"order_placed",)" + c +
                            R"(,"order_id":"o-)" + p + R"(","amount":"10"})"});
  }
  produce(cluster->bootstrap(), messages);
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, kPartitions);

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  // Input positions in the state: each partition is assigned at its stored offset and fetched
  // at once. Without them librdkafka looks each partition's start up on its own, and a fetch of
  // the first one found, caught up before the others were, is held for the whole 15 s.
  Batch positions(*store);
  for (std::int32_t partition = 0; partition < kPartitions; ++partition) {
    for (const std::string& topic : {topics.clickstream, topics.orders}) {
      positions.put_meta(static_cast<TaskId>(partition), "offset/" + topic, "0");
    }
  }
  ASSERT_TRUE(store->write(positions).is_ok());

  PipelineThread pipeline(config, *store);
  // The group join takes ~3 s (the broker's initial rebalance delay); waiting for the empty
  // fetches would take 15 s more. 12 s leaves room for a loaded machine (9 s once fell short
  // under a parallel ctest) and still tells the two apart.
  ASSERT_TRUE(pipeline.complete(ends, std::chrono::seconds(12)));
  EXPECT_EQ(pipeline.progress().applied, 2 * kPartitions);
  const Status stopped = pipeline.stop();
  EXPECT_TRUE(stopped.is_ok()) << stopped.to_string();
}

}  // namespace
}  // namespace crm
