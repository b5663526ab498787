// Every key has a default (operations.md): whatever is absent keeps config/config.h's value.
#include <gtest/gtest.h>

#include "config/config_printer.h"
#include "tests/config/config_test_support.h"

namespace crm {
namespace {

using testing::load;

// print_config writes every key, so equal prints mean equal configurations.
TEST(ConfigDefaultsTest, AbsentKeysKeepTheirDefaults) {
  const std::string defaults = print_config(Config{});
  const char* documents[] = {
      "",
      "\n# only a comment\n",
      "---\n",
      "{}",
      "kafka:\nstate:\ntime:\nrfm:\nlifecycle:\ntriggers:\nhttp:\nlimits:\nlog:\n",
      "kafka: {}\nstate: {}\ntime: {}\nrfm: {}\nlifecycle: {}\ntriggers: {}\nhttp: {}\n"
      "limits: {}\nlog: {}\ncurrency_rates: {}\nexperiments: []\n",
      "kafka:\n  topics: {}\n  properties: {}\n",
  };
  for (const char* yaml : documents) EXPECT_EQ(print_config(load(yaml)), defaults) << yaml;
}

TEST(ConfigDefaultsTest, EmptyConfigurationMatchesTheStructDefaults) {
  const Config loaded = load("");
  const Config expected;
  EXPECT_EQ(loaded.currency, expected.currency);
  EXPECT_EQ(loaded.currency_rates, expected.currency_rates);
  EXPECT_EQ(loaded.kafka.brokers, expected.kafka.brokers);
  EXPECT_EQ(loaded.kafka.group_id, expected.kafka.group_id);
  EXPECT_EQ(loaded.kafka.topics.clickstream, expected.kafka.topics.clickstream);
  EXPECT_EQ(loaded.kafka.topics.orders, expected.kafka.topics.orders);
  EXPECT_EQ(loaded.kafka.topics.segment_changes, expected.kafka.topics.segment_changes);
  EXPECT_EQ(loaded.kafka.topics.churn_risk, expected.kafka.topics.churn_risk);
  EXPECT_EQ(loaded.kafka.topics.triggers, expected.kafka.topics.triggers);
  EXPECT_EQ(loaded.kafka.topics.dead_letter, expected.kafka.topics.dead_letter);
  EXPECT_EQ(loaded.kafka.partitioner, expected.kafka.partitioner);
  EXPECT_EQ(loaded.kafka.properties, expected.kafka.properties);
  EXPECT_EQ(loaded.state.dir, expected.state.dir);
  EXPECT_EQ(loaded.state.memory_budget, expected.state.memory_budget);
  EXPECT_EQ(loaded.state.sync_writes, expected.state.sync_writes);
  EXPECT_EQ(loaded.time.clock, expected.time.clock);
  EXPECT_EQ(loaded.time.max_task_idle, expected.time.max_task_idle);
  EXPECT_EQ(loaded.time.day_offset, expected.time.day_offset);
  EXPECT_EQ(loaded.rfm.window_days, expected.rfm.window_days);
  EXPECT_EQ(loaded.rfm.scoring, expected.rfm.scoring);
  EXPECT_EQ(loaded.rfm.recency_days, expected.rfm.recency_days);
  EXPECT_EQ(loaded.rfm.frequency, expected.rfm.frequency);
  EXPECT_EQ(loaded.rfm.monetary, expected.rfm.monetary);
  EXPECT_EQ(loaded.rfm.quantile_refresh, expected.rfm.quantile_refresh);
  ASSERT_EQ(loaded.rfm.segments.size(), expected.rfm.segments.size());
  for (std::size_t i = 0; i < loaded.rfm.segments.size(); ++i) {
    EXPECT_EQ(loaded.rfm.segments[i].name, expected.rfm.segments[i].name);
  }
  EXPECT_EQ(loaded.lifecycle.default_interval_days, expected.lifecycle.default_interval_days);
  EXPECT_EQ(loaded.lifecycle.at_risk_factor, expected.lifecycle.at_risk_factor);
  EXPECT_EQ(loaded.lifecycle.at_risk_min_days, expected.lifecycle.at_risk_min_days);
  EXPECT_EQ(loaded.lifecycle.at_risk_max_days, expected.lifecycle.at_risk_max_days);
  EXPECT_EQ(loaded.lifecycle.churn_factor, expected.lifecycle.churn_factor);
  EXPECT_EQ(loaded.lifecycle.churn_min_days, expected.lifecycle.churn_min_days);
  EXPECT_EQ(loaded.lifecycle.churn_max_days, expected.lifecycle.churn_max_days);
  EXPECT_EQ(loaded.lifecycle.loyal_min_orders, expected.lifecycle.loyal_min_orders);
  EXPECT_EQ(loaded.triggers.cart_abandoned_after, expected.triggers.cart_abandoned_after);
  EXPECT_EQ(loaded.triggers.unpaid_after, expected.triggers.unpaid_after);
  EXPECT_TRUE(loaded.experiments.empty());
  EXPECT_EQ(loaded.http.listen, expected.http.listen);
  EXPECT_EQ(loaded.http.token, expected.http.token);
  EXPECT_EQ(loaded.limits.max_message_bytes, expected.limits.max_message_bytes);
  EXPECT_EQ(loaded.limits.max_future_skew, expected.limits.max_future_skew);
  EXPECT_EQ(loaded.limits.dedupe_retention, expected.limits.dedupe_retention);
  EXPECT_EQ(loaded.limits.visitor_retention, expected.limits.visitor_retention);
  EXPECT_EQ(loaded.log.level, expected.log.level);
  EXPECT_EQ(loaded.log.format, expected.log.format);
}

// A key given alone changes only itself.
TEST(ConfigDefaultsTest, OneKeyLeavesItsNeighboursAtTheirDefaults) {
  const Config loaded = load("kafka:\n  topics:\n    orders: shop.orders\n");
  Config expected;
  expected.kafka.topics.orders = "shop.orders";
  EXPECT_EQ(print_config(loaded), print_config(expected));
}

}  // namespace
}  // namespace crm
