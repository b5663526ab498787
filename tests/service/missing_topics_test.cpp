// `crmstream run` started before its input topics exist (a compose file, a new cluster) waits
// for them and starts once they do, saying why it waits once, not twice a second. Meanwhile it
// is alive (/healthz) but not ready (/readyz), and serves requests for its loop (erasures).
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "kafka/mock_cluster.h"
#include "observability/logging.h"
#include "observability/metrics.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

TEST(KafkaPipelineStart, WaitsForMissingInputTopicsWithOneLogLine) {
  LogConfig log;
  log.level = "info";
  configure_logging(log);
  std::unique_ptr<MockCluster> cluster;
  ASSERT_TRUE(MockCluster::start(1, cluster).is_ok());
  Config config;
  config.kafka.brokers = cluster->bootstrap();
  config.kafka.group_id = "early";
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);

  testing::internal::CaptureStderr();
  std::string err;
  {
    HealthState health(std::chrono::seconds(1));
    LoopRequests requests;
    PipelineThread pipeline(config, *store, {}, &health, nullptr, &requests);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    EXPECT_FALSE(pipeline.finished()) << "gave up on the missing topics";
    std::string reason;
    EXPECT_TRUE(health.healthy(reason)) << reason;
    EXPECT_FALSE(health.ready());
    // A request for the loop (an erasure through POST /v1/admin/forget) is served meanwhile.
    bool served = false;
    const Status request = requests.submit([&served] {
      served = true;
      return Status::ok();
    });
    EXPECT_TRUE(request.is_ok()) << request.to_string();
    EXPECT_TRUE(served);
    // (The output topics exist already: the mock creates a topic a producer asks for.)
    for (const std::string& topic : {config.kafka.topics.clickstream, config.kafka.topics.orders}) {
      const Status created = cluster->create_topic(topic, 1);
      ASSERT_TRUE(created.is_ok()) << topic << ": " << created.to_string();
    }
    // Running: progress reports come from the loop that consumes.
    EXPECT_TRUE(pipeline.wait_reports(2, std::chrono::seconds(20)));
    const Status stopped = pipeline.stop();
    EXPECT_TRUE(stopped.is_ok()) << stopped.to_string();
  }
  spdlog::default_logger()->flush();
  err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(occurrences(err, "does not exist; retrying"), 1u) << err;
  EXPECT_EQ(occurrences(err, "consuming crm.clickstream and crm.orders"), 1u) << err;
}

// operations.md: run "consumes from Kafka until SIGTERM / SIGINT, then shuts down cleanly",
// also when the signal comes while it still waits for its topics (it returned the waiting
// error, so `run` exited 1).
TEST(KafkaPipelineStart, AStopWhileWaitingForTheTopicsIsACleanStop) {
  std::unique_ptr<MockCluster> cluster;
  ASSERT_TRUE(MockCluster::start(1, cluster).is_ok());
  Config config;
  config.kafka.brokers = cluster->bootstrap();
  config.kafka.group_id = "never";
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  PipelineThread pipeline(config, *store);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_FALSE(pipeline.finished());
  const Status stopped = pipeline.stop();
  EXPECT_TRUE(stopped.is_ok()) << stopped.to_string();
}

// operations.md "Metrics": Kafka errors by code, also while the run waits for a broker that
// does not answer at start (the client's error events were served only once it consumed).
TEST(KafkaPipelineStart, KafkaErrorsAreCountedWhileNoBrokerAnswers) {
  Config config;
  config.kafka.brokers = "127.0.0.1:1";  // nothing listens there
  config.kafka.group_id = "nobody";
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  Metrics metrics("t");
  PipelineThread pipeline(config, *store, {}, nullptr, &metrics);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool counted = false;
  while (!counted && std::chrono::steady_clock::now() < deadline) {
    counted = metrics.serialize().find(R"(crmstream_kafka_errors_total{code="_TRANSPORT"})") !=
              std::string::npos;
    if (!counted) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(counted) << metrics.serialize();
  EXPECT_TRUE(pipeline.stop().is_ok());
}

// events.md "Keys, partitions and tasks": both input topics have the same number of
// partitions, so that partition N of both is one task. Otherwise the run stops, naming both.
TEST(KafkaPipelineStart, InputTopicsOfDifferentPartitionCountsStopTheRunNamingBoth) {
  std::unique_ptr<MockCluster> cluster;
  ASSERT_TRUE(MockCluster::start(1, cluster).is_ok());
  Config config;
  config.kafka.brokers = cluster->bootstrap();
  config.kafka.group_id = "uneven";
  ASSERT_TRUE(cluster->create_topic(config.kafka.topics.clickstream, 2).is_ok());
  ASSERT_TRUE(cluster->create_topic(config.kafka.topics.orders, 3).is_ok());
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);

  PipelineThread pipeline(config, *store);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!pipeline.finished() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(pipeline.finished()) << "still running with uneven input topics";
  const Status status = pipeline.wait();
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument) << status.to_string();
  EXPECT_NE(status.message().find("crm.clickstream has 2, crm.orders has 3"), std::string::npos)
      << status.to_string();
}

}  // namespace
}  // namespace crm
