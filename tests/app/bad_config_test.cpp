// operations.md: exit code "2 on bad usage or bad configuration", and "a bad configuration
// names the key". The commands that read --config, through run_command.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "config/config_loader.h"
#include "state/store_options.h"
#include "tests/app/shop_state.h"

namespace crm::test {
namespace {

std::string write_config(const TempDir& dir, const std::string& yaml) {
  const std::string path = dir / "crm.yaml";
  std::ofstream(path) << yaml;
  return path;
}

TEST(BadConfig, AnUnknownKeyIsExitTwoNamingIt) {
  TempDir dir;
  const std::string path =
      write_config(dir, "state:\n  dir: " + (dir / "state") + "\n  colour: red\n");
  for (const char* command : {"export", "backup"}) {
    std::vector<std::string> args = {command, "--config", path};
    if (std::string(command) == "backup") args.insert(args.end(), {"--to", dir / "copy"});
    const CommandRun run = run_crmstream(args);
    EXPECT_EQ(run.exit_code, 2) << command << ": " << run.err;
    EXPECT_NE(run.err.find("state.colour"), std::string::npos) << command << ": " << run.err;
    EXPECT_EQ(run.out, "") << command;
  }
}

TEST(BadConfig, ABadValueIsExitTwoNamingTheKey) {
  TempDir dir;
  const std::string path =
      write_config(dir, "state:\n  dir: " + (dir / "state") + "\n  memory_budget: lots\n");
  const CommandRun run = run_crmstream({"export", "--config", path});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("state.memory_budget"), std::string::npos) << run.err;
}

// librdkafka refuses the property when a client is made; the configuration is refused first,
// naming the key, by check-config and by every command (run exited 1 once it got that far).
TEST(BadConfig, AKafkaPropertyLibrdkafkaRefusesIsExitTwoNamingIt) {
  TempDir dir;
  for (const char* property : {"no.such.property: 1", "linger.ms: soon"}) {
    const std::string path =
        write_config(dir, "state:\n  dir: " + (dir / "state") + "\nkafka:\n  properties:\n    " +
                              property + "\n");
    for (const char* command : {"check-config", "run"}) {
      const CommandRun run = run_crmstream({command, "--config", path});
      EXPECT_EQ(run.exit_code, 2) << command << " " << property << ": " << run.err;
      const std::string key = std::string("kafka.properties.") +
                              std::string(property).substr(0, std::string(property).find(':'));
      EXPECT_NE(run.err.find(key), std::string::npos) << command << ": " << run.err;
    }
  }
}

// The store refuses a budget below its minimum when it opens; the configuration must refuse
// the same budgets, naming the key, so check-config does not pass a file every command fails on.
TEST(BadConfig, AMemoryBudgetTheStoreRefusesIsRefusedAtLoad) {
  const auto budget = [](std::uint64_t bytes) {
    return "state: {memory_budget: " + std::to_string(bytes) + "}";
  };
  EXPECT_NO_THROW(load_config_string(budget(kMinMemoryBudget), {}));
  try {
    load_config_string(budget(kMinMemoryBudget - 1), {});
    ADD_FAILURE() << "a budget below the store's minimum loaded";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.path(), "state.memory_budget");
  }
  TempDir dir;
  const std::string path =
      write_config(dir, "state:\n  dir: " + (dir / "state") + "\n  memory_budget: 4MiB\n");
  const CommandRun run = run_crmstream({"check-config", "--config", path});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("state.memory_budget"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace crm::test
