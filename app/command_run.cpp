// `crmstream run --config FILE` (operations.md): the service. Consumes both input topics until
// SIGTERM or SIGINT, then finishes the batch, commits, flushes outputs and exits 0 within 10 s;
// a fatal Kafka or state error stops it with exit code 1 and the cause.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "app/command_support.h"
#include "app/commands.h"
#include "app/service_process.h"
#include "app/version.h"
#include "observability/logging.h"

namespace crm {
namespace {

int run_service(const Config& config) {
  configure_logging(config.log);
  spdlog::info("crmstream {} starting: state {}, brokers {}", build_version(), config.state.dir,
               config.kafka.brokers);
  std::unique_ptr<StateStore> store = open_state(config, OpenMode::kReadWrite);
  int exit_code = 0;
  {
    ServiceProcess process(config, *store);
    process.start_http();
    spdlog::info("HTTP on http://{} (/metrics, /healthz, /readyz, /v1/...)", process.http().url());
    const Status status = process.run();
    if (!status.is_ok()) {
      spdlog::error("stopping: {}", status.to_string());
      exit_code = 1;
    }
  }
  if (const Status closed = store->close(); !closed.is_ok()) {
    spdlog::error("cannot close the state: {}", closed.to_string());
    exit_code = 1;
  }
  return exit_code;
}

}  // namespace

void add_run_command(CLI::App& root, int& exit_code) {
  auto config_path = std::make_shared<std::string>();
  CLI::App* command =
      root.add_subcommand("run", "Consume the input topics and keep the profiles until stopped");
  command->add_option("--config", *config_path, "Configuration file (YAML)")->required();
  command->callback(
      [config_path, &exit_code] { exit_code = run_command("run", *config_path, run_service); });
}

}  // namespace crm
