#include "app/command_support.h"

#include <iostream>

#include "config/config_loader.h"
#include "kafka/client_config.h"

namespace crm {

int run_command(std::string_view command, const std::string& config_path,
                const std::function<int(const Config&)>& body) {
  try {
    const Config config = load_config_file(config_path);
    if (const auto rejected = rejected_kafka_property(config.kafka)) {
      throw ConfigError(rejected->first, rejected->second);
    }
    return body(config);
  } catch (const ConfigError& error) {
    std::cerr << "crmstream " << command << ": " << config_path << ": " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "crmstream " << command << ": " << error.what() << "\n";
    return 1;
  }
}

std::unique_ptr<StateStore> open_state(const Config& config, OpenMode mode) {
  StoreOptions options;
  options.dir = config.state.dir;
  options.mode = mode;
  options.memory_budget = config.state.memory_budget;
  options.sync_writes = config.state.sync_writes;
  std::unique_ptr<StateStore> store;
  check(StateStore::open(options, store), "cannot open the state");
  return store;
}

void check(const Status& status, std::string_view what) {
  if (!status.is_ok()) throw CommandFailure(std::string(what) + ": " + status.to_string());
}

}  // namespace crm
