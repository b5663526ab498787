// `crmstream check-config --config FILE` (operations.md "Command line"): validates the file and
// prints the effective configuration, secrets as `***`, so that a deployment can be checked
// before it runs. Exit 0 when valid, 2 with the key path and the reason when not.
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.h"
#include "config/config_loader.h"
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
    try {
      std::cout << print_config(load_config_file(*config_path)) << std::flush;
      exit_code = 0;
    } catch (const ConfigError& error) {
      std::cerr << "crmstream check-config: " << *config_path << ": " << error.what() << "\n";
      exit_code = 2;
    } catch (const std::exception& error) {
      std::cerr << "crmstream check-config: " << error.what() << "\n";
      exit_code = 1;
    }
  });
}

}  // namespace crm
