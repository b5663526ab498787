// Dead-letter records (outputs.md "crm.dead-letter"): what goes to `crm.dead-letter` for a
// message the decoder refused, keeping the original bytes so a fixed producer's events can
// be replayed, and the way back (`replay --dead-letters`: record -> original bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "ingest/rejection.h"
#include "processors/time.h"

namespace crm {

// Where a message was read from.
struct KafkaPosition {
  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
};
struct FilePosition {
  std::string_view file;  // as given to the command; used as is in the record's id and source
  std::int64_t line = 0;  // 1-based
};
using MessagePosition = std::variant<KafkaPosition, FilePosition>;

// "dl:<topic>:<partition>:<offset>" or "dl:<file>:<line>".
std::string dead_letter_id(const MessagePosition& position);

// The record, one compact JSON object:
// {"event_id","reason","detail","source":{"topic","partition","offset"}|{"file","line"},
//  "received_at","payload_bytes","payload_base64"}, and for too_large "truncated": true and
// "payload_sha256" (of the whole payload) with only its first `max_message_bytes` encoded.
// `payload_bytes` is always the size of the whole original message.
std::string build_dead_letter_record(const MessagePosition& position, const Rejection& rejection,
                                     std::string_view payload, TimeMs received_at,
                                     std::size_t max_message_bytes);

// The original message bytes of a record built above. False, with `error` set, when the
// record is not such JSON, its payload is truncated (too_large: the original is not kept) or
// does not match payload_bytes.
bool read_dead_letter_payload(std::string_view record, std::string& payload, std::string& error);

}  // namespace crm
