#include <CLI/CLI.hpp>

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
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int cli_code = root.exit(e);
    return cli_code == 0 ? 0 : 2;
  }
  return exit_code;
}
