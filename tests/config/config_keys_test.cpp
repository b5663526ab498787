// Every key of operations.md "Configuration" is read into its Config field.
#include <gtest/gtest.h>

#include <functional>

#include "tests/config/config_test_support.h"

namespace crm {
namespace {

using testing::load;

constexpr const char* kEveryKey = R"(
currency: EUR
currency_rates:
  USD: "0.92"
  GBP: 1.17
kafka:
  brokers: "kafka-1:9092,kafka-2:9092"
  group_id: crm-prod
  topics:
    clickstream: shop.clicks
    orders: shop.orders
    segment_changes: crm.out.segments
    churn_risk: crm.out.churn
    triggers: crm.out.triggers
    dead_letter: crm.out.dlq
  partitioner: crc32
  properties:
    security.protocol: SASL_SSL
    fetch.max.bytes: 1048576
    client.rack: eu-1a
    message.max.bytes: 2000000
state:
  dir: /data/crm
  memory_budget: 1GiB
  sync_writes: true
time:
  clock: wall
  max_task_idle: 250ms
  day_offset: "+08:00"
rfm:
  window_days: 730
  scoring: quantile
  recency_days: [7, 30, 60, 120]
  frequency: [1, 2, 4, 10]
  monetary: [50, "250.50", 999.9999, 5000]
  quantile_refresh: 30m
  segments:
    - {name: best, r: 4-5, f: [4, 5], m: 5}
    - {name: rest}
lifecycle:
  default_interval_days: 14.5
  at_risk_factor: 1.5
  at_risk_min_days: 10
  at_risk_max_days: 100
  churn_factor: 3
  churn_min_days: 60
  churn_max_days: 300
  loyal_min_orders: 6
triggers:
  cart_abandoned_after: 2h
  unpaid_after: 45m
experiments:
  - name: winback
    salt: "2024-q3"
    holdout_percent: 12.5
  - {name: vip, salt: s2, holdout_percent: 0}
http:
  listen: "0.0.0.0:8080"
  token: s3cret
limits:
  max_message_bytes: 1MiB
  max_future_skew: 0s
  dedupe_retention: 14d
  visitor_retention: 90d
log:
  level: debug
  format: json
)";

TEST(ConfigKeysTest, ReadsEveryKey) {
  const Config c = load(kEveryKey);
  EXPECT_EQ(c.currency, "EUR");
  EXPECT_EQ(c.currency_rates.at("USD"), (DecimalRate{92, 2}));
  EXPECT_EQ(c.currency_rates.at("GBP"), (DecimalRate{117, 2}));
  EXPECT_EQ(c.kafka.brokers, "kafka-1:9092,kafka-2:9092");
  EXPECT_EQ(c.kafka.group_id, "crm-prod");
  EXPECT_EQ(c.kafka.topics.clickstream, "shop.clicks");
  EXPECT_EQ(c.kafka.topics.orders, "shop.orders");
  EXPECT_EQ(c.kafka.topics.segment_changes, "crm.out.segments");
  EXPECT_EQ(c.kafka.topics.churn_risk, "crm.out.churn");
  EXPECT_EQ(c.kafka.topics.triggers, "crm.out.triggers");
  EXPECT_EQ(c.kafka.topics.dead_letter, "crm.out.dlq");
  EXPECT_EQ(c.kafka.partitioner, Partitioner::kCrc32);
  const std::map<std::string, std::string> properties = {{"security.protocol", "SASL_SSL"},
                                                         {"fetch.max.bytes", "1048576"},
                                                         {"client.rack", "eu-1a"},
                                                         {"message.max.bytes", "2000000"}};
  EXPECT_EQ(c.kafka.properties, properties);
  EXPECT_EQ(c.state.dir, "/data/crm");
  EXPECT_EQ(c.state.memory_budget, 1ull << 30);
  EXPECT_TRUE(c.state.sync_writes);
  EXPECT_EQ(c.time.clock, ClockKind::kWall);
  EXPECT_EQ(c.time.max_task_idle, 250);
  EXPECT_EQ(c.time.day_offset, 8 * kHourMs);
  EXPECT_EQ(c.rfm.window_days, 730);
  EXPECT_EQ(c.rfm.scoring, RfmScoring::kQuantile);
  EXPECT_EQ(c.rfm.recency_days, (std::array<std::int64_t, 4>{7, 30, 60, 120}));
  EXPECT_EQ(c.rfm.frequency, (std::array<std::int64_t, 4>{1, 2, 4, 10}));
  EXPECT_EQ(c.rfm.monetary, (std::array<Money, 4>{500000, 2505000, 9999999, 50000000}));
  EXPECT_EQ(c.rfm.quantile_refresh, 30 * kMinuteMs);
  ASSERT_EQ(c.rfm.segments.size(), 2u);
  EXPECT_EQ(c.rfm.segments[0].name, "best");
  EXPECT_EQ(c.rfm.segments[0].r.min, 4);
  EXPECT_EQ(c.rfm.segments[0].r.max, 5);
  EXPECT_EQ(c.rfm.segments[0].f.min, 4);
  EXPECT_EQ(c.rfm.segments[0].f.max, 5);
  EXPECT_EQ(c.rfm.segments[0].m.min, 5);
  EXPECT_EQ(c.rfm.segments[0].m.max, 5);
  EXPECT_EQ(c.rfm.segments[1].name, "rest");
  EXPECT_EQ(c.rfm.segments[1].r.min, 1);
  EXPECT_EQ(c.rfm.segments[1].r.max, 5);
  EXPECT_EQ(c.lifecycle.default_interval_days, 14.5);
  EXPECT_EQ(c.lifecycle.at_risk_factor, 1.5);
  EXPECT_EQ(c.lifecycle.at_risk_min_days, 10);
  EXPECT_EQ(c.lifecycle.at_risk_max_days, 100);
  EXPECT_EQ(c.lifecycle.churn_factor, 3);
  EXPECT_EQ(c.lifecycle.churn_min_days, 60);
  EXPECT_EQ(c.lifecycle.churn_max_days, 300);
  EXPECT_EQ(c.lifecycle.loyal_min_orders, 6);
  EXPECT_EQ(c.triggers.cart_abandoned_after, 2 * kHourMs);
  EXPECT_EQ(c.triggers.unpaid_after, 45 * kMinuteMs);
  ASSERT_EQ(c.experiments.size(), 2u);
  EXPECT_EQ(c.experiments[0].name, "winback");
  EXPECT_EQ(c.experiments[0].salt, "2024-q3");
  EXPECT_EQ(c.experiments[0].holdout_percent, 12.5);
  EXPECT_EQ(c.experiments[1].name, "vip");
  EXPECT_EQ(c.experiments[1].salt, "s2");
  EXPECT_EQ(c.experiments[1].holdout_percent, 0);
  EXPECT_EQ(c.http.listen, "0.0.0.0:8080");
  EXPECT_EQ(c.http.token, "s3cret");
  EXPECT_EQ(c.limits.max_message_bytes, 1u << 20);
  EXPECT_EQ(c.limits.max_future_skew, 0);
  EXPECT_EQ(c.limits.dedupe_retention, 14 * kDayMs);
  EXPECT_EQ(c.limits.visitor_retention, 90 * kDayMs);
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.log.format, LogFormat::kJson);
}

