// What `run` and `demo` share: the pipeline of a process with its HTTP listener, metrics,
// health, and SIGTERM/SIGINT handling (operations.md "run": finish the batch, commit, flush
// outputs, exit within 10 s). One per process.
#pragma once

#include <functional>
#include <memory>

#include "config/config.h"
#include "observability/health_state.h"
#include "observability/http_server.h"
#include "observability/loop_requests.h"
#include "observability/metrics.h"
#include "observability/store_endpoints.h"
#include "service/kafka_pipeline.h"
#include "state/store.h"

namespace crm {

class ServiceProcess {
 public:
  // Opens nothing yet; the store must outlive this object.
  ServiceProcess(const Config& config, StateStore& store, PipelineOptions options = {});
  ~ServiceProcess();

  // Starts the HTTP listener (throws CommandFailure when it cannot bind).
  void start_http();
  // Runs the pipeline until stop() or a signal; returns its status.
  Status run();
  void stop() { pipeline_.stop(); }

  KafkaPipeline& pipeline() { return pipeline_; }
  Metrics& metrics() { return metrics_; }
  const HttpServer& http() const { return http_; }

 private:
  const Config& config_;
  StateStore& store_;
  SystemClock wall_;
  Metrics metrics_;
  HealthState health_;
  LoopRequests requests_;
  KafkaPipeline pipeline_;
  StoreEndpoints endpoints_;
  HttpServer http_;
};

}  // namespace crm
