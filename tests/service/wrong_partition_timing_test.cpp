// "A wrong key costs a hop, never correctness" (events.md "Keys, partitions and tasks"): a
// message in another task's partition is applied by its owner at its ts, in the same window as
// the owner's own records, whichever side of the owner the wrong partition's task is in the
// instance's apply order. Here an order_paid 29 minutes after its order_placed is sent to a wrong
// partition while the owner's own page_view 45 minutes after the order lies in the same window:
// the payment must be applied before the reminder falls due at 30 minutes. (Applied a window
// late, as it once was, it came after the page_view had fired the reminder.) A third customer's
// unpaid order shows that the reminder does fire.
#include <gtest/gtest.h>

#include <set>

#include "kafka/mock_cluster.h"
#include "kafka/task_partitioner.h"
#include "observability/metrics.h"
#include "service/routed_mark.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

constexpr std::int32_t kPartitions = 4;
constexpr TimeMs kT0 = 1'772'359'200'000;  // 2026-03-01T10:00:00Z
constexpr TimeMs kMinute = 60'000;

// The customer's order, its own page_view 45 minutes later, and the payment at 29 minutes in
// `paid_partition` (no payment when negative); then a page_view hours later in its own partition.
std::vector<Message> order_story(const KafkaTopics& topics, const std::string& customer,
                                 std::int32_t own, std::int32_t paid_partition) {
  const std::string order = R"(,"order_id":"o-)" + customer + R"(","amount":"40")";
  std::vector<Message> messages = {
      {topics.orders, own, customer,
       customer_event(customer + "-placed", "order_placed", customer, kT0, order)},
      {topics.clickstream, own, customer,
       customer_event(customer + "-view", "page_view", customer, kT0 + 45 * kMinute,
                      R"(,"page":"/")")},
      {topics.clickstream, own, customer,
       customer_event(customer + "-later", "page_view", customer, kT0 + 600 * kMinute,
                      R"(,"page":"/")")}};
  if (paid_partition >= 0) {
    messages.push_back(
        {topics.orders, paid_partition, customer,
         customer_event(customer + "-paid", "order_paid", customer, kT0 + 29 * kMinute, order)});
  }
  return messages;
}

TEST(KafkaPipelineWrongPartition, APaymentInAWrongPartitionComesBeforeItsReminderEitherWay) {
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  // Home before the owner: its task forwards the payment, which joins the owner's part of the
  // window. Home after the owner: the owner takes the payment from it before the window begins.
  const std::string forwarded = key_of_task(kPartitions, 2, "fwd-");
  const std::string rerouted = key_of_task(kPartitions, 1, "rer-");
  const std::string unpaid = key_of_task(kPartitions, 1, "unpaid-");

  Config config;
  config.kafka.group_id = "wrong-partition";
  std::unique_ptr<MockCluster> cluster = start_cluster(config, kPartitions);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  std::vector<Message> messages = order_story(topics, forwarded, 2, 0);
  for (Message& m : order_story(topics, rerouted, 1, 3)) messages.push_back(std::move(m));
  for (Message& m : order_story(topics, unpaid, 1, -1)) messages.push_back(std::move(m));
  produce(cluster->bootstrap(), messages);
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, kPartitions);

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  // Every position reaches its partition's end: also partition 3's, whose only message task 1
  // applied.
  Metrics metrics("test");
  const PipelineProgress progress = run_to_the_end(config, *store, ends, &metrics);
  EXPECT_EQ(progress.applied, 11);
  EXPECT_EQ(progress.forwarded, 2);
  // One payment moved to its owner, one forwarded by its partition's task.
  const std::string text = metrics.serialize();
  EXPECT_NE(text.find(R"(crmstream_hops_total{how="partition"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(crmstream_hops_total{how="forward"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(crmstream_hops_total{how="link"} 0)"), std::string::npos) << text;
  const std::int64_t trigger_count =
      total(end_offsets(cluster->bootstrap(), {topics.triggers}, kPartitions));
  const std::vector<OutputMessage> triggers =
      read_outputs(cluster->bootstrap(), {topics.triggers}, trigger_count);
  std::set<std::string> reminded;
  for (const OutputMessage& m : triggers) {
    EXPECT_EQ(string_field(m.payload, "type"), "payment_reminder") << m.payload;
    reminded.insert(m.key);
  }
  EXPECT_EQ(reminded, std::set<std::string>{unpaid});

  const auto profiles = stored_profiles(*store, kPartitions);
  for (const std::string& customer : {forwarded, rerouted}) {
    const auto it = profiles.find({ProfileKind::kCustomer, customer});
    ASSERT_NE(it, profiles.end()) << customer;
    EXPECT_EQ(it->second.task, partitioner.task_of(customer));
    EXPECT_EQ(it->second.profile.counters[static_cast<std::size_t>(EventType::kOrderPaid)], 1)
        << customer;
  }
  // Nothing left behind: no forward, no mark of a message applied for another task.
  for (TaskId task = 0; task < kPartitions; ++task) {
    EXPECT_FALSE(store->scan_forwards(task).valid()) << task;
    EXPECT_FALSE(store->scan(Family::kMeta, routed_marks_range(task)).valid()) << task;
  }
  ASSERT_TRUE(store->close().is_ok());
}

}  // namespace
}  // namespace crm
