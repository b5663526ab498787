// The outbox value: an output record waiting for delivery, stored in the same write batch as
// the state change that made it (operations.md: no output event is lost). Layout: topic byte,
// then key, event_id and json, each as a varint length and its bytes.
#pragma once

#include <string>
#include <string_view>

#include "processors/output_event.h"
#include "state/status.h"

namespace crm {

// The task's meta value (decimal) holding the sequence its next outbox entry gets: every entry
// in its outbox has a smaller one. Written by each engine batch with the entries it adds.
inline constexpr std::string_view kOutboxSequenceMeta = "outbox_next";

void encode_output_record(const OutputRecord& record, std::string& out);
Status decode_output_record(std::string_view bytes, OutputRecord& record);

}  // namespace crm
