// The field checks of events.md, applied to a captured message in the contract's order:
// event_id, type, ts, the ids, the type's other fields, currency; the first failing check
// gives the reason. Strings the Event keeps end up in the arena; money is converted
// to the configured currency exactly. No allocation on the success path.
#pragma once

#include <optional>

#include "ingest/decoder_config.h"
#include "ingest/event_arena.h"
#include "ingest/field_capture.h"
#include "ingest/rejection.h"
#include "processors/event.h"

namespace crm {

// Limits of events.md, in bytes of the unescaped UTF-8.
inline constexpr std::size_t kMaxIdBytes = 128;  // event_id, customer_id, anonymous_id, order_id
inline constexpr std::size_t kMaxChannelBytes = 64;  // channel
inline constexpr std::size_t kMaxTextBytes = 256;    // product_id, category, page, query, topic

// Fills `out` from `capture` (a complete, valid JSON object) or says why it cannot.
// REQUIRES: the message `capture` views (CapturedValue::in_message) lives in `arena`; other
// strings the Event keeps are copied there.
// `wall_now` set enables the future-skew check (run, demo); nullopt skips it (replay).
// On rejection `out` is unspecified.
DecodeOutcome validate_event(const FieldCapture& capture, const DecoderConfig& config,
                             std::optional<TimeMs> wall_now, EventArena& arena, Event& out);

}  // namespace crm
