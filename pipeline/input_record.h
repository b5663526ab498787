// One input message as the task engine receives it, from a file line, a Kafka message or
// another task's forward: the bytes, the message key (the dead-letter record keeps it) and
// where it came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "ingest/dead_letter.h"
#include "state/key_codec.h"

namespace crm {

// Which forward a record is: the owner deletes it in the write that applies it.
struct ForwardId {
  TaskId source = 0;
  std::uint64_t sequence = 0;
};

struct InputRecord {
  std::string_view bytes;
  std::string_view key;
  MessagePosition position;
  std::optional<ForwardId> forward = std::nullopt;  // set when another task forwarded it here
  // An anonymous id's event the run loop moved to the task of the customer a signup or login
  // later in that task's batch links the id to (service/link_routing.h): while the id is still
  // unlinked, this task applies it to the visitor's profile, in the id's task's key space, so
  // that the link merges it as the id's own task would have had it.
  bool for_visitor = false;
};

}  // namespace crm
