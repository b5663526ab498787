// librdkafka configuration from ours: bootstrap servers, then every kafka.properties entry as it
// is (SASL, TLS, tuning), then the settings a guarantee depends on, which the config loader
// already refuses in kafka.properties. A property librdkafka rejects is an error naming its key.
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "state/status.h"

namespace crm {

using KafkaSettings = std::vector<std::pair<std::string, std::string>>;

// The first kafka.properties entry librdkafka refuses (an unknown name, a bad value), as the
// configuration key that names it and librdkafka's reason; nullopt when it takes them all.
// So that a bad property is a configuration error at load (exit 2, check-config), not a
// failure when a client is made.
std::optional<std::pair<std::string, std::string>> rejected_kafka_property(
    const KafkaConfig& kafka);

// `fixed` come last and win; `defaults` come first, so kafka.properties may override them.
Status make_client_conf(const KafkaConfig& kafka, const KafkaSettings& defaults,
                        const KafkaSettings& fixed, std::unique_ptr<RdKafka::Conf>& out);

}  // namespace crm
