// An anonymous id's event that comes before a signup/login of its id in the same window, when
// that link's task comes before the id's own in the instance's apply order
// (service/link_routing.h): the event must count for whom the id was linked to at its ts.
//
// First, without a stored link (applied for the visitor in the link's task, ahead of the link). A
// visitor (task 3) views a page; a minute later it signs up as a customer of task 1, a minute after
// that it logs in as a customer of task 2 (events.md: "its events from then on count for the newest
// one"). As a file replay has it, the page view is the visitor's, merged into the first customer by
// the signup; the second customer gets nothing. Left to the id's task, the page view was applied
// after both links and went to the second customer, a window late. Once uninterrupted, once with a
// crash after task 0's part of the window, so that the restart must apply the page view for the
// visitor too.
#include <gtest/gtest.h>

#include <limits>

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

std::int64_t page_views(const std::map<ProfileKey, StoredProfile>& profiles,
                        const std::string& customer) {
  const auto it = profiles.find({ProfileKind::kCustomer, customer});
  if (it == profiles.end()) return -1;
  return it->second.profile.counters[static_cast<std::size_t>(EventType::kPageView)];
}

void page_view_before_the_links(bool crash) {
  const std::string other = key_of_task(kPartitions, 0);
  const std::string first = key_of_task(kPartitions, 1);
  const std::string newest = key_of_task(kPartitions, 2);
  const std::string visitor = key_of_task(kPartitions, 3, "anon-");
  Config config;
  config.kafka.group_id = "visitor-before-link";
  use_short_sessions(config);
  std::unique_ptr<MockCluster> cluster = start_cluster(config, kPartitions);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  const std::string cookie = R"(,"anonymous_id":")" + visitor + "\"";
  produce(cluster->bootstrap(),
          {{topics.clickstream, 0, other, customer_event("e-0", "page_view", other, kT0)},
           {topics.clickstream, 3, visitor,
            R"({"event_id":"e-1","type":"page_view","anonymous_id":")" + visitor + R"(","ts":)" +
                std::to_string(kT0 + kMinute) + "}"},
           {topics.clickstream, 1, first,
            customer_event("e-2", "signup", first, kT0 + 2 * kMinute, cookie)},
           {topics.clickstream, 2, newest,
            customer_event("e-3", "login", newest, kT0 + 3 * kMinute, cookie)}});
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, kPartitions);

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  if (crash) {
    PipelineOptions options;
    options.die_after_batches = 1;  // task 0's part of the one window
    options.stop_timeout = std::chrono::milliseconds(0);
    PipelineThread dying(config, *store, options);
    EXPECT_FALSE(dying.wait().is_ok());
  }
  Metrics metrics("test");
  const PipelineProgress progress = run_to_the_end(config, *store, ends, &metrics);
  EXPECT_EQ(progress.duplicates, 0);
  const std::string text = metrics.serialize();
  if (!crash) {
    EXPECT_EQ(progress.applied, 4);
    EXPECT_NE(text.find(R"(crmstream_hops_total{how="link"} 1)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(crmstream_hops_total{how="forward"} 0)"), std::string::npos) << text;
  }

  const auto profiles = stored_profiles(*store, kPartitions);
  EXPECT_EQ(page_views(profiles, first), 1) << "the signup merges the visitor's page view";
  EXPECT_EQ(page_views(profiles, newest), 0) << "the page view came before the newest link";
  EXPECT_FALSE(profiles.contains({ProfileKind::kVisitor, visitor}));
  EXPECT_FALSE(store->scan_timers_due(3, std::numeric_limits<TimeMs>::max()).valid())
      << "the merged visitor's timer is left in its task";
  for (TaskId task = 0; task < kPartitions; ++task) {
    EXPECT_FALSE(store->scan_forwards(task).valid()) << task;
    EXPECT_FALSE(store->scan(Family::kMeta, routed_marks_range(task)).valid()) << task;
  }
  ASSERT_TRUE(store->close().is_ok());
}

TEST(KafkaPipelineVisitorBeforeLink, TheFirstLinkMergesTheVisitorsEarlierEvent) {
  page_view_before_the_links(false);
}

TEST(KafkaPipelineVisitorBeforeLink, AlsoWhenARestartFinishesTheWindow) {
  page_view_before_the_links(true);
}

// With the id linked to a customer of task 1 by an earlier window, its page view comes a minute
// before a login links it to a customer of task 2. The page view is the first customer's; left
// to the id's task (3), it went to the second, a window late.
TEST(KafkaPipelineVisitorBeforeLink, AnEventBeforeARelinkCountsForTheCustomerLinkedBefore) {
  const std::string linked = key_of_task(kPartitions, 1);
  const std::string relinked = key_of_task(kPartitions, 2);
  const std::string visitor = key_of_task(kPartitions, 3, "anon-");
  Config config;
  config.kafka.group_id = "event-before-relink";
  std::unique_ptr<MockCluster> cluster = start_cluster(config, kPartitions);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  const std::string cookie = R"(,"anonymous_id":")" + visitor + "\"";
  produce(cluster->bootstrap(),
          {{topics.clickstream, 1, linked,
            customer_event("e-1", "signup", linked, kT0 - 120 * kMinute, cookie)},
           {topics.clickstream, 3, visitor,
            R"({"event_id":"e-2","type":"page_view","anonymous_id":")" + visitor + R"(","ts":)" +
                std::to_string(kT0 + kMinute) + "}"},
           {topics.clickstream, 2, relinked,
            customer_event("e-3", "login", relinked, kT0 + 2 * kMinute, cookie)}});
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, kPartitions);

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  const PipelineProgress progress = run_to_the_end(config, *store, ends, nullptr);
  EXPECT_EQ(progress.applied, 3);
  const auto profiles = stored_profiles(*store, kPartitions);
  EXPECT_EQ(page_views(profiles, linked), 1) << "linked to it at the page view's ts";
  EXPECT_EQ(page_views(profiles, relinked), 0);
  ASSERT_TRUE(store->close().is_ok());
}

}  // namespace
}  // namespace crm
