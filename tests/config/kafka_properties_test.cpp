// kafka.properties pass through to librdkafka, except those that would break a guarantee.
#include <gtest/gtest.h>

#include "config/kafka_property_guard.h"
#include "tests/config/config_test_support.h"

namespace crm {
namespace {

using testing::load;
using testing::load_error;

// Each reason says why, and names the crmstream key to use instead where there is one.
struct ForbiddenCase {
  std::string key;
  std::string mentions;
};

TEST(KafkaPropertiesTest, RejectsPropertiesThatBreakAGuarantee) {
  const ForbiddenCase cases[] = {
      {"enable.auto.commit", "commits offsets itself"},
      {"enable.auto.offset.store", "commits offsets itself"},
      {"enable.idempotence", "always idempotent"},
      {"isolation.level", "read_committed"},
      {"group.id", "use kafka.group_id"},
      {"bootstrap.servers", "use kafka.brokers"},
      {"metadata.broker.list", "use kafka.brokers"},  // librdkafka's name for bootstrap.servers
  };
  for (const auto& c : cases) {
    const ConfigError error =
        load_error("kafka:\n  properties:\n    linger.ms: 5\n    " + c.key + ": \"false\"\n");
    EXPECT_EQ(error.path(), "kafka.properties." + c.key);
    EXPECT_EQ(error.reason().rfind("may not be set", 0), 0u) << error.reason();
    EXPECT_NE(error.reason().find(c.mentions), std::string::npos) << error.reason();
  }
  EXPECT_EQ(std::string(load_error("kafka: {properties: {group.id: x}}").what()),
            "kafka.properties.group.id: may not be set here: use kafka.group_id");
}

TEST(KafkaPropertiesTest, PassesOtherPropertiesThroughAsText) {
  const Config config = load(
      "kafka:\n  properties:\n    linger.ms: 5\n    enable.partition.eof: false\n"
      "    compression.type: zstd\n    auto.offset.reset: earliest\n    client.id: \"\"\n");
  const std::map<std::string, std::string> expected = {{"linger.ms", "5"},
                                                       {"enable.partition.eof", "false"},
                                                       {"compression.type", "zstd"},
                                                       {"auto.offset.reset", "earliest"},
                                                       {"client.id", ""}};
  EXPECT_EQ(config.kafka.properties, expected);
}

TEST(KafkaPropertiesTest, GuardNamesOnlyTheListedKeys) {
  EXPECT_FALSE(forbidden_property_reason("auto.commit.interval.ms"));
  EXPECT_FALSE(forbidden_property_reason("group.instance.id"));
  EXPECT_FALSE(forbidden_property_reason("enable.auto.commit.extra"));
  EXPECT_TRUE(forbidden_property_reason("group.id"));
}

}  // namespace
}  // namespace crm
