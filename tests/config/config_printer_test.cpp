// The effective configuration printed by check-config: complete, secrets masked, and loadable
// to the same configuration.
#include "config/config_printer.h"

#include <gtest/gtest.h>

#include "config/secret_properties.h"
#include "tests/config/config_test_support.h"

namespace crm {
namespace {

using testing::load;

constexpr const char* kCustom = R"(
currency: EUR
currency_rates: {USD: "0.92", JPY: "0.0061", GBP: "1.1700"}
kafka:
  brokers: "${BROKERS}"
  group_id: "null"
  topics: {clickstream: "yes", orders: "#orders"}
  partitioner: crc32
  properties:
    security.protocol: SASL_SSL
    sasl.username: crm
    sasl.password: "${KAFKA_PASSWORD}"
    ssl.key.password: hunter2
    SSL.KEY.PEM: "-----BEGIN-----"
    sasl.oauthbearer.client.secret: abc
    sasl.jaas.config: "org.apache.kafka... password=\"x\";"
    linger.ms: 5
state: {dir: "/data/crm: main", memory_budget: 8388609, sync_writes: true}
time: {clock: wall, max_task_idle: 1500ms, day_offset: "-05:30"}
rfm:
  window_days: 0
  scoring: quantile
  recency_days: [1, 2, 3, 4]
  frequency: [0, 1, 2, 3]
  monetary: ["0.0001", 1.5, 20, "300.25"]
  quantile_refresh: 90m
  segments:
    - {name: "top: best", r: 5, f: [4, 5], m: 4-5}
    - {name: "~"}
lifecycle: {default_interval_days: 0.1, at_risk_factor: 2.25, churn_factor: 3.3333333333333335}
triggers: {cart_abandoned_after: 36h, unpaid_after: 1d}
experiments:
  - {name: winback, salt: "", holdout_percent: 33.3}
http: {listen: "[::]:9464", token: "${TOKEN}"}
limits: {max_message_bytes: 65537, max_future_skew: 0s, dedupe_retention: 1ms,
         visitor_retention: 365d}
log: {level: "off", format: json}
)";

const testing::Environment kEnv = {
    {"BROKERS", "k1:9092"}, {"KAFKA_PASSWORD", "pw"}, {"TOKEN", "bearer-secret"}};

TEST(ConfigPrinterTest, MasksSecrets) {
  const std::string printed = print_config(load(std::string(kCustom), kEnv));
  for (const char* secret :
       {"bearer-secret", "hunter2", "\"pw\"", "-----BEGIN-----", "abc", "org.apache.kafka"}) {
    EXPECT_EQ(printed.find(secret), std::string::npos) << secret << " in\n" << printed;
  }
  for (const char* masked :
       {"token: \"***\"", "sasl.password: \"***\"", "ssl.key.password: \"***\"",
        "SSL.KEY.PEM: \"***\"", "sasl.oauthbearer.client.secret: \"***\"",
        "sasl.jaas.config: \"***\""}) {
    EXPECT_NE(printed.find(masked), std::string::npos) << masked << " not in\n" << printed;
  }
  // Not secrets: shown as they are.
  EXPECT_NE(printed.find("sasl.username: \"crm\""), std::string::npos) << printed;
  EXPECT_NE(printed.find("security.protocol: \"SASL_SSL\""), std::string::npos) << printed;
}

TEST(ConfigPrinterTest, EmptyTokenIsShownAsEmpty) {
  EXPECT_NE(print_config(Config{}).find("token: \"\""), std::string::npos);
}

TEST(ConfigPrinterTest, SecretPropertyNames) {
  for (const char* key : {"sasl.password", "ssl.key.password", "ssl.key.pem",
                          "ssl.keystore.password", "sasl.oauthbearer.client.secret",
                          "sasl.jaas.config", "Some.PASSWORD", "sasl.oauthbearer.config"}) {
    EXPECT_TRUE(is_secret_property(key)) << key;
  }
  for (const char* key : {"sasl.username", "ssl.ca.location", "ssl.certificate.location",
                          "security.protocol", "linger.ms"}) {
    EXPECT_FALSE(is_secret_property(key)) << key;
  }
}

// Printing, loading the print and printing again gives the same text: every value survives
// the trip (secrets are `***` both times).
TEST(ConfigPrinterTest, PrintedConfigurationLoadsToTheSameConfiguration) {
  const std::string documents[] = {"", std::string(kCustom)};
  for (const std::string& yaml : documents) {
    const std::string printed = print_config(load(yaml, kEnv));
    EXPECT_EQ(print_config(load(printed)), printed) << printed;
  }
}

TEST(ConfigPrinterTest, PrintsValuesInTheirUnits) {
  const std::string printed = print_config(load(std::string(kCustom), kEnv));
  for (const char* line :
       {"memory_budget: 8388609", "max_task_idle: 1500ms", "day_offset: \"-05:30\"",
        "quantile_refresh: 90m", "cart_abandoned_after: 36h", "unpaid_after: 1d",
        "max_message_bytes: 65537", "max_future_skew: 0s", "dedupe_retention: 1ms",
        "visitor_retention: 365d", "monetary: [0.0001, 1.5, 20, 300.25]", "GBP: \"1.17\"",
        "JPY: \"0.0061\"", "churn_factor: 3.3333333333333335", "holdout_percent: 33.3",
        "{name: \"top: best\", r: 5, f: 4-5, m: 4-5}", "{name: \"~\", r: 1-5, f: 1-5, m: 1-5}",
        "group_id: \"null\""}) {
    EXPECT_NE(printed.find(line), std::string::npos) << line << " not in\n" << printed;
  }
  const std::string defaults = print_config(Config{});
  for (const char* line : {"memory_budget: 256MiB", "max_message_bytes: 64KiB",
                           "currency_rates: {}", "properties: {}", "experiments: []"}) {
    EXPECT_NE(defaults.find(line), std::string::npos) << line << " not in\n" << defaults;
  }
}

}  // namespace
}  // namespace crm
