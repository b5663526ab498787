#include "kafka/task_partitioner.h"

#include <librdkafka/rdkafka.h>

namespace crm {

std::int32_t TaskPartitioner::task_of(std::string_view key) const {
  if (partitions_ <= 1) return 0;
  // Neither function reads the topic handle or the opaques.
  if (kind_ == Partitioner::kCrc32) {
    return rd_kafka_msg_partitioner_consistent(nullptr, key.data(), key.size(), partitions_,
                                               nullptr, nullptr);
  }
  return rd_kafka_msg_partitioner_murmur2(nullptr, key.data(), key.size(), partitions_, nullptr,
                                          nullptr);
}

}  // namespace crm
