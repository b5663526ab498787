// operations.md "Command line": "--help on each" command, exit 0, naming the command's options;
// an unknown command or option is bad usage, exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/binary/process.h"
#include "tests/state/temp_dir.h"

namespace crm::test {
namespace {

struct HelpCase {
  std::vector<std::string> args;
  std::vector<std::string> mentions;
};

TEST(HelpBinary, EveryCommandHasHelpNamingItsOptions) {
  const std::vector<HelpCase> cases = {
      {{"--help"},
       {"demo", "run", "replay", "generate", "export", "inspect", "forget", "backup",
        "check-config"}},
      {{"demo", "--help"}, {"--customers", "--events", "--rate", "--duration"}},
      {{"run", "--help"}, {"--config"}},
      {{"replay", "--help"}, {"--config", "--input", "--output", "--dead-letters"}},
      {{"generate", "--help"},
       {"--brokers", "--output", "--customers", "--rate", "--duration", "--seed"}},
      {{"export", "--help"}, {"--config", "--format", "--where", "--output"}},
      {{"inspect", "--help"}, {"--config", "--customer"}},
      {{"forget", "--help"}, {"--config", "--customer"}},
      {{"backup", "--help"}, {"--config", "--to"}},
      {{"check-config", "--help"}, {"--config"}},
  };
  TempDir dir;
  for (const HelpCase& c : cases) {
    const std::string out = dir / "help.txt";
    std::filesystem::remove(out);
    Child child(c.args, "/dev/null", out);
    const int status = child.wait();
    const std::string command = c.args.front();
    ASSERT_TRUE(WIFEXITED(status)) << command;
    EXPECT_EQ(WEXITSTATUS(status), 0) << command;
    std::string text;
    for (const std::string& line : read_lines(out)) text += line + "\n";
    for (const std::string& option : c.mentions) {
      EXPECT_NE(text.find(option), std::string::npos)
          << command << " --help lacks " << option << ":\n"
          << text;
    }
  }
}

TEST(HelpBinary, AnUnknownCommandOrOptionIsBadUsage) {
  EXPECT_EQ(run({"frobnicate"}), 2);
  EXPECT_EQ(run({"export", "--colour", "red"}), 2);
  EXPECT_EQ(run({"export"}), 2) << "--config is required";
}

// Bad usage says what is wrong before anything starts: a mistyped command is named with the
// commands there are; a bad --listen or an empty --brokers is refused (the demo started its
// cluster first and exited 1; generate published to the default broker).
TEST(HelpBinary, BadUsageNamesWhatIsWrong) {
  TempDir dir;
  const auto stderr_of = [&](const std::vector<std::string>& args, int& code) {
    const std::string err = dir / "err.txt";
    std::filesystem::remove(err);
    Child child(args, err);
    const int status = child.wait();
    code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::string text;
    for (const std::string& line : read_lines(err)) text += line + "\n";
    return text;
  };
  int code = 0;
  std::string err = stderr_of({"expor", "--config", "x"}, code);
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("unknown command 'expor' (the commands are: demo, generate, replay, export"),
            std::string::npos)
      << err;
  err = stderr_of({"demo", "--listen", "bogus"}, code);
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("--listen: not host:port"), std::string::npos) << err;
  err = stderr_of({"generate", "--brokers", ""}, code);
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("--brokers: empty"), std::string::npos) << err;
}

}  // namespace
}  // namespace crm::test
