// An input record a task forwarded to the task that owns its customer key (events.md "Keys,
// partitions and tasks": a wrong partition or a linked anonymous id costs a hop). The source
// task stores it in the forwards family in the same write as its input position, so the hop is
// exactly once; the owner applies it and deletes it in one write. Within one instance the hop
// never leaves the state store (between instances it would go through crm.repartition).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/input_record.h"
#include "state/key_codec.h"
#include "state/status.h"

namespace crm {

struct ForwardedRecord {
  TaskId owner = 0;
  TaskId source = 0;
  std::uint64_t sequence = 0;  // the source task's forward sequence
  std::string bytes;
  std::string key;    // the message key
  std::string topic;  // where the message was read first
  std::int32_t partition = 0;
  std::int64_t offset = 0;

  // A view for the task engine; valid while this record lives and is not modified.
  InputRecord input() const;
};

// The forwards family's value: bytes, key, topic, partition, offset.
void encode_forwarded_record(const ForwardedRecord& record, std::string& out);
// `owner`, `source` and `sequence` come from the key (state/key_codec.h decode_forward_key).
Status decode_forwarded_record(std::string_view value, ForwardedRecord& record);

}  // namespace crm
