// The durable state of crmstream's tasks: one RocksDB database in the state directory, one
// column family per kind of record (family.h), keys per key_codec.h. The pipeline's only
// write path is write(Batch&): a batch's profiles, timers, outbox entries, counts and input
// positions commit together or not at all (the exactly-once guarantee rests on this).
// Reads: point gets, one MultiGet for all profiles a batch touches, and range scans.
//
// Two ways in: read-write (the one process running the pipeline; holds the directory's lock)
// and read-only (export / inspect while `run` writes: a RocksDB secondary instance that
// sees the primary's writes as of its last catch_up()).
//
// Threading: after open(), every const member and write() may be called from any number of
// threads at once (RocksDB synchronizes). open(), close() and destruction REQUIRE that no
// other call is in flight. Batches, iterators and MultiGetResults are per-thread objects.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "processors/profile.h"
#include "processors/time.h"
#include "state/batch.h"
#include "state/family.h"
#include "state/key_codec.h"
#include "state/range_iterator.h"
#include "state/status.h"
#include "state/store_options.h"

namespace rocksdb {
class Cache;
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace crm {

// Caller-owned results of StateStore::multi_get, reused across batches so that a warm batch's
// reads allocate nothing. Values pin RocksDB's blocks (no copy) until the next multi_get,
// clear() or destruction; the StateStore must outlive them.
// REQUIRES external synchronization.
class MultiGetResult {
 public:
  MultiGetResult();
  ~MultiGetResult();
  MultiGetResult(const MultiGetResult&) = delete;
  MultiGetResult& operator=(const MultiGetResult&) = delete;

  std::size_t size() const;
  bool found(std::size_t i) const;
  // The value of keys[i]; empty when not found.
  std::string_view value(std::size_t i) const;
  // Releases the pinned blocks.
  void clear();

 private:
  friend class StateStore;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Gauges for /metrics (operations.md: RocksDB live size, memtable, pending compaction, block
// cache usage), summed over all column families.
struct StoreMetrics {
  std::uint64_t live_data_bytes = 0;           // rocksdb.estimate-live-data-size
  std::uint64_t memtable_bytes = 0;            // rocksdb.cur-size-all-mem-tables
  std::uint64_t pending_compaction_bytes = 0;  // rocksdb.estimate-pending-compaction-bytes
  std::uint64_t block_cache_usage = 0;         // includes the memtables charged to it
  std::uint64_t block_cache_pinned_usage = 0;
  std::uint64_t block_cache_capacity = 0;
  std::uint64_t timers_estimate = 0;     // rocksdb.estimate-num-keys of the timers family
  std::uint64_t write_stopped = 0;       // rocksdb.is-write-stopped: 1 while writes stop
  std::uint64_t delayed_write_rate = 0;  // rocksdb.actual-delayed-write-rate: 0 when not delayed
};

// The RocksDB settings the open database actually runs with, read back from its options.
struct AppliedMemory {
  std::uint64_t block_cache_capacity = 0;  // the largest of the families' caches
  bool one_shared_cache = false;           // every family uses the same cache
  std::uint64_t write_buffer_manager_limit = 0;
  bool memtables_charged_to_cache = false;
  std::uint64_t write_buffer_size = 0;  // the largest of the families'
  int max_write_buffer_number = 0;      // the largest of the families'
};

class StateStore {
 public:
  // Opens (read-write: creates) the store. Errors: InvalidArgument for bad options or a
  // directory written by a newer crmstream; Busy when another read-write instance holds the
  // directory ("state directory /x is in use by another crmstream process (pid lock held...)");
  // NotFound for a read-only open of a directory without state; IOError otherwise.
  static Status open(const StoreOptions& options, std::unique_ptr<StateStore>& store);

  // Closes if still open. An implicit close cannot report a failure: call close() to see it.
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // Releases the lock and RocksDB's resources; further calls are invalid.
  Status close();

  const std::string& dir() const { return options_.dir; }
  bool read_only() const { return options_.mode == OpenMode::kReadOnly; }
  // What the memory budget was turned into (see also applied_memory()).
  const MemorySettings& memory() const { return memory_; }

  // Read-only: replays what the primary has written since the last catch-up (also done by
  // open). Read-write: nothing to do.
  Status catch_up();

  // Commits every operation of the batch atomically: all or nothing, also across kill -9.
  // The batch is left as it was (clear() it to reuse). InvalidArgument on a read-only store,
  // or when the batch was made for another store.
  Status write(Batch& batch);

  // Point lookups. NotFound (message "not found", no allocation) when there is no value.
  Status get(Family family, std::string_view key, std::string& value) const;
  // Corruption, naming the key, when the stored bytes do not decode.
  Status get_profile(TaskId task, ProfileKind kind, std::string_view key, Profile& profile) const;
  Status get_link(TaskId task, std::string_view anonymous_id, std::string& customer_id) const;
  Status get_count(TaskId task, std::string_view name, std::int64_t& value) const;
  Status get_meta(TaskId task, std::string_view name, std::string& value) const;

  // All `keys` of one family in one RocksDB MultiGet; result.found(i) / value(i) per key.
  // Missing keys are not errors; any other failure is returned.
  Status multi_get(Family family, std::span<const std::string> keys, MultiGetResult& result) const;

  // A scan of [range.begin, range.end) of one family. fill_cache = false for one-off scans
  // (export), so they do not evict the hot profiles.
  RangeIterator scan(Family family, KeyRange range, bool fill_cache = true) const;
  // Timers of `task` due at or before `up_to` (and after `after`, when given), in (due, kind,
  // key) order.
  RangeIterator scan_timers_due(TaskId task, TimeMs up_to,
                                std::optional<TimeMs> after = std::nullopt) const;
  // Outbox entries of `task` from `from_sequence` on, in sequence order.
  RangeIterator scan_outbox(TaskId task, std::uint64_t from_sequence = 0) const;
  // The input records forwarded to `owner` and not yet applied, by (source task, sequence).
  RangeIterator scan_forwards(TaskId owner) const;
  // Every profile of every task, in key order (task, kind, key): the export.
  RangeIterator scan_profiles() const;

  // A consistent copy of the whole store (state and input positions together) in `target`,
  // which must not exist yet; hard links where the file system allows. Read-write only.
  Status checkpoint(const std::string& target) const;

  Status metrics(StoreMetrics& metrics) const;
  Status applied_memory(AppliedMemory& applied) const;

 private:
  friend class Batch;

  StateStore(const StoreOptions& options, const MemorySettings& memory);
  Status open_primary();
  Status open_secondary();
  Status check_format();
  std::string lock_error() const;

  StoreOptions options_;
  MemorySettings memory_;
  std::shared_ptr<rocksdb::Cache> cache_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* default_family_ = nullptr;
  std::array<rocksdb::ColumnFamilyHandle*, kFamilyCount> families_{};
  std::string owned_secondary_dir_;  // removed on close
  bool wrote_pid_file_ = false;
};

}  // namespace crm
