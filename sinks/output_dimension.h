// The `dimension` label of crmstream_output_events_total: what an output is about, from a
// bounded set (metrics labels carry no ids, operations.md "Metrics"). Read from the record's
// JSON, not cut from its event_id, whose customer, event and order ids may hold any character.
#pragma once

#include <string>

#include "processors/output_event.h"

namespace crm {

// lifecycle, rfm_segment or value_tier; customer_forgotten; churn_risk; cart_abandoned or
// payment_reminder; a dead letter's reason; "unknown" for a record without the field.
std::string output_dimension(const OutputRecord& record);

}  // namespace crm
