#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "app/commands.h"
#include "app/version.h"

int main(int argc, char** argv) {
  CLI::App root{"crmstream: a streaming CRM engine for e-commerce"};
  root.set_version_flag("--version", std::string(crm::build_version()));
  root.require_subcommand(1);
  int exit_code = 0;
  crm::add_demo_command(root, exit_code);
  crm::add_generate_command(root, exit_code);
  crm::add_replay_command(root, exit_code);
  crm::add_export_command(root, exit_code);
  crm::add_inspect_command(root, exit_code);
  crm::add_forget_command(root, exit_code);
  crm::add_backup_command(root, exit_code);
  crm::add_run_command(root, exit_code);
  crm::add_check_config_command(root, exit_code);
  // CLI11 says only "A subcommand is required" for a mistyped command: name it and the commands.
  if (argc > 1 && argv[1][0] != '-') {
    std::string commands;
    bool known = false;
    for (const CLI::App* command : root.get_subcommands({})) {
      known = known || command->get_name() == argv[1];
      commands += (commands.empty() ? "" : ", ") + command->get_name();
    }
    if (!known) {
      std::cerr << "crmstream: unknown command '" << argv[1] << "' (the commands are: " << commands
                << ")\nRun with --help for more information.\n";
      return 2;
    }
  }
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int cli_code = root.exit(e);
    return cli_code == 0 ? 0 : 2;
  }
  return exit_code;
}
