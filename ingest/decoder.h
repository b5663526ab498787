// The event decoder (events.md): one Kafka message or file line -> a validated Event, or a
// Rejection with the contract's reason code and a detail for the dead-letter record.
// The checks run in the contract's order: size, JSON, event_id, type, ts, the ids, the
// type's other fields, currency; the first failing one gives the reason.
//
// Built for the hot path: the message is copied once, padded, into the caller's arena and
// parsed there, so the Event's strings are views into that copy (a string with escapes is
// unescaped into the arena instead); the JSON parser and capture tables are reused across
// messages; numbers are read exactly from their text (never via double). A successful
// decode allocates nothing once the parser and the arena have grown. The arena holds each
// message's bytes until it is reset, rejected ones included.
// REQUIRES: external synchronization (one decoder per decoding thread).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "ingest/decoder_config.h"
#include "ingest/event_arena.h"
#include "ingest/rejection.h"
#include "processors/event.h"

namespace crm {

class JsonCapture;
struct FieldCapture;

class EventDecoder {
 public:
  // Copies `config`.
  explicit EventDecoder(const DecoderConfig& config);
  ~EventDecoder();
  EventDecoder(const EventDecoder&) = delete;
  EventDecoder& operator=(const EventDecoder&) = delete;

  // Decodes one message into `out`, whose strings are views into `arena` (valid until the
  // arena is reset). `wall_now` is the wall clock for the future-skew check of `run` and
  // `demo`; nullopt skips it, as `replay` must. On rejection `out` is unspecified.
  DecodeOutcome decode(std::string_view bytes, EventArena& arena, std::optional<TimeMs> wall_now,
                       Event& out);

  const DecoderConfig& config() const { return config_; }

 private:
  DecoderConfig config_;
  std::unique_ptr<JsonCapture> json_;
  std::unique_ptr<FieldCapture> capture_;
  std::string json_error_;  // reused: the detail of the last malformed message
};

}  // namespace crm
