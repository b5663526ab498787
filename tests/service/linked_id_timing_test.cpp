// After a signup links an anonymous id to a customer, the id's later events reach the
// customer's task at their ts (events.md "Keys, partitions and tasks": the id's task forwards
// them, a second hop), also when the customer's task comes before the id's in the instance's
// apply order. Here the customer adds to its cart, the linked id removes the item 5 minutes
// later, and the customer's own page_view 20 minutes after the add (past the 10-minute
// cart_abandoned_after) is in the same window: the removal must come first, so no cart is
// abandoned. (Forwarded by the id's task, the removal came a window late, after the page_view
// had fired the trigger.) Once with the link stored by an earlier window, once with the signup in
// the same window.
#include <gtest/gtest.h>

#include "kafka/mock_cluster.h"
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

std::string anonymous_event(const std::string& id, const std::string& type,
                            const std::string& anonymous_id, TimeMs ts, const std::string& fields) {
  return R"({"event_id":")" + id + R"(","type":")" + type + R"(","anonymous_id":")" + anonymous_id +
         R"(","ts":)" + std::to_string(ts) + fields + "}";
}

void removal_by_the_linked_id_comes_first(TimeMs signup_at) {
  const std::string customer = key_of_task(kPartitions, 0);
  const std::string visitor = key_of_task(kPartitions, 3, "anon-");
  Config config;
  config.kafka.group_id = "linked-id";
  config.triggers.cart_abandoned_after = 10 * kMinute;
  std::unique_ptr<MockCluster> cluster = start_cluster(config, kPartitions);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  const std::string item = R"(,"product_id":"p-1","price":"20")";
  produce(
      cluster->bootstrap(),
      {{topics.clickstream, 0, customer,
        customer_event("e-1", "signup", customer, signup_at,
                       R"(,"anonymous_id":")" + visitor + "\"")},
       {topics.clickstream, 0, customer, customer_event("e-2", "add_to_cart", customer, kT0, item)},
       {topics.clickstream, 3, visitor,
        anonymous_event("e-3", "remove_from_cart", visitor, kT0 + 5 * kMinute,
                        R"(,"product_id":"p-1")")},
       {topics.clickstream, 0, customer,
        customer_event("e-4", "page_view", customer, kT0 + 20 * kMinute, R"(,"page":"/")")}});
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, kPartitions);

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  Metrics metrics("test");
  const PipelineProgress progress = run_to_the_end(config, *store, ends, &metrics);
  EXPECT_EQ(progress.applied, 4);
  EXPECT_EQ(progress.forwarded, 1) << "the removal, once";
  EXPECT_NE(metrics.serialize().find(R"(crmstream_hops_total{how="link"} 1)"), std::string::npos);
  EXPECT_EQ(total(end_offsets(cluster->bootstrap(), {topics.triggers}, kPartitions)), 0)
      << "a cart_abandoned was sent";
  const auto profiles = stored_profiles(*store, kPartitions);
  const auto it = profiles.find({ProfileKind::kCustomer, customer});
  ASSERT_NE(it, profiles.end());
  EXPECT_TRUE(it->second.profile.cart.empty());
  EXPECT_EQ(it->second.profile.counters[static_cast<std::size_t>(EventType::kRemoveFromCart)], 1);
  for (TaskId task = 0; task < kPartitions; ++task) {
    EXPECT_FALSE(store->scan(Family::kMeta, routed_marks_range(task)).valid()) << task;
  }
  ASSERT_TRUE(store->close().is_ok());
}

TEST(KafkaPipelineLinkedId, ALinkedIdsEventReachesAnEarlierCustomerTaskAtItsTs) {
  removal_by_the_linked_id_comes_first(kT0 - 120 * kMinute);  // a window of its own
}

TEST(KafkaPipelineLinkedId, AnIdLinkedInTheSameWindowToo) {
  removal_by_the_linked_id_comes_first(kT0 - kMinute);
}

}  // namespace
}  // namespace crm
