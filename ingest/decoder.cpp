#include "ingest/decoder.h"

#include <string>

#include "ingest/event_validation.h"
#include "ingest/field_capture.h"
#include "ingest/json_capture.h"

namespace crm {

EventDecoder::EventDecoder(const DecoderConfig& config)
    : config_(config),
      json_(std::make_unique<JsonCapture>()),
      capture_(std::make_unique<FieldCapture>()) {}

EventDecoder::~EventDecoder() = default;

DecodeOutcome EventDecoder::decode(std::string_view bytes, EventArena& arena,
                                   std::optional<TimeMs> wall_now, Event& out) {
  if (bytes.size() > config_.max_message_bytes) {
    return DecodeOutcome(RejectReason::kTooLarge, "message of " + std::to_string(bytes.size()) +
                                                      " bytes exceeds limits.max_message_bytes (" +
                                                      std::to_string(config_.max_message_bytes) +
                                                      ")");
  }
  // The one copy of the message: into the arena, padded for simdjson, so that the Event's
  // strings can be views into it (only strings with escapes are copied again, unescaped).
  const std::string_view message = arena.copy_padded(bytes, simdjson::SIMDJSON_PADDING);
  // The whole document is read before any field is judged: a JSON error anywhere wins.
  if (!json_->capture(message, *capture_, json_error_)) {
    return DecodeOutcome(RejectReason::kMalformedJson, json_error_);
  }
  return validate_event(*capture_, config_, wall_now, arena, out);
}

}  // namespace crm
