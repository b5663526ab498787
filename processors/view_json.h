// JSON fragments of a customer's view that the output events (output_event.h) and the profile
// export (export_record.h) both carry, so that the two always spell them the same way.
#pragma once

#include <string>
#include <string_view>

#include "processors/customer_view.h"
#include "processors/json_writer.h"
#include "processors/model_config.h"

namespace crm {

// The name of RFM segment `index`, or nullptr when the index is outside the rules (a view
// evaluated under other rules), rather than reading past them.
const std::string* segment_name(const ModelConfig& config, int index);

// The segment's name as a value; null when segment_name() has none.
void write_segment_name(JsonWriter& w, const ModelConfig& config, int index);

// Members r, f, m, recency_days, frequency, monetary.
void write_rfm_scores(JsonWriter& w, const RfmView& rfm);

// Member "experiments": {name: "holdout" | "treatment"} in configuration order; nothing when
// no experiment is configured.
void write_experiments(JsonWriter& w, const ModelConfig& config, std::string_view customer_id);

}  // namespace crm
