// operations.md: exit code "2 on bad usage or bad configuration", and "a bad configuration
// names the key". The commands that read --config, through run_command.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

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

}  // namespace
}  // namespace crm::test
