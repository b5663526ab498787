// How a StateStore is opened: the state directory, read-write or read-only, and the memory
// budget with the RocksDB sizes derived from it. Plain values with no shared state, validated
// by StateStore::open; copy them freely across threads.
#pragma once

#include <cstdint>
#include <string>

#include "state/status.h"

namespace crm {

inline constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

// Below this the write buffers become too small to be worth flushing.
inline constexpr std::uint64_t kMinMemoryBudget = 8 * kMiB;

enum class OpenMode : std::uint8_t {
  // The one process that runs the pipeline: creates the directory, takes its lock.
  kReadWrite,
  // export / inspect while `run` holds the lock: a RocksDB secondary instance that sees what
  // the primary has written up to its last catch_up().
  kReadOnly,
};

struct StoreOptions {
  // state.dir. Created with its parents in read-write mode; must hold state in read-only mode.
  std::string dir;

  OpenMode mode = OpenMode::kReadWrite;

  // state.memory_budget, in bytes: block cache and memtables together (memtables are charged
  // to the block cache, so the cache capacity is the whole budget). At least kMinMemoryBudget.
  std::uint64_t memory_budget = 256 * kMiB;

  // fsync the write-ahead log on every write: also survives a machine crash, at the cost of an
  // fsync per batch. Off, a process crash (kill -9) still loses nothing the OS has accepted.
  bool sync_writes = false;

  // Read-only mode only: where the secondary instance keeps its own logs and manifest copy.
  // Empty: a fresh directory under the system temp dir, removed when the store closes.
  std::string secondary_dir;
};

// The RocksDB sizes a memory budget gives.
struct MemorySettings {
  std::uint64_t budget = 0;
  std::uint64_t block_cache_capacity = 0;        // the LRU cache: data, index and filter blocks
  std::uint64_t write_buffer_manager_limit = 0;  // all memtables, charged to the cache
  std::uint64_t write_buffer_size = 0;           // one memtable of one column family
  int max_write_buffer_number = 0;               // memtables per column family
};

// InvalidArgument when the budget is below kMinMemoryBudget.
Status derive_memory_settings(std::uint64_t budget, MemorySettings& settings);

}  // namespace crm
