#include "app/service_process.h"

#include <atomic>
#include <csignal>

#include "app/command_support.h"
#include "app/version.h"
#include "observability/state_gauges.h"

namespace crm {
namespace {

std::atomic<ServiceProcess*> running_process{nullptr};

extern "C" void stop_on_signal(int) {
  if (ServiceProcess* process = running_process.load()) process->stop();
}

}  // namespace

ServiceProcess::ServiceProcess(const Config& config, StateStore& store, PipelineOptions options)
    : config_(config),
      store_(store),
      metrics_(build_version()),
      pipeline_(config, store, &metrics_, &health_, &requests_, options),
      endpoints_(store, config, wall_, requests_,
                 [this](std::string_view customer_id, ErasureReport& report) {
                   return pipeline_.forget(customer_id, report);
                 }),
      http_(config.http, metrics_, health_, &endpoints_) {
  metrics_.add_collect_hook(
      [this](Metrics& metrics) { (void)refresh_state_gauges(store_, config_, wall_, metrics); });
}

ServiceProcess::~ServiceProcess() {
  running_process.store(nullptr);
  http_.stop();
}

void ServiceProcess::start_http() {
  check(http_.start(), "cannot start the HTTP listener");
}

Status ServiceProcess::run() {
  running_process.store(this);
  struct sigaction action {};
  action.sa_handler = stop_on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  const Status status = pipeline_.run();
  running_process.store(nullptr);
  return status;
}

}  // namespace crm
