// Each kind of configuration error names the key path and says what is wrong.
#include <gtest/gtest.h>

#include "tests/config/config_test_support.h"

namespace crm {
namespace {

using testing::load_error;

struct ErrorCase {
  std::string yaml;
  std::string path;
  std::string reason;
};

void expect_errors(const std::vector<ErrorCase>& cases) {
  for (const auto& c : cases) {
    const ConfigError error = load_error(c.yaml);
    EXPECT_EQ(error.path(), c.path) << c.yaml;
    EXPECT_EQ(error.reason(), c.reason) << c.yaml;
    EXPECT_EQ(std::string(error.what()), c.path + ": " + c.reason) << c.yaml;
  }
}

TEST(ConfigErrorsTest, UnknownKeysAreNamed) {
  expect_errors({
      {"rfm:\n  windw_days: 30\n", "rfm.windw_days", "unknown key"},
      {"kafak:\n  brokers: x\n", "kafak", "unknown key"},
      {"kafka:\n  topics:\n    click_stream: x\n", "kafka.topics.click_stream", "unknown key"},
      {"rfm:\n  segments:\n    - {name: all, x: 1}\n", "rfm.segments[0].x", "unknown key"},
      {"experiments:\n  - {name: a, percent: 5}\n", "experiments[0].percent", "unknown key"},
      // Reported before the bad value of a known key, wherever it stands.
      {"log:\n  level: loud\n  formt: json\n", "log.formt", "unknown key"},
  });
}

TEST(ConfigErrorsTest, DuplicateKeysAreNamed) {
  expect_errors({
      {"currency: USD\ncurrency: EUR\n", "currency", "duplicate key"},
      {"rfm:\n  window_days: 30\n  window_days: 60\n", "rfm.window_days", "duplicate key"},
      {"kafka:\n  properties:\n    linger.ms: 5\n    linger.ms: 10\n", "kafka.properties.linger.ms",
       "duplicate key"},
      {"rfm:\n  segments:\n    - {name: a, r: 1, r: 2}\n", "rfm.segments[0].r", "duplicate key"},
      {"state: {dir: /a}\nstate: {dir: /b}\n", "state", "duplicate key"},
  });
}

TEST(ConfigErrorsTest, InvalidValuesSayWhatIsExpected) {
  expect_errors({
      {"time:\n  clock: sometimes\n", "time.clock", "must be stream or wall, got \"sometimes\""},
      {"kafka: {partitioner: random}", "kafka.partitioner",
       "must be murmur2 or crc32, got \"random\""},
      {"rfm: {scoring: best}", "rfm.scoring", "must be static or quantile, got \"best\""},
      {"log: {level: verbose}", "log.level",
       "must be one of trace, debug, info, warn, error, critical or off, got \"verbose\""},
      {"log: {format: xml}", "log.format", "must be text or json, got \"xml\""},
      {"currency: usd", "currency", "must be an ISO 4217 code of 3 capital letters, got \"usd\""},
      {"currency: EURO", "currency", "must be an ISO 4217 code of 3 capital letters, got \"EURO\""},
      {"currency_rates: {eur: \"1.08\"}", "currency_rates.eur",
       "must be an ISO 4217 code of 3 capital letters"},
      {"currency_rates: {EUR: \"0\"}", "currency_rates.EUR",
       "must be a positive decimal rate such as \"1.08\", got \"0\""},
      {"currency_rates: {EUR: \"-1.08\"}", "currency_rates.EUR",
       "must be a positive decimal rate such as \"1.08\", got \"-1.08\""},
      {"currency_rates: {EUR: 1e2}", "currency_rates.EUR",
       "must be a positive decimal rate such as \"1.08\", got \"1e2\""},
      {"currency_rates: {USD: \"1\"}", "currency_rates.USD",
       "is the configured currency itself, which needs no rate"},
      {"state: {sync_writes: yes}", "state.sync_writes", "must be true or false, got \"yes\""},
      {"state: {dir: \"\"}", "state.dir", "must not be empty"},
      {"state: {memory_budget: 8388607}", "state.memory_budget",
       "must be at least 8388608 bytes, got 8388607"},
      {"state: {memory_budget: 64MB}", "state.memory_budget",
       "must be a size: a number of bytes, or a number with KiB, MiB or GiB, got \"64MB\""},
      {"limits: {max_message_bytes: 0}", "limits.max_message_bytes",
       "must be at least 1 byte, got 0"},
      {"limits: {max_message_bytes: 737713}", "limits.max_message_bytes",
       "must be at most 737712 bytes while the producer's message.max.bytes is 1000000: a "
       "dead-letter record carries the message in base64 (4/3 of its size) and must fit in one "
       "Kafka message; raise kafka.properties message.max.bytes (and the broker's limit) to "
       "allow more"},
      {"time: {max_task_idle: 1000}", "time.max_task_idle",
       "must be a duration with a unit (500ms, 30s, 30m, 1h, 7d; 0s for none), got \"1000\""},
      {"time: {day_offset: \"8\"}", "time.day_offset",
       "must be an offset like \"+08:00\" or \"-05:30\", got \"8\""},
      {"rfm: {quantile_refresh: 0s}", "rfm.quantile_refresh",
       "must be a duration > 0 with a unit (500ms, 30s, 30m, 1h, 7d), got \"0s\""},
      {"triggers: {cart_abandoned_after: 0m}", "triggers.cart_abandoned_after",
       "must be a duration > 0 with a unit (500ms, 30s, 30m, 1h, 7d), got \"0m\""},
      {"triggers: {unpaid_after: -30m}", "triggers.unpaid_after",
       "must be a duration > 0 with a unit (500ms, 30s, 30m, 1h, 7d), got \"-30m\""},
      {"limits: {max_future_skew: 1d2h}", "limits.max_future_skew",
       "must be a duration with a unit (500ms, 30s, 30m, 1h, 7d; 0s for none), got \"1d2h\""},
      {"limits: {dedupe_retention: 0s}", "limits.dedupe_retention",
       "must be a duration > 0 with a unit (500ms, 30s, 30m, 1h, 7d), got \"0s\""},
      {"limits: {visitor_retention: 180}", "limits.visitor_retention",
       "must be a duration > 0 with a unit (500ms, 30s, 30m, 1h, 7d), got \"180\""},
      {"rfm: {window_days: -1}", "rfm.window_days", "must be >= 0, got -1"},
      {"rfm: {window_days: 1y}", "rfm.window_days", "must be a whole number, got \"1y\""},
      {"rfm: {window_days: 30d}", "rfm.window_days", "must be a whole number, got \"30d\""},
      {"rfm: {recency_days: [30, 90, 180]}", "rfm.recency_days",
       "must be a list of 4 ascending thresholds, got 3 values"},
      {"rfm: {frequency: [2, 3, 3, 8]}", "rfm.frequency[2]",
       "thresholds must be ascending: this one is not above the one before it"},
      {"rfm: {frequency: [-1, 3, 5, 8]}", "rfm.frequency[0]", "must be >= 0, got -1"},
      {"rfm: {monetary: [100, 300, \"12.34567\", 3000]}", "rfm.monetary[2]",
       "must be an amount >= 0 with at most 4 decimal places (\"129.90\"), got \"12.34567\""},
      {"rfm: {monetary: [100, 300, 1000, 1e4]}", "rfm.monetary[3]",
       "must be an amount >= 0 with at most 4 decimal places (\"129.90\"), got \"1e4\""},
      {"rfm: {monetary: [300, 100, 1000, 3000]}", "rfm.monetary[1]",
       "thresholds must be ascending: this one is not above the one before it"},
      {"lifecycle: {at_risk_factor: 0}", "lifecycle.at_risk_factor", "must be > 0, got 0"},
      {"lifecycle: {churn_min_days: -5}", "lifecycle.churn_min_days", "must be > 0, got -5"},
      {"lifecycle: {default_interval_days: .nan}", "lifecycle.default_interval_days",
       "must be a number, got \".nan\""},
      {"lifecycle: {default_interval_days: inf}", "lifecycle.default_interval_days",
       "must be a number, got \"inf\""},
      {"lifecycle: {at_risk_min_days: 200}", "lifecycle.at_risk_min_days",
       "must be <= lifecycle.at_risk_max_days (200 > 180)"},
      {"lifecycle: {churn_min_days: 100, churn_max_days: 99.5}", "lifecycle.churn_min_days",
       "must be <= lifecycle.churn_max_days (100 > 99.5)"},
      {"lifecycle: {loyal_min_orders: 0}", "lifecycle.loyal_min_orders", "must be >= 1, got 0"},
      {"lifecycle: {loyal_min_orders: 2.5}", "lifecycle.loyal_min_orders",
       "must be a whole number, got \"2.5\""},
      {"experiments: [{name: a, holdout_percent: 101}]", "experiments[0].holdout_percent",
       "must be between 0 and 100, got 101"},
      {"experiments: [{name: a, holdout_percent: -1}]", "experiments[0].holdout_percent",
       "must be between 0 and 100, got -1"},
      {"experiments: [{salt: x}]", "experiments[0].name", "missing (this key has no default)"},
      {"experiments: [{name: \"\"}]", "experiments[0].name", "must not be empty"},
      {"experiments: [{name: a}, {name: b}, {name: a}]", "experiments[2].name",
       "experiment names must be unique: \"a\" is repeated"},
      {"http: {listen: 9464}", "http.listen",
       "must be host:port such as \"127.0.0.1:9464\", got \"9464\""},
      {"http: {listen: \"host:99999\"}", "http.listen",
       "must be host:port such as \"127.0.0.1:9464\", got \"host:99999\""},
      {"http: {listen: \"::1:9464\"}", "http.listen",
       "must be host:port such as \"127.0.0.1:9464\", got \"::1:9464\""},
      {"kafka: {brokers: \"\"}", "kafka.brokers", "must not be empty"},
      {"kafka: {group_id: \"\"}", "kafka.group_id", "must not be empty"},
      {"kafka: {topics: {orders: crm.clickstream}}", "kafka.topics.orders",
       "must differ from kafka.topics.clickstream, both are \"crm.clickstream\""},
      {"kafka: {topics: {triggers: crm.orders}}", "kafka.topics.triggers",
       "must differ from kafka.topics.orders, both are \"crm.orders\""},
      {"kafka: {topics: {dead_letter: crm.triggers}}", "kafka.topics.dead_letter",
       "must differ from kafka.topics.triggers, both are \"crm.triggers\""},
  });
}

TEST(ConfigErrorsTest, WrongYamlTypesAreNamed) {
  expect_errors({
      {"currency: [USD]", "currency", "must be a single value, got a list"},
      {"time:\n  clock:\n    kind: wall\n", "time.clock", "must be a single value, got a map"},
      {"state: /var/lib/crm", "state", "must be a map, got a scalar"},
      {"kafka: [a, b]", "kafka", "must be a map, got a list"},
      {"kafka: {properties: [a]}", "kafka.properties", "must be a map, got a list"},
      {"kafka: {properties: {linger.ms: {a: 1}}}", "kafka.properties.linger.ms",
       "must be a single value, got a map"},
      {"kafka: {properties: {linger.ms: }}", "kafka.properties.linger.ms", "missing value"},
      {"experiments: {name: a}", "experiments", "must be a list, got a map"},
      {"experiments: [a]", "experiments[0]", "must be a map, got a scalar"},
      {"rfm: {recency_days: 30}", "rfm.recency_days", "must be a list, got a scalar"},
      {"rfm: {segments: [{name: [a]}]}", "rfm.segments[0].name",
       "must be a single value, got a list"},
      {"http:\n  token:\n", "http.token", "missing value"},
      {"state: {dir: ~}", "state.dir", "missing value"},
  });
}

TEST(ConfigErrorsTest, UnsetEnvironmentVariableIsNamedWithTheKey) {
  expect_errors({
      {"http: {token: \"${CRM_HTTP_TOKEN}\"}", "http.token",
       "environment variable CRM_HTTP_TOKEN is not set"},
      {"kafka: {properties: {sasl.password: \"x${KAFKA_PW}\"}}", "kafka.properties.sasl.password",
       "environment variable KAFKA_PW is not set"},
      {"state: {dir: \"${DATA_DIR\"}", "state.dir",
       "unterminated environment variable reference (a ${ without })"},
  });
}

TEST(ConfigErrorsTest, DocumentLevelErrorsHaveNoKeyPath) {
  struct DocumentCase {
    std::string yaml;
    std::string reason;
  };
  const DocumentCase cases[] = {
      {"kafka:\n  brokers: [a, b\nstate: {}\n",
       "invalid YAML at line 3, column 6: end of sequence flow not found"},
      {"just a string",
       "the configuration must be a map of sections (currency, kafka, state, "
       "...), not a single value or a list"},
      {"- a\n- b\n",
       "the configuration must be a map of sections (currency, kafka, state, "
       "...), not a single value or a list"},
      {"currency: USD\n---\ncurrency: EUR\n",
       "the file holds 2 YAML documents; the configuration is a single one"},
      {"? [a, b]\n: 1\n", "keys must be plain names, got a list"},
  };
  for (const auto& c : cases) {
    const ConfigError error = testing::load_error(c.yaml);
    EXPECT_EQ(error.path(), "") << c.yaml;
    EXPECT_EQ(error.reason(), c.reason) << c.yaml;
    EXPECT_EQ(std::string(error.what()), c.reason) << c.yaml;
  }
}

TEST(ConfigErrorsTest, SyntaxErrorsGiveLineAndColumn) {
  const ConfigError error = testing::load_error("rfm:\n  window_days: 30\n bad: [\n");
  EXPECT_NE(error.reason().find("invalid YAML at line "), std::string::npos) << error.reason();
  EXPECT_NE(error.reason().find(", column "), std::string::npos) << error.reason();
}

TEST(ConfigErrorsTest, FilesThatCannotBeReadAreErrors) {
  EXPECT_THROW(load_config_file("/nonexistent/crmstream.yaml"), ConfigError);
  EXPECT_THROW(load_config_file("/tmp"), ConfigError);
  try {
    load_config_file("/nonexistent/crmstream.yaml");
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.path(), "");
    EXPECT_EQ(error.reason(), "cannot read /nonexistent/crmstream.yaml: No such file or directory");
  }
}

}  // namespace
}  // namespace crm
