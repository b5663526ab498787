#include "config/config_loader.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_node.h"
#include "config/section_readers.h"

namespace crm {

namespace {

// The single document of the file; no document at all (an empty file) is a null node.
YAML::Node parse_document(std::string_view yaml) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::ParserException& error) {
    throw ConfigError("", "invalid YAML at line " + std::to_string(error.mark.line + 1) +
                              ", column " + std::to_string(error.mark.column + 1) + ": " +
                              error.msg);
  }
  if (documents.size() > 1) {
    throw ConfigError("", "the file holds " + std::to_string(documents.size()) +
                              " YAML documents; the configuration is a single one");
  }
  return documents.empty() ? YAML::Node() : documents.front();
}

// A dead-letter record carries the rejected message's bytes (up to limits.max_message_bytes)
// in base64, 4/3 of their size, with a few fields around them. It must fit in one message the
// producer may send (message.max.bytes, librdkafka's default 1000000): a record that does not
// would fail its delivery at every start and stop the pipeline.
void check_dead_letter_fits(const Config& config) {
  constexpr std::uint64_t kRecordFields = 16 << 10;  // reason, detail, source, times, sha256
  std::uint64_t producer_limit = 1'000'000;
  if (const auto it = config.kafka.properties.find("message.max.bytes");
      it != config.kafka.properties.end()) {
    std::uint64_t value = 0;
    const std::string& text = it->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return;  // librdkafka says
    producer_limit = value;
  }
  const std::uint64_t largest =
      producer_limit > kRecordFields ? (producer_limit - kRecordFields) / 4 * 3 : 0;
  if (config.limits.max_message_bytes > largest) {
    throw ConfigError("limits.max_message_bytes",
                      "must be at most " + std::to_string(largest) + " bytes while the " +
                          "producer's message.max.bytes is " + std::to_string(producer_limit) +
                          ": a dead-letter record carries the message in base64 (4/3 of its " +
                          "size) and must fit in one Kafka message; raise kafka.properties " +
                          "message.max.bytes (and the broker's limit) to allow more");
  }
}

// Rules that span sections.
void check_consistency(const Config& config) {
  if (config.currency_rates.contains(config.currency)) {
    throw ConfigError("currency_rates." + config.currency,
                      "is the configured currency itself, which needs no rate");
  }
  check_dead_letter_fits(config);
}

}  // namespace

Config load_config_string(std::string_view yaml, const EnvLookup& env) {
  const YAML::Node document = parse_document(yaml);
  if (!document.IsNull() && !document.IsMap()) {
    throw ConfigError("",
                      "the configuration must be a map of sections (currency, kafka, state, "
                      "...), not a single value or a list");
  }
  const ConfigNode root(document, "", env);
  const ConfigMap sections(root, {"currency", "currency_rates", "kafka", "state", "time", "rfm",
                                  "lifecycle", "triggers", "experiments", "http", "limits", "log"});
  Config config;
  if (auto node = sections.find("currency")) config.currency = read_currency(*node);
  if (auto node = sections.find("currency_rates")) {
    read_currency_rates(*node, config.currency_rates);
  }
  if (auto node = sections.find("kafka")) read_kafka(*node, config.kafka);
  if (auto node = sections.find("state")) read_state(*node, config.state);
  if (auto node = sections.find("time")) read_time(*node, config.time);
  if (auto node = sections.find("rfm")) read_rfm(*node, config.rfm);
  if (auto node = sections.find("lifecycle")) read_lifecycle(*node, config.lifecycle);
  if (auto node = sections.find("triggers")) read_triggers(*node, config.triggers);
  if (auto node = sections.find("experiments")) read_experiments(*node, config.experiments);
  if (auto node = sections.find("http")) read_http(*node, config.http);
  if (auto node = sections.find("limits")) read_limits(*node, config.limits);
  if (auto node = sections.find("log")) read_log(*node, config.log);
  check_consistency(config);
  return config;
}

Config load_config_file(const std::string& path, const EnvLookup& env) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ConfigError("", "cannot read " + path + ": it is a directory");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError("", "cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) throw ConfigError("", "cannot read " + path + ": " + std::strerror(errno));
  return load_config_string(text.str(), env);
}

Config load_config_file(const std::string& path) {
  return load_config_file(path, process_environment());
}

}  // namespace crm
