// What the /v1/* routes of the HTTP listener ask the running process (operations.md "HTTP").
// The listener maps a Status to the answer: ok 200, NotFound 404, InvalidArgument 400, Busy
// 503, anything else 500; an error's body is {"error": message}.
// Threading: called from the listener's threads, several at once; an implementation must not
// take a lock the processing loop holds during a batch (reads go straight to RocksDB; work
// that must run on the loop goes through LoopRequests).
#pragma once

#include <string>
#include <string_view>

#include "state/status.h"

namespace crm {

class ServiceEndpoints {
 public:
  virtual ~ServiceEndpoints() = default;

  // GET /v1/customers/{id}: the profile's export record (one JSON object, no newline) in
  // `json`; NotFound when no task holds the customer.
  virtual Status customer_json(std::string_view customer_id, std::string& json) = 0;
  // GET /v1/segments: the populations and KPI counts (`crmstream export --summary`'s object).
  virtual Status segments_json(std::string& json) = 0;
  // POST /v1/admin/backup {"to": DIR}: a checkpoint into the new absolute directory DIR;
  // `json` describes it. InvalidArgument when DIR is relative or exists.
  virtual Status backup(const std::string& dir, std::string& json) = 0;
  // POST /v1/admin/forget/{id}: the erasure; `json` describes what went (erasure_report_json.h).
  virtual Status forget(std::string_view customer_id, std::string& json) = 0;
};

}  // namespace crm
