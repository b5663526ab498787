// The outbox value: an output record waiting for delivery, stored in the same write batch as
// the state change that made it (operations.md: no output event is lost). Layout: topic byte,
// then key, event_id and json, each as a varint length and its bytes.
#pragma once

#include <string>
#include <string_view>

#include "processors/output_event.h"
#include "state/status.h"

namespace crm {

void encode_output_record(const OutputRecord& record, std::string& out);
Status decode_output_record(std::string_view bytes, OutputRecord& record);

}  // namespace crm
