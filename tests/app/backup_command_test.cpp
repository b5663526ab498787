// `crmstream backup`: a checkpoint that, pointed at by state.dir, exports exactly what the
// original does; a directory held by a running process gives the admin-API hint; an existing
// target is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/app/shop_state.h"

namespace crm {
namespace {

using test::run_crmstream;
using test::ShopState;

TEST(BackupCommand, TheCopyExportsWhatTheOriginalDoes) {
  ShopState shop;
  shop.build();
  const std::string target = shop.path("backup");
  const auto run = run_crmstream({"backup", "--config", shop.config_path(), "--to", target});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "backup of " + shop.state_dir() + " written to " + target +
                         "; to restore, point state.dir at it\n");

  const std::string restored_config = shop.path("restored.yaml");
  std::ofstream(restored_config) << "state:\n  dir: " << target << "\n  memory_budget: 32MiB\n";
  const auto original = run_crmstream({"export", "--config", shop.config_path()});
  const auto restored = run_crmstream({"export", "--config", restored_config});
  ASSERT_EQ(original.exit_code, 0) << original.err;
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(restored.out, original.out);
  EXPECT_EQ(std::count(restored.out.begin(), restored.out.end(), '\n'), 6);

  const auto summary = run_crmstream({"export", "--config", restored_config, "--summary"});
  EXPECT_EQ(summary.out,
            run_crmstream({"export", "--config", shop.config_path(), "--summary"}).out);
}

TEST(BackupCommand, DirectoryHeldByARunningProcessNamesTheWayThroughIt) {
  ShopState shop;
  shop.build();
  const auto running = shop.open();
  ASSERT_TRUE(running);
  const std::string target = shop.path("backup");
  const auto run = run_crmstream({"backup", "--config", shop.config_path(), "--to", target});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("is in use by another crmstream process (pid lock held by pid "),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("a backup through the running process comes with the HTTP admin API "
                         "(POST /v1/admin/backup)"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST(BackupCommand, AnExistingTargetIsBadUsage) {
  ShopState shop;
  shop.build();
  const std::string target = shop.path("taken");
  std::filesystem::create_directory(target);
  const auto run = run_crmstream({"backup", "--config", shop.config_path(), "--to", target});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("already exists"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace crm
