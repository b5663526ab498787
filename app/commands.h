// Each subcommand of the crmstream binary registers itself on the root CLI11 app. A command's
// action stores its exit code (operations.md: 0 success, 1 runtime failure, 2 bad usage or
// configuration) in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace crm {

void add_check_config_command(CLI::App& root, int& exit_code);
void add_generate_command(CLI::App& root, int& exit_code);
void add_demo_command(CLI::App& root, int& exit_code);
void add_replay_command(CLI::App& root, int& exit_code);
void add_export_command(CLI::App& root, int& exit_code);
void add_inspect_command(CLI::App& root, int& exit_code);
void add_forget_command(CLI::App& root, int& exit_code);
void add_backup_command(CLI::App& root, int& exit_code);
void add_run_command(CLI::App& root, int& exit_code);

}  // namespace crm
