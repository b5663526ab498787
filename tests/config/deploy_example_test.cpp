// deploy/crmstream.yaml documents every key with its default: it must load, to the defaults.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/config_loader.h"
#include "config/config_printer.h"

namespace crm {
namespace {

const std::string kExample = std::string(CRM_SOURCE_DIR) + "/deploy/crmstream.yaml";

TEST(DeployExampleTest, LoadsToTheDefaults) {
  const Config config =
      load_config_file(kExample, [](const std::string&) { return std::optional<std::string>(); });
  EXPECT_EQ(print_config(config), print_config(Config{}));
}

// Every key of the effective configuration appears in the example, so none is undocumented.
TEST(DeployExampleTest, MentionsEveryKey) {
  std::ifstream file(kExample);
  std::stringstream example;
  example << file.rdbuf();
  std::istringstream printed(print_config(Config{}));
  std::string line;
  std::set<std::string> missing;
  while (std::getline(printed, line)) {
    const std::size_t start = line.find_first_not_of(" -{");
    const std::size_t colon = line.find(':', start);
    if (start == std::string::npos || colon == std::string::npos) continue;
    const std::string key = line.substr(start, colon - start);
    if (example.str().find(key + ":") == std::string::npos) missing.insert(key);
  }
  EXPECT_TRUE(missing.empty()) << "not in the example: " << ::testing::PrintToString(missing);
}

}  // namespace
}  // namespace crm
