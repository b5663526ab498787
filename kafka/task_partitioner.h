// Which task owns a customer key (events.md "Keys, partitions and tasks"): murmur2(key) mod
// partitions, positive as Java computes it, or librdkafka's crc32 (consistent) partitioner.
// Both are librdkafka's own functions, so a producer using them and crmstream always agree.
// Thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "config/config.h"

namespace crm {

class TaskPartitioner {
 public:
  TaskPartitioner(Partitioner kind, std::int32_t partitions)
      : kind_(kind), partitions_(partitions) {}

  std::int32_t partitions() const { return partitions_; }
  // REQUIRES: key not empty (every customer key has 1..128 bytes).
  std::int32_t task_of(std::string_view key) const;

 private:
  Partitioner kind_;
  std::int32_t partitions_;
};

}  // namespace crm
