// `crmstream backup --config FILE --to DIR` (operations.md): a consistent copy of the state,
// state and input positions together (a RocksDB checkpoint), of a directory no pipeline is
// running on. Restoring is pointing state.dir at DIR. While `run` holds the directory the
// copy has to be made by that process.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "app/command_support.h"
#include "app/commands.h"
#include "pipeline/exclusive_state.h"

namespace crm {
namespace {

constexpr std::string_view kThroughRunningProcess =
    "a backup through the running process comes with the HTTP admin API "
    "(POST /v1/admin/backup)";

struct BackupArguments {
  std::string config_path;
  std::string target;
};

int run_backup(const Config& config, const BackupArguments& args) {
  std::error_code ec;
  if (std::filesystem::exists(args.target, ec)) {
    std::cerr << "crmstream backup: --to " << args.target
              << " already exists; a backup goes to a new directory\n";
    return 2;
  }
  std::unique_ptr<StateStore> store;
  check(open_state_exclusively(config, kThroughRunningProcess, store), "cannot open the state");
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
