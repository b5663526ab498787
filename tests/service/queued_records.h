// QueuedRecords for the window tests: a message (offset) or a forward (sequence, source task).
#pragma once

#include <memory>

#include "service/task_queue.h"

namespace crm::service_test {

inline QueuedRecord queued(InputSource source, TimeMs ts, std::int64_t offset, TaskId from = 0) {
  QueuedRecord r;
  r.source = source;
  r.ts = ts;
  r.offset = offset;
  if (source == InputSource::kForwarded) {
    r.forwarded = std::make_unique<ForwardedRecord>();
    r.forwarded->source = from;
    r.forwarded->sequence = static_cast<std::uint64_t>(offset);
  }
  return r;
}

}  // namespace crm::service_test
