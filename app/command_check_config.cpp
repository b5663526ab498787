// `crmstream check-config --config FILE` (operations.md "Command line"): validates the file and
// prints the effective configuration, secrets as `***`, so that a deployment can be checked
// before it runs. Exit 0 when valid, 2 with the key path and the reason when not.
#include <iostream>
#include <memory>
#include <string>

#include "app/command_support.h"
#include "app/commands.h"
#include "config/config_printer.h"

namespace crm {

void add_check_config_command(CLI::App& root, int& exit_code) {
  CLI::App* command = root.add_subcommand("check-config",
                                          "Validate a configuration file and print its effective "
                                          "configuration (secrets shown as ***)");
  // The callback runs after parse() returns from this function's frame: keep the option's
  // storage alive with it.
  auto config_path = std::make_shared<std::string>();
  command->add_option("--config", *config_path, "The YAML configuration file")->required();
  command->callback([config_path, &exit_code] {
    exit_code = run_command("check-config", *config_path, [](const Config& config) {
      std::cout << print_config(config) << std::flush;
      return 0;
    });
  });
}

}  // namespace crm
