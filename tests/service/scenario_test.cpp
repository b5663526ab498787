// `crmstream run` in-process against the embedded mock cluster, on a small hand-written
// scenario whose every output is known: a visitor browsing anonymously, then signing up as a
// customer that another task owns, a purchase, a cart left open, a malformed message, a
// duplicate and a message in the wrong partition. The outputs must be exactly the expected ones
// (and those of a file replay of the same lines), and the state must hold the merged profile in
// the customer's task, no visitor profile, and the link in the anonymous id's task.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "kafka/mock_cluster.h"
#include "kafka/task_partitioner.h"
#include "service_test_support.h"
#include "tests/pipeline/engine_harness.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

constexpr std::int32_t kPartitions = 4;
constexpr TimeMs kT0 = 1'772'359'200'000;  // 2026-03-01T10:00:00Z
constexpr TimeMs kMinute = 60'000;

std::string ts(TimeMs at) {
  return std::to_string(at);
}

TEST(KafkaPipelineScenario, ExactOutputsAndState) {
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  // A visitor id and a customer id owned by different tasks.
  const std::string anon = "anon-1";
  std::string customer;
  for (int i = 1; customer.empty(); ++i) {
    const std::string candidate = "cust-" + std::to_string(i);
    if (partitioner.task_of(candidate) != partitioner.task_of(anon)) customer = candidate;
  }
  const std::int32_t anon_task = partitioner.task_of(anon);
  const std::int32_t customer_task = partitioner.task_of(customer);
  const std::int32_t wrong_task = (customer_task + 1) % kPartitions;

  Config config;
  config.kafka.group_id = "scenario";
  std::unique_ptr<MockCluster> cluster = start_cluster(config, kPartitions);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;

  const std::string c = "\"customer_id\":\"" + customer + "\"";
  const std::string a = "\"anonymous_id\":\"" + anon + "\"";
  const std::string page_view =
      R"({"event_id":"e-1","type":"page_view",)" + a + R"(,"ts":)" + ts(kT0) + R"(,"page":"/"})";
  const std::string product_view = R"({"event_id":"e-2","type":"product_view",)" + a + R"(,"ts":)" +
                                   ts(kT0 + kMinute) +
                                   R"(,"product_id":"p-1","category":"shoes","price":"30"})";
  const std::string signup = R"({"event_id":"e-3","type":"signup",)" + c + "," + a + R"(,"ts":)" +
                             ts(kT0 + 5 * kMinute) + "}";
  // After the link: the anonymous id's task forwards it to the customer's (a second hop).
  const std::string linked_view = R"({"event_id":"e-4","type":"page_view",)" + a + R"(,"ts":)" +
                                  ts(kT0 + 6 * kMinute) + R"(,"page":"/sale"})";
  const std::string placed = R"({"event_id":"e-5","type":"order_placed",)" + c +
                             R"(,"order_id":"o-1","amount":"50","ts":)" + ts(kT0 + 10 * kMinute) +
                             "}";
  const std::string paid = R"({"event_id":"e-6","type":"order_paid",)" + c +
                           R"(,"order_id":"o-1","amount":"50","ts":)" + ts(kT0 + 12 * kMinute) +
                           "}";
  const std::string cart_add = R"({"event_id":"e-7","type":"add_to_cart",)" + c +
                               R"(,"product_id":"p-2","price":"20","ts":)" +
                               ts(kT0 + 20 * kMinute) + "}";
  // Sent to a partition its key does not hash to: forwarded, and it moves the customer's task
  // clock past the cart's 1h, so cart_abandoned fires at add + 1h.
  const std::string late_view = R"({"event_id":"e-8","type":"page_view",)" + c + R"(,"ts":)" +
                                ts(kT0 + 120 * kMinute) + R"(,"page":"/"})";
  const std::string malformed = R"({"event_id":"e-9","type":"order_paid",)" + c;

  produce(cluster->bootstrap(), {{topics.clickstream, anon_task, anon, page_view},
                                 {topics.clickstream, anon_task, anon, product_view},
                                 {topics.clickstream, customer_task, customer, signup},
                                 {topics.clickstream, anon_task, anon, linked_view},
                                 {topics.orders, customer_task, customer, placed},
                                 {topics.orders, customer_task, customer, paid},
                                 {topics.clickstream, customer_task, customer, cart_add},
                                 {topics.clickstream, wrong_task, customer, late_view},
                                 {topics.orders, 0, "bad-key", malformed},
                                 {topics.orders, customer_task, customer, paid}});  // the duplicate
  if (::testing::Test::HasFatalFailure()) return;
  // The malformed message's offset in orders/0: its id is dl:crm.orders:0:<offset>.
  const std::int64_t malformed_offset = customer_task == 0 ? 2 : 0;

  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);

  const EndOffsets ends = input_ends(config, kPartitions);
  ASSERT_EQ(total(ends), 10);
  {
    PipelineThread pipeline(config, *store);
    ASSERT_TRUE(pipeline.complete(ends, std::chrono::seconds(30)));
    const PipelineProgress progress = pipeline.progress();
    EXPECT_EQ(progress.consumed, 10);
    EXPECT_EQ(progress.applied, 8);
    EXPECT_EQ(progress.duplicates, 1);
    EXPECT_EQ(progress.rejected, 1);
    // e-8 (wrong partition) always; e-4 only when the anonymous id's task reads it after the
    // customer's task applied the signup (else it is the visitor's, and merged with it).
    EXPECT_GE(progress.forwarded, 1);
    EXPECT_LE(progress.forwarded, 2);
    const Status stopped = pipeline.stop();
    ASSERT_TRUE(stopped.is_ok()) << stopped.to_string();
  }

  const std::string cart_instant = std::to_string(kT0 + 80 * kMinute);
  const std::multiset<std::pair<std::string, std::string>> expected = {
      {topics.segment_changes, customer + ":ee-3:lifecycle"},
      {topics.segment_changes, customer + ":ee-6:lifecycle"},
      {topics.segment_changes, customer + ":ee-6:rfm_segment"},
      {topics.segment_changes, customer + ":ee-6:value_tier"},
      {topics.churn_risk, customer + ":ee-6:churn_risk"},
      {topics.triggers, customer + ":t" + cart_instant + ":cart_abandoned"},
      {topics.dead_letter, "dl:crm.orders:0:" + std::to_string(malformed_offset)},
  };
  const std::vector<OutputMessage> outputs =
      read_outputs(cluster->bootstrap(),
                   {topics.segment_changes, topics.churn_risk, topics.triggers, topics.dead_letter},
                   static_cast<std::int64_t>(expected.size()));
  std::multiset<std::pair<std::string, std::string>> got;
  std::map<std::string, std::string> by_id;
  for (const OutputMessage& m : outputs) {
    const std::string id = string_field(m.payload, "event_id");
    got.emplace(m.topic, id);
    by_id[id] = m.payload;
    EXPECT_EQ(m.headers.count("crm-schema"), 1u) << id;
    EXPECT_EQ(m.headers.count("crm-schema") ? m.headers.at("crm-schema") : "", "1") << id;
    EXPECT_EQ(m.key, m.topic == topics.dead_letter ? "bad-key" : customer) << id;
  }
  EXPECT_EQ(got, expected);

  // What each change says.
  const auto change = [&](const std::string& id) { return by_id[customer + id]; };
  EXPECT_NE(change(":ee-3:lifecycle").find(R"("from":null,"to":"registered")"), std::string::npos)
      << change(":ee-3:lifecycle");
  EXPECT_NE(change(":ee-6:lifecycle").find(R"("from":"registered","to":"first_purchase")"),
            std::string::npos)
      << change(":ee-6:lifecycle");
  EXPECT_NE(change(":ee-6:rfm_segment").find(R"("to":"new_customers")"), std::string::npos);
  EXPECT_NE(change(":ee-6:value_tier").find(R"("to":"low")"), std::string::npos);
  EXPECT_NE(change(":ee-6:churn_risk").find(R"("from":null,"to":"low")"), std::string::npos);
  EXPECT_NE(change(":ee-6:lifecycle").find(R"("cause":{"kind":"event","event_id":"e-6"})"),
            std::string::npos)
      << change(":ee-6:lifecycle");
  const std::string cart = change(":t" + cart_instant + ":cart_abandoned");
  EXPECT_EQ(string_field(cart, "type"), "cart_abandoned");
  EXPECT_EQ(string_field(cart, "ts"), "2026-03-01T11:20:00.000Z") << cart;
  EXPECT_NE(cart.find(R"("product_id":"p-2")"), std::string::npos) << cart;

  const std::string dead = by_id["dl:crm.orders:0:" + std::to_string(malformed_offset)];
  EXPECT_EQ(string_field(dead, "reason"), "malformed_json") << dead;
  EXPECT_NE(dead.find(R"("source":{"topic":"crm.orders","partition":0,"offset":)" +
                      std::to_string(malformed_offset) + "}"),
            std::string::npos)
      << dead;
  EXPECT_NE(dead.find("\"payload_bytes\":" + std::to_string(malformed.size())), std::string::npos)
      << dead;
  EXPECT_EQ(string_field(dead, "payload_base64"), base64(malformed)) << dead;

  // The same lines replayed from one file give the same outputs (ids and content, wall-clock
  // fields aside); the dead letter's id and source name the file there, so it is left out.
  test::EngineHarness replay;
  replay.replay(
      {page_view, product_view, signup, linked_view, placed, paid, cart_add, late_view, paid});
  for (const std::string* topic : {&topics.segment_changes, &topics.churn_risk, &topics.triggers}) {
    std::vector<std::string> replayed;
    for (const std::string& line : replay.outputs(*topic)) {
      replayed.push_back(without_wall_clock(line));
    }
    std::vector<std::string> run;
    for (const OutputMessage& m : outputs) {
      if (m.topic == *topic) run.push_back(without_wall_clock(m.payload));
    }
    EXPECT_EQ(run, replayed) << *topic;
  }

  // State: the merged profile in the customer's task, no visitor profile, the link in the
  // anonymous id's task.
  const auto profiles = stored_profiles(*store, kPartitions);
  ASSERT_EQ(profiles.size(), 1u);
  const auto& [key, merged] = *profiles.begin();
  EXPECT_EQ(key, ProfileKey(ProfileKind::kCustomer, customer));
  EXPECT_EQ(merged.task, static_cast<TaskId>(customer_task));
  EXPECT_EQ(merged.profile.first_seen, kT0);
  EXPECT_EQ(merged.profile.last_seen, kT0 + 120 * kMinute);
  const auto count = [&](EventType type) {
    return merged.profile.counters[static_cast<std::size_t>(type)];
  };
  EXPECT_EQ(count(EventType::kPageView), 3);
  EXPECT_EQ(count(EventType::kProductView), 1);
  EXPECT_EQ(count(EventType::kOrderPaid), 1);
  std::string linked_to;
  ASSERT_TRUE(store->get_link(static_cast<TaskId>(anon_task), anon, linked_to).is_ok());
  EXPECT_EQ(linked_to, customer);
  EXPECT_TRUE(store->get_link(static_cast<TaskId>(customer_task), anon, linked_to).is_not_found());
  const std::string exported = export_jsonl(*store, config);
  EXPECT_EQ(std::count(exported.begin(), exported.end(), '\n'), 1) << exported;
  EXPECT_NE(exported.find("\"customer_id\":\"" + customer + "\""), std::string::npos) << exported;
  EXPECT_EQ(exported.find("anonymous_id"), std::string::npos) << exported;
  EXPECT_NE(exported.find(R"("lifecycle":"first_purchase")"), std::string::npos) << exported;
  EXPECT_NE(exported.find(R"("visits":1)"), std::string::npos) << exported;
  // Every output delivered: the outbox is empty; the forwards were applied and deleted.
  for (TaskId task = 0; task < kPartitions; ++task) {
    EXPECT_FALSE(store->scan_outbox(task).valid()) << task;
    EXPECT_FALSE(store->scan_forwards(task).valid()) << task;
  }
  ASSERT_TRUE(store->close().is_ok());
}

}  // namespace
}  // namespace crm
