#include "state/store_options.h"

#include <algorithm>

namespace crm {

Status derive_memory_settings(std::uint64_t budget, MemorySettings& settings) {
  if (budget < kMinMemoryBudget) {
    return Status::invalid_argument("state.memory_budget of " + std::to_string(budget) +
                                    " bytes is below the minimum of " +
                                    std::to_string(kMinMemoryBudget) + " bytes (8 MiB)");
  }
  settings.budget = budget;
  // Memtables are charged to the cache through the write buffer manager, so the cache's
  // capacity is the whole budget and memtables displace cached blocks rather than add to them.
  settings.block_cache_capacity = budget;
  // A quarter for memtables leaves most of the budget to reads (MultiGet of profiles) while
  // letting a batch's writes accumulate before a flush.
  settings.write_buffer_manager_limit = budget / 4;
  // Several families write at once; a memtable a quarter of the limit lets the busy ones
  // (profiles, timers, outbox) each fill one before the manager forces a flush. Capped at
  // RocksDB's default 64 MiB: larger memtables only slow recovery.
  settings.write_buffer_size =
      std::clamp<std::uint64_t>(settings.write_buffer_manager_limit / 4, 256 * 1024, 64 * kMiB);
  settings.max_write_buffer_number = 2;
  return Status::ok();
}

}  // namespace crm
