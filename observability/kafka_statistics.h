// librdkafka's statistics (the JSON handed to RdKafka::EventCb as EVENT_STATS every
// statistics.interval.ms; librdkafka's STATISTICS.md) reduced to what /metrics shows: the
// consumer lag of each partition this consumer fetches. Pure function: any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state/status.h"

namespace crm {

struct PartitionLag {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t lag = 0;  // messages between the committed offset and the partition's end
};

struct KafkaStatistics {
  std::string client_type;  // "consumer", "producer"
  // Known lags only: the internal UA partition (-1), unknown lags (-1) and partitions not
  // being fetched (fetch_state "none") are left out.
  std::vector<PartitionLag> lags;
};

// InvalidArgument with simdjson's message when `json` is not a statistics object.
Status parse_kafka_statistics(std::string_view json, KafkaStatistics& statistics);

}  // namespace crm
