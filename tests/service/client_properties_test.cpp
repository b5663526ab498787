// kafka.properties reach both of crmstream's Kafka clients as they are (operations.md), SASL
// and TLS included: Debian's librdkafka is built with them, and a client is created with them
// (it connects later, so no broker is needed here). A property librdkafka does not know is an
// error that names the key.
#include <gtest/gtest.h>

#include "ingest/kafka_source.h"
#include "sinks/kafka_outbox_sink.h"

namespace crm {
namespace {

Config secured_config() {
  Config config;
  config.kafka.brokers = "127.0.0.1:1";
  config.kafka.properties = {{"security.protocol", "SASL_SSL"},
                             {"sasl.mechanisms", "SCRAM-SHA-512"},
                             {"sasl.username", "crmstream"},
                             {"sasl.password", "secret"},
                             {"ssl.endpoint.identification.algorithm", "https"}};
  return config;
}

std::optional<std::int64_t> no_stored_offset(const std::string&, std::int32_t) {
  return std::nullopt;
}

TEST(KafkaClientProperties, SaslAndTlsPropertiesMakeBothClients) {
  const Config config = secured_config();
  std::unique_ptr<KafkaSource> source;
  const Status consumer = KafkaSource::create(config, no_stored_offset, nullptr, source);
  EXPECT_TRUE(consumer.is_ok()) << consumer.to_string();
  std::unique_ptr<KafkaOutboxSink> sink;
  const Status producer = KafkaOutboxSink::create(config, nullptr, nullptr, sink);
  EXPECT_TRUE(producer.is_ok()) << producer.to_string();
}

TEST(KafkaClientProperties, AnUnknownPropertyIsAnErrorNamingTheKey) {
  Config config = secured_config();
  config.kafka.properties["no.such.property"] = "1";
  std::unique_ptr<KafkaSource> source;
  const Status consumer = KafkaSource::create(config, no_stored_offset, nullptr, source);
  EXPECT_EQ(consumer.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(consumer.message().find("kafka.properties.no.such.property"), std::string::npos)
      << consumer.to_string();
  std::unique_ptr<KafkaOutboxSink> sink;
  const Status producer = KafkaOutboxSink::create(config, nullptr, nullptr, sink);
  EXPECT_NE(producer.message().find("kafka.properties.no.such.property"), std::string::npos)
      << producer.to_string();
}

}  // namespace
}  // namespace crm
