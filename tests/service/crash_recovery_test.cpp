// A crash in the middle of a window (service/window_plan.h): the restarted run finishes exactly
// the window it was in before it chooses a new one. Hand-made so that the difference shows: a
// customer's order_paid, 29 minutes after its order_placed, is sent to the other task's
// partition, and the customer's own page_view 45 minutes after the order lies in the same window.
// Uninterrupted, the payment reaches the customer's task in that window, before the page_view, so
// no payment reminder falls due. The run dies after the first task of the window committed its
// part. Were the restart to apply the payment after the page_view, a reminder would be sent;
// were it to apply it twice, the second would be a duplicate.
#include <gtest/gtest.h>

#include "kafka/mock_cluster.h"
#include "service/routed_mark.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

constexpr std::int32_t kPartitions = 2;
constexpr TimeMs kT0 = 1'772'359'200'000;  // 2026-03-01T10:00:00Z
constexpr TimeMs kMinute = 60'000;

// Publishes the customer's story, runs until the first engine batch has committed and dies,
// restarts and runs to the end.
void crash_after_the_first_batch(const std::string& customer, std::int32_t own) {
  Config config;
  config.kafka.group_id = "crash";
  use_short_sessions(config);
  std::unique_ptr<MockCluster> cluster = start_cluster(config, kPartitions);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  const std::string order = R"(,"order_id":"o-1","amount":"20")";
  produce(
      cluster->bootstrap(),
      {{topics.orders, own, customer, customer_event("e-1", "order_placed", customer, kT0, order)},
       {topics.orders, 1 - own, customer,  // the wrong partition
        customer_event("e-2", "order_paid", customer, kT0 + 29 * kMinute, order)},
       {topics.clickstream, own, customer,
        customer_event("e-3", "page_view", customer, kT0 + 45 * kMinute)},
       {topics.clickstream, own, customer,  // a later window: the clock moves on
        customer_event("e-4", "page_view", customer, kT0 + 180 * kMinute)}});
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, kPartitions);

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  {
    PipelineOptions options;
    options.window_per_task = 2;    // the first window: e-1, e-2 and e-3
    options.die_after_batches = 1;  // task 0's part of it
    options.stop_timeout = std::chrono::milliseconds(0);
    PipelineThread first(config, *store, options);
    EXPECT_FALSE(first.wait().is_ok());
  }
  {
    PipelineOptions options;
    options.window_per_task = 2;
    PipelineThread second(config, *store, options);
    // Every position reaches its end, the wrong partition's too.
    ASSERT_TRUE(second.complete(ends, std::chrono::seconds(30)));
    EXPECT_EQ(second.progress().duplicates, 0) << "the payment was applied again";
    ASSERT_TRUE(second.stop().is_ok());
  }
  const auto profiles = stored_profiles(*store, kPartitions);
  const auto it = profiles.find({ProfileKind::kCustomer, customer});
  ASSERT_NE(it, profiles.end());
  EXPECT_EQ(it->second.task, own);
  EXPECT_EQ(it->second.profile.counters[static_cast<std::size_t>(EventType::kOrderPaid)], 1);
  EXPECT_EQ(total(end_offsets(cluster->bootstrap(), {topics.triggers}, kPartitions)), 0)
      << "a payment reminder was sent";
  for (TaskId task = 0; task < kPartitions; ++task) {
    EXPECT_FALSE(store->scan_forwards(task).valid()) << task;
    EXPECT_FALSE(store->scan(Family::kMeta, routed_marks_range(task)).valid()) << task;
  }
  ASSERT_TRUE(store->close().is_ok());
}

// The customer's task comes first: it takes the payment from task 1's partition and commits it
// with a mark, then the run dies before task 1's position moved past the payment. The restart
// skips it.
TEST(KafkaPipelineCrash, AMessageAnEarlierTaskAppliedIsNotAppliedAgain) {
  crash_after_the_first_batch(key_of_task(kPartitions, 0), 0);
}

// The customer's task comes second: task 0 forwards the payment, which joins task 1's part of
// the window before the page_view; the run dies after task 0 committed the forward. The restart
// applies it in the window it was made in, not in the next one.
TEST(KafkaPipelineCrash, AForwardMadeInAWindowIsAppliedInItAfterARestart) {
  crash_after_the_first_batch(key_of_task(kPartitions, 1), 1);
}

}  // namespace
}  // namespace crm
