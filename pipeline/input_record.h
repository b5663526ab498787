// One input message as the task engine receives it, from a file line or a Kafka message: the
// bytes, the message key (the dead-letter record keeps it) and where it came from.
#pragma once

#include <string_view>

#include "ingest/dead_letter.h"

namespace crm {

struct InputRecord {
  std::string_view bytes;
  std::string_view key;
  MessagePosition position;
};

}  // namespace crm
