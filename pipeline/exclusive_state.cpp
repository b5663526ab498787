#include "pipeline/exclusive_state.h"

#include <filesystem>
#include <string>

namespace crm {

Status open_state_exclusively(const Config& config, std::string_view instead,
                              std::unique_ptr<StateStore>& store) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(config.state.dir) / "CURRENT", ec)) {
    return Status::not_found("state directory " + config.state.dir +
                             " holds no state (no RocksDB CURRENT file)");
  }
  StoreOptions options;
  options.dir = config.state.dir;
  options.mode = OpenMode::kReadWrite;
  options.memory_budget = config.state.memory_budget;
  options.sync_writes = config.state.sync_writes;
  const Status s = StateStore::open(options, store);
  if (s.is_busy()) return Status::busy(s.message() + "; " + std::string(instead));
  return s;
}

}  // namespace crm
