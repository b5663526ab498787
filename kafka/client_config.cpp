#include "kafka/client_config.h"

namespace crm {
namespace {

Status set(RdKafka::Conf& conf, const std::string& name, const std::string& value,
           const std::string& config_key) {
  std::string error;
  if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) {
    return Status::invalid_argument(config_key + ": " + error);
  }
  return Status::ok();
}

}  // namespace

std::optional<std::pair<std::string, std::string>> rejected_kafka_property(
    const KafkaConfig& kafka) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  for (const auto& [name, value] : kafka.properties) {
    std::string error;
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      return std::make_pair("kafka.properties." + name, error);
    }
  }
  return std::nullopt;
}

Status make_client_conf(const KafkaConfig& kafka, const KafkaSettings& defaults,
                        const KafkaSettings& fixed, std::unique_ptr<RdKafka::Conf>& out) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  if (Status s = set(*conf, "bootstrap.servers", kafka.brokers, "kafka.brokers"); !s.is_ok()) {
    return s;
  }
  for (const auto& [name, value] : defaults) {
    if (Status s = set(*conf, name, value, name); !s.is_ok()) return s;
  }
  for (const auto& [name, value] : kafka.properties) {
    if (Status s = set(*conf, name, value, "kafka.properties." + name); !s.is_ok()) return s;
  }
  for (const auto& [name, value] : fixed) {
    if (Status s = set(*conf, name, value, name); !s.is_ok()) return s;
  }
  out = std::move(conf);
  return Status::ok();
}

}  // namespace crm
