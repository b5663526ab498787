#include "observability/kafka_statistics.h"

#include <simdjson.h>

namespace crm {
namespace {

Status failed(simdjson::error_code code, std::string_view what) {
  return Status::invalid_argument("librdkafka statistics: " + std::string(what) + ": " +
                                  simdjson::error_message(code));
}

}  // namespace

Status parse_kafka_statistics(std::string_view json, KafkaStatistics& statistics) {
  statistics = KafkaStatistics{};
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (auto code = parser.parse(json.data(), json.size()).get(root)) return failed(code, "parse");
  std::string_view type;
  if (root["type"].get(type) == simdjson::SUCCESS) statistics.client_type = std::string(type);
  simdjson::dom::object topics;
  const auto topics_code = root["topics"].get(topics);
  if (topics_code == simdjson::NO_SUCH_FIELD) return Status::ok();
  if (topics_code) return failed(topics_code, "topics");
  for (const auto topic : topics) {
    simdjson::dom::object partitions;
    if (topic.value["partitions"].get(partitions)) continue;
    for (const auto entry : partitions) {
      const simdjson::dom::element partition = entry.value;
      std::int64_t id = 0;
      std::int64_t lag = -1;
      if (partition["partition"].get(id) || id < 0) continue;       // -1: the internal UA partition
      if (partition["consumer_lag"].get(lag) || lag < 0) continue;  // -1: unknown
      std::string_view fetch_state;
      if (partition["fetch_state"].get(fetch_state) == simdjson::SUCCESS && fetch_state == "none") {
        continue;  // not assigned to this consumer
      }
      statistics.lags.push_back(
          PartitionLag{std::string(topic.key), static_cast<std::int32_t>(id), lag});
    }
  }
  return Status::ok();
}

}  // namespace crm
