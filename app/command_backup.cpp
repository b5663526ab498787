// `crmstream backup --config FILE --to DIR` (operations.md): a consistent copy of the state,
// state and input positions together (a RocksDB checkpoint), of a directory no pipeline is
// running on. Restoring is pointing state.dir at DIR. While `run` holds the directory the
// copy is made by that process: the request goes to its http.listen (POST /v1/admin/backup
// {"to": absolute DIR}, with http.token), so DIR is a path on that process's machine.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "app/command_support.h"
#include "app/commands.h"
#include "observability/admin_client.h"
#include "pipeline/exclusive_state.h"
#include "processors/json_writer.h"

namespace crm {
namespace {

constexpr std::string_view kThroughRunningProcess =
    "a backup through the running process comes with the HTTP admin API "
    "(POST /v1/admin/backup)";

struct BackupArguments {
  std::string config_path;
  std::string target;
};

// The directory is held by a running crmstream (`busy`): the checkpoint is made by it, through
// its HTTP admin API. Exit codes: 0 done, 2 for a target it refuses (exists, not a path), 1
// for any other failure.
int backup_through_running_process(const Config& config, const std::string& target,
                                   const Status& busy) {
  std::string body = "{\"to\":";
  append_json_string(body, target);
  body += "}";
  AdminResponse response;
  const Status sent = admin_request(config.http, "POST", "/v1/admin/backup", body, response);
  if (!sent.is_ok()) {
    throw CommandFailure("cannot open the state: " + busy.to_string() + "; " + sent.message());
  }
  if (response.status == 400) {
    std::cerr << "crmstream backup: --to " << target << ": " << admin_error_message(response)
              << "\n";
    return 2;
  }
  if (response.status != 200) {
    throw CommandFailure("backup failed: " + admin_failure_message(config.http, response));
  }
  std::cout << "backup of " << config.state.dir << " written to " << target
            << " by the running process; to restore, point state.dir at it\n";
  return 0;
}

int run_backup(const Config& config, const BackupArguments& args) {
  std::error_code ec;
  if (std::filesystem::exists(args.target, ec)) {
    std::cerr << "crmstream backup: --to " << args.target
              << " already exists; a backup goes to a new directory\n";
    return 2;
  }
  std::unique_ptr<StateStore> store;
  const Status opened = open_state_exclusively(config, kThroughRunningProcess, store);
  if (opened.is_busy()) {
    const std::string target =
        std::filesystem::absolute(args.target, ec).lexically_normal().string();
    return backup_through_running_process(config, target, opened);
  }
  check(opened, "cannot open the state");
  check(store->checkpoint(args.target), "backup failed");
  check(store->close(), "cannot close the state");
  std::cout << "backup of " << config.state.dir << " written to " << args.target
            << "; to restore, point state.dir at it\n";
  return 0;
}

}  // namespace

void add_backup_command(CLI::App& root, int& exit_code) {
  CLI::App* command =
      root.add_subcommand("backup", "Write a consistent copy of the state to a new directory");
  auto args = std::make_shared<BackupArguments>();
  command->add_option("--config", args->config_path, "The YAML configuration file")->required();
  command->add_option("--to", args->target, "The new directory for the copy")->required();
  command->callback([args, &exit_code] {
    exit_code = run_command("backup", args->config_path,
                            [&](const Config& config) { return run_backup(config, *args); });
  });
}

}  // namespace crm
