// A broker that refuses an output (here: not authorized for the topic) stops `crmstream run`
// with the reason, and loses nothing: the output stays in the outbox and the next run delivers
// it before it reads new input (issue "Kafka in and out": a fatal producer error is reported
// and the process stops non-zero; an outbox entry is deleted only after its delivery report).
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <thread>

#include "kafka/mock_cluster.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

constexpr std::int16_t kProduceApiKey = 0;  // the Kafka protocol's ApiKey of Produce

TEST(KafkaPipelineOutputs, ARefusedDeliveryStopsTheRunAndTheNextRunDeliversIt) {
  Config config;
  config.kafka.group_id = "refused";
  use_short_sessions(config);
  std::unique_ptr<MockCluster> cluster = start_cluster(config, 1);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  produce(cluster->bootstrap(),
          {{topics.clickstream, 0, "c-1",
            R"({"event_id":"e-1","type":"signup","customer_id":"c-1","ts":1772359200000})"}});
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, 1);
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);

  // From now on the broker refuses the first produce request: crmstream's.
  cluster->fail_next_requests(kProduceApiKey, 1, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  {
    PipelineThread pipeline(config, *store);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!pipeline.finished() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(pipeline.finished()) << "still running 30 s after the broker refused an output";
    const Status status = pipeline.wait();
    EXPECT_EQ(status.code(), Status::Code::kIOError) << status.to_string();
    EXPECT_NE(status.message().find("delivery to crm.segment-changes failed"), std::string::npos)
        << status.to_string();
  }
  EXPECT_TRUE(read_outputs(cluster->bootstrap(), {topics.segment_changes}, 0).empty());

  PipelineThread pipeline(config, *store);
  ASSERT_TRUE(pipeline.complete(ends, std::chrono::seconds(30)));
  const Status stopped = pipeline.stop();
  EXPECT_TRUE(stopped.is_ok()) << stopped.to_string();
  const std::vector<OutputMessage> outputs =
      read_outputs(cluster->bootstrap(), {topics.segment_changes}, 1);
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].key, "c-1");
  EXPECT_EQ(string_field(outputs[0].payload, "event_id"), "c-1:ee-1:lifecycle");
}

}  // namespace
}  // namespace crm
