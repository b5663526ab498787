// The answer of POST /v1/admin/forget/{id}: an ErasureReport (pipeline/customer_erasure.h) as
// one JSON object: {"customer_id", "task" (null when only links went), "orders",
// "timer_due" (RFC 3339 or null), "pending_outputs", "links": [{"task", "anonymous_id"}]}.
// Pure functions: any thread.
#pragma once

#include <string>
#include <string_view>

#include "pipeline/customer_erasure.h"
#include "state/status.h"

namespace crm {

void render_erasure_report(std::string_view customer_id, const ErasureReport& report,
                           std::string& out);

// The inverse, for `crmstream forget` printing what the running process erased.
// InvalidArgument when `json` is not such an object.
Status parse_erasure_report(std::string_view json, std::string& customer_id, ErasureReport& report);

}  // namespace crm
