// semantics.md "Time": with `time.clock: wall` "the clock is the system clock, so that
// inactivity is noticed even when no events flow". One add_to_cart and nothing after it: the
// cart is abandoned by the wall clock alone (with stream time it would wait for a next event).
#include <gtest/gtest.h>

#include <chrono>

#include "kafka/mock_cluster.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

TEST(KafkaPipelineWallClock, ACartIsAbandonedWithNoFurtherEvent) {
  Config config;
  config.kafka.group_id = "wall";
  config.time.clock = ClockKind::kWall;
  config.triggers.cart_abandoned_after = 10'000;  // well after the group join (~3 s)
  std::unique_ptr<MockCluster> cluster = start_cluster(config, 1);
  ASSERT_TRUE(cluster);
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  produce(cluster->bootstrap(),
          {{config.kafka.topics.clickstream, 0, "c-1",
            R"({"event_id":"e-1","type":"add_to_cart","customer_id":"c-1","ts":)" +
                std::to_string(now) +
                R"(,"product_id":"sku-1","quantity":1,"price":"9.5","currency":"USD"})"}});
  if (::testing::Test::HasFatalFailure()) return;
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);

  PipelineThread pipeline(config, *store);
  const std::vector<OutputMessage> triggers =
      read_outputs(config.kafka.brokers, {config.kafka.topics.triggers}, 1);
  EXPECT_TRUE(pipeline.stop().is_ok());
  ASSERT_EQ(triggers.size(), 1u);
  EXPECT_EQ(string_field(triggers[0].payload, "type"), "cart_abandoned") << triggers[0].payload;
  EXPECT_EQ(triggers[0].key, "c-1");
  EXPECT_EQ(string_field(triggers[0].payload, "event_id"),
            "c-1:t" + std::to_string(now + 10'000) + ":cart_abandoned")
      << triggers[0].payload;
}

}  // namespace
}  // namespace crm
