// operations.md "Metrics" counted by a run, not only by Metrics' own unit tests: events
// consumed by topic and type, rejected by reason, duplicates, outputs by topic and dimension,
// timers fired, batch sizes, commit durations and the end-to-end latency.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "kafka/mock_cluster.h"
#include "observability/metrics.h"
#include "pipeline/customer_erasure.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;

// The value of the sample named `series` (its name and labels, as the text format prints
// them); -1 when absent.
double sample(const std::string& text, const std::string& series) {
  const std::size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

TEST(KafkaPipelineMetrics, ARunCountsWhatItDid) {
  Config config;
  config.kafka.group_id = "metrics";
  std::unique_ptr<MockCluster> cluster = start_cluster(config, 1);
  ASSERT_TRUE(cluster);
  const KafkaTopics& topics = config.kafka.topics;
  const std::string paid =
      R"({"event_id":"e-1","type":"order_paid","customer_id":"c-1","ts":1772359200000,)"
      R"("order_id":"o-1","amount":"50","currency":"USD"})";
  produce(cluster->bootstrap(),
          {{topics.orders, 0, "c-1", paid},
           {topics.orders, 0, "c-1", paid},  // the producer retried: a duplicate
           {topics.clickstream, 0, "", "not json"},
           {topics.clickstream, 0, "c-2",
            R"({"event_id":"e-2","type":"add_to_cart","customer_id":"c-2","ts":1772359200000,)"
            R"("product_id":"sku-1","quantity":1,"price":"9.5","currency":"USD"})"},
           // Two hours on: c-2's cart was abandoned an hour before (a timer fires).
           {topics.clickstream, 0, "c-3",
            R"({"event_id":"e-3","type":"page_view","customer_id":"c-3","ts":1772366400000})"}});
  if (::testing::Test::HasFatalFailure()) return;
  const EndOffsets ends = input_ends(config, 1);
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);

  Metrics metrics("test");
  {
    PipelineThread pipeline(config, *store, {}, nullptr, &metrics);
    ASSERT_TRUE(pipeline.complete(ends, std::chrono::seconds(30)));
    ASSERT_TRUE(pipeline.stop().is_ok());
  }
  const std::string text = "\n" + metrics.serialize();
  EXPECT_EQ(
      sample(text, R"(crmstream_events_consumed_total{topic="crm.orders",type="order_paid"})"), 2)
      << text;
  EXPECT_EQ(
      sample(text, R"(crmstream_events_consumed_total{topic="crm.clickstream",type="invalid"})"),
      1);
  EXPECT_EQ(sample(text, R"(crmstream_events_rejected_total{reason="malformed_json"})"), 1) << text;
  EXPECT_EQ(sample(text, "crmstream_duplicates_total"), 1);
  EXPECT_EQ(sample(text, "crmstream_timers_fired_total"), 1) << text;
  EXPECT_EQ(
      sample(text,
             R"(crmstream_output_events_total{dimension="lifecycle",topic="crm.segment-changes"})"),
      3)
      << "c-1 first_purchase, c-2 and c-3 registered";
  EXPECT_EQ(
      sample(text,
             R"(crmstream_output_events_total{dimension="cart_abandoned",topic="crm.triggers"})"),
      1);
  EXPECT_EQ(
      sample(
          text,
          R"(crmstream_output_events_total{dimension="malformed_json",topic="crm.dead-letter"})"),
      1);
  EXPECT_GT(sample(text, "crmstream_end_to_end_latency_seconds_count"), 0);
  EXPECT_GT(sample(text, "crmstream_commit_duration_seconds_count"), 0);
  EXPECT_EQ(sample(text, "crmstream_batch_events_sum"), 5);
  EXPECT_EQ(sample(text, "crmstream_erasures_total"), 0);

  // An erasure made while no process ran (`crmstream forget` on the directory) is counted by
  // the next run, which starts from the state's total; an unknown customer erases nothing.
  SystemClock wall;
  ErasureReport report;
  ASSERT_TRUE(forget_customer(*store, config, wall, "c-1", report).is_ok());
  EXPECT_TRUE(forget_customer(*store, config, wall, "nobody", report).is_not_found());
  Metrics restarted("test");
  {
    PipelineThread pipeline(config, *store, {}, nullptr, &restarted);
    ASSERT_TRUE(pipeline.complete(ends, std::chrono::seconds(30)));
    ASSERT_TRUE(pipeline.stop().is_ok());
  }
  EXPECT_EQ(sample("\n" + restarted.serialize(), "crmstream_erasures_total"), 1);
}

}  // namespace
}  // namespace crm
