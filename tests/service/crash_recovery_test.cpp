// A crash in the middle of a window (service/window_plan.h): the restarted run finishes exactly
// the window it was in before it chooses a new one. Hand-made so that the difference shows:
// a customer of task 0 has an add_to_cart sent to task 1's partition (so it is forwarded) and an
// order_placed a minute later in its own. Uninterrupted, the forward is applied before the
// order and the order empties the cart. The run dies after task 0 committed its part of the
// first window and before task 1 applied (and forwarded) the add. Were the restart to choose a
// fresh window, task 0 would apply the order before the add reached it, and the cart, left
// open, would be abandoned an hour later.
#include <gtest/gtest.h>

#include "kafka/mock_cluster.h"
#include "kafka/task_partitioner.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

constexpr std::int32_t kPartitions = 2;
constexpr TimeMs kT0 = 1'772'359'200'000;  // 2026-03-01T10:00:00Z
constexpr TimeMs kMinute = 60'000;

std::string event(const std::string& id, const std::string& type, const std::string& customer,
                  TimeMs ts, const std::string& fields = "") {
  return R"({"event_id":")" + id + R"(","type":")" + type + R"(","customer_id":")" + customer +
         R"(","ts":)" + std::to_string(ts) + fields + "}";
}

TEST(KafkaPipelineCrash, ARestartFinishesTheWindowACrashInterrupted) {
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  std::string customer;  // owned by task 0
  for (int i = 1; customer.empty(); ++i) {
    if (partitioner.task_of("cust-" + std::to_string(i)) == 0)
      customer = "cust-" + std::to_string(i);
  }
  Config config;
  config.kafka.group_id = "crash";
  use_short_sessions(config);
  std::unique_ptr<MockCluster> cluster = start_cluster(config, kPartitions);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  produce(cluster->bootstrap(),
          {{topics.clickstream, 0, customer, event("e-1", "page_view", customer, kT0)},
           {topics.clickstream, 1, customer,  // the wrong partition: forwarded to task 0
            event("e-2", "add_to_cart", customer, kT0 + 5 * kMinute,
                  R"(,"product_id":"p-1","price":"20")")},
           {topics.orders, 0, customer,
            event("e-3", "order_placed", customer, kT0 + 6 * kMinute,
                  R"(,"order_id":"o-1","amount":"20")")},
           {topics.orders, 0, customer,  // paid: no payment reminder on crm.triggers
            event("e-5", "order_paid", customer, kT0 + 7 * kMinute,
                  R"(,"order_id":"o-1","amount":"20")")},
           {topics.clickstream, 0, customer,  // moves the clock past a cart's hour
            event("e-4", "page_view", customer, kT0 + 180 * kMinute)}});
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, kPartitions);

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  {
    PipelineOptions options;
    options.window_per_task = 1;    // windows of 2 records: {e-1, e-2}, then {e-2's forward, e-3}
    options.die_after_batches = 1;  // task 0's part of the first window
    options.stop_timeout = std::chrono::milliseconds(0);
    PipelineThread first(config, *store, options);
    EXPECT_FALSE(first.wait().is_ok());
  }
  {
    PipelineOptions options;
    options.window_per_task = 1;
    PipelineThread second(config, *store, options);
    ASSERT_TRUE(second.complete(ends, std::chrono::seconds(30)));
    ASSERT_TRUE(second.stop().is_ok());
  }
  const auto profiles = stored_profiles(*store, kPartitions);
  const auto it = profiles.find({ProfileKind::kCustomer, customer});
  ASSERT_NE(it, profiles.end());
  EXPECT_EQ(it->second.task, 0);
  EXPECT_TRUE(it->second.profile.cart.empty()) << "the order was applied before the add";
  EXPECT_EQ(total(end_offsets(cluster->bootstrap(), {topics.triggers}, kPartitions)), 0)
      << "a cart_abandoned was sent";
  ASSERT_TRUE(store->close().is_ok());
}

}  // namespace
}  // namespace crm
