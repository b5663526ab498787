// ServiceEndpoints over the state store of the running process: profiles, populations and the
// checkpoint are read straight from RocksDB on the listener's thread (StateStore's const
// members are safe beside the loop's writes: RocksDB synchronizes, and each read uses its own
// iterator or get), so a request never waits for a batch. A profile and its task's clock are
// two reads, not one snapshot: a request racing a batch may evaluate a profile one batch newer
// than the clock, which the next request corrects.
//
// An erasure changes state and the engine's in-memory view of it, so it runs on the loop
// thread: forget() queues the lead's ForgetFunction on LoopRequests and waits for it.
// Threading: any number of listener threads at once; the store, config, wall clock and loop
// requests must outlive this object, and the loop must keep calling run_pending() (or close()
// the requests) until the listener is stopped.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "observability/loop_requests.h"
#include "observability/service_endpoints.h"
#include "pipeline/customer_erasure.h"
#include "pipeline/wall_clock.h"
#include "state/store.h"

namespace crm {

// Erases a customer on the loop thread (e.g. forget_customer() on the loop's store, then
// whatever the engines must re-read), counting it in crmstream_erasures_total. NotFound when
// the customer is unknown.
using ForgetFunction = std::function<Status(std::string_view customer_id, ErasureReport& report)>;

class StoreEndpoints final : public ServiceEndpoints {
 public:
  StoreEndpoints(const StateStore& store, const Config& config, const WallClock& wall,
                 LoopRequests& loop, ForgetFunction forget,
                 std::chrono::milliseconds loop_timeout = std::chrono::seconds(10));

  Status customer_json(std::string_view customer_id, std::string& json) override;
  Status segments_json(std::string& json) override;
  Status backup(const std::string& dir, std::string& json) override;
  Status forget(std::string_view customer_id, std::string& json) override;

 private:
  const StateStore& store_;
  const Config& config_;
  const WallClock& wall_;
  LoopRequests& loop_;
  ForgetFunction forget_;
  std::chrono::milliseconds loop_timeout_;
};

}  // namespace crm