// One key's accepted spellings, each checked against the field it sets.
struct ValueCase {
  std::string yaml;
  std::function<bool(const Config&)> holds;
};

TEST(ConfigKeysTest, AcceptsEverySpellingOfAValue) {
  const ValueCase cases[] = {
      {"state: {sync_writes: false}", [](const Config& c) { return !c.state.sync_writes; }},
      {"state: {sync_writes: True}", [](const Config& c) { return c.state.sync_writes; }},
      {"limits: {max_message_bytes: 737712}",
       [](const Config& c) { return c.limits.max_message_bytes == 737712; }},
      {"{limits: {max_message_bytes: 1MiB}, kafka: {properties: {message.max.bytes: 2000000}}}",
       [](const Config& c) { return c.limits.max_message_bytes == 1u << 20; }},
      {"state: {memory_budget: 16777216}",
       [](const Config& c) { return c.state.memory_budget == 16u << 20; }},
      {"state: {memory_budget: \"8192KiB\"}",
       [](const Config& c) { return c.state.memory_budget == 8u << 20; }},
      {"time: {clock: stream}", [](const Config& c) { return c.time.clock == ClockKind::kStream; }},
      {"time: {max_task_idle: 0s}", [](const Config& c) { return c.time.max_task_idle == 0; }},
      {"time: {day_offset: \"-05:30\"}",
       [](const Config& c) { return c.time.day_offset == -(5 * kHourMs + 30 * kMinuteMs); }},
      {"time: {day_offset: +08:00}",  // unquoted is the same text to yaml-cpp
       [](const Config& c) { return c.time.day_offset == 8 * kHourMs; }},
      {"kafka: {partitioner: murmur2}",
       [](const Config& c) { return c.kafka.partitioner == Partitioner::kMurmur2; }},
      {"rfm: {window_days: 0}", [](const Config& c) { return c.rfm.window_days == 0; }},
      {"rfm: {scoring: static}",
       [](const Config& c) { return c.rfm.scoring == RfmScoring::kStatic; }},
      {"rfm: {frequency: [0, 1, 2, 3]}", [](const Config& c) { return c.rfm.frequency[0] == 0; }},
      {"rfm: {monetary: [\"0\", \"0.0001\", \"1.50000\", 2]}",
       [](const Config& c) {
         return c.rfm.monetary == std::array<Money, 4>{0, 1, 15000, 20000};
       }},
      {"lifecycle: {at_risk_min_days: 45, at_risk_max_days: 45}",
       [](const Config& c) { return c.lifecycle.at_risk_min_days == 45; }},
      {"lifecycle: {churn_factor: 0.5}",
       [](const Config& c) { return c.lifecycle.churn_factor == 0.5; }},
      {"experiments: [{name: a, holdout_percent: 100}]",
       [](const Config& c) { return c.experiments[0].holdout_percent == 100; }},
      {"experiments: [{name: a}]",
       [](const Config& c) {
         return c.experiments[0].salt.empty() && c.experiments[0].holdout_percent == 0;
       }},
      {"http: {listen: \"[::1]:9464\"}",
       [](const Config& c) { return c.http.listen == "[::1]:9464"; }},
      {"http: {listen: \"localhost:0\"}",
       [](const Config& c) { return c.http.listen == "localhost:0"; }},
      {"http: {token: \"\"}", [](const Config& c) { return c.http.token.empty(); }},
      {"limits: {max_message_bytes: 1}",
       [](const Config& c) { return c.limits.max_message_bytes == 1; }},
      {"kafka: {topics: {segment_changes: crm.out, churn_risk: crm.out, triggers: crm.out}}",
       [](const Config& c) { return c.kafka.topics.triggers == "crm.out"; }},
      {"currency: ${CUR:-JPY}", [](const Config& c) { return c.currency == "JPY"; }},
  };
  for (const auto& c : cases) EXPECT_TRUE(c.holds(load(c.yaml))) << c.yaml;
  for (const char* level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    EXPECT_EQ(load(std::string("log: {level: ") + level + "}").log.level, level);
  }
}

TEST(ConfigKeysTest, SubstitutesTheEnvironmentBeforeParsing) {
  const Config c = load(
      "http:\n  token: ${CRM_TOKEN}\n  listen: \"${HOST:-0.0.0.0}:${PORT}\"\n"
      "state:\n  memory_budget: ${BUDGET}\n  sync_writes: ${SYNC}\n"
      "kafka:\n  properties:\n    sasl.password: \"${KAFKA_PASSWORD}\"\n",
      {{"CRM_TOKEN", "abc"},
       {"PORT", "9000"},
       {"BUDGET", "2GiB"},
       {"SYNC", "true"},
       {"KAFKA_PASSWORD", "pw"}});
  EXPECT_EQ(c.http.token, "abc");
  EXPECT_EQ(c.http.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.state.memory_budget, 2ull << 30);
  EXPECT_TRUE(c.state.sync_writes);
  EXPECT_EQ(c.kafka.properties.at("sasl.password"), "pw");
}

}  // namespace
}  // namespace crm
