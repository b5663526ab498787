#include "state/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/utilities/table_properties_collectors.h>
#include <rocksdb/write_buffer_manager.h>
#include <stdlib.h>  // mkdtemp
#include <unistd.h>  // getpid

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>
#include <vector>

#include "state/count_value.h"
#include "state/profile_codec.h"
#include "state/rocksdb_status.h"

namespace crm {
namespace {

namespace fs = std::filesystem;

// In the default column family: which layout of the families this directory holds, so that a
// future layout change is detected instead of misread.
constexpr std::string_view kFormatKey = "crmstream.state_format";
constexpr std::string_view kFormatVersion = "1";

// Who holds the lock, for the "in use" error. Diagnostic only: the lock is RocksDB's.
constexpr std::string_view kPidFile = "crmstream.pid";

// The queue-like families (fired timers, delivered outbox entries) are mostly deletes; a file
// with this many deletes in any window of this many entries is compacted early, so the scan
// from a task's smallest key does not wade through tombstones.
constexpr std::size_t kDeletionWindow = 128;
constexpr std::size_t kDeletionTrigger = 64;

rocksdb::Slice slice(std::string_view s) {
  return {s.data(), s.size()};
}

bool mentions_lock(const std::string& message) {
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("lock") != std::string::npos;
}

bool is_point_lookup_family(Family family) {
  return family != Family::kTimers && family != Family::kOutbox && family != Family::kForwards;
}

rocksdb::ColumnFamilyOptions family_options(Family family, const MemorySettings& memory,
                                            const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions options;
  options.write_buffer_size = static_cast<std::size_t>(memory.write_buffer_size);
  options.max_write_buffer_number = memory.max_write_buffer_number;
  options.level_compaction_dynamic_level_bytes = true;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Index and filter blocks in the cache count against the budget instead of growing
  // outside it with the number of files; level-0 ones stay pinned because every read
  // touches them.
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  if (is_point_lookup_family(family)) {
    // MultiGet of profiles and gets of links mostly hit; the filter saves the reads of the
    // misses (new customers) in deeper levels.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  } else {
    options.table_properties_collector_factories.push_back(
        rocksdb::NewCompactOnDeletionCollectorFactory(kDeletionWindow, kDeletionTrigger));
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> descriptors(
    const MemorySettings& memory, const std::shared_ptr<rocksdb::Cache>& cache) {
  std::vector<rocksdb::ColumnFamilyDescriptor> result;
  result.emplace_back(rocksdb::kDefaultColumnFamilyName,
                      family_options(Family::kMeta, memory, cache));
  for (std::size_t i = 0; i < kFamilyCount; ++i) {
    const auto family = static_cast<Family>(i);
    result.emplace_back(std::string(family_name(family)), family_options(family, memory, cache));
  }
  return result;
}

rocksdb::DBOptions db_options(const MemorySettings& memory,
                              const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::DBOptions options;
  options.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(
      static_cast<std::size_t>(memory.write_buffer_manager_limit), cache);
  // A rarely written family (meta is written each batch, counts rarely) would otherwise keep
  // old WAL files alive; past this size RocksDB flushes the families holding them back.
  options.max_total_wal_size = memory.write_buffer_manager_limit * 4;
  options.max_background_jobs = 2;
  // RocksDB's own info log, bounded so that a long-running service cannot fill the disk.
  options.max_log_file_size = 8 * kMiB;
  options.keep_log_file_num = 4;
  return options;
}

std::string read_pid_file(const fs::path& path) {
  std::ifstream in(path);
  std::string pid;
  if (!(in >> pid)) return {};
  for (const char c : pid) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return {};
  }
  return pid;
}

}  // namespace

// ---- MultiGetResult ----

struct MultiGetResult::Impl {
  std::size_t size = 0;
  std::vector<rocksdb::Slice> keys;
  std::vector<rocksdb::PinnableSlice> values;  // grows, never shrinks: capacity is reused
  std::vector<rocksdb::Status> statuses;
};

MultiGetResult::MultiGetResult() : impl_(std::make_unique<Impl>()) {}
MultiGetResult::~MultiGetResult() = default;

std::size_t MultiGetResult::size() const {
  return impl_->size;
}

bool MultiGetResult::found(std::size_t i) const {
  return impl_->statuses[i].ok();
}

std::string_view MultiGetResult::value(std::size_t i) const {
  if (!found(i)) return {};
  const rocksdb::PinnableSlice& v = impl_->values[i];
  return {v.data(), v.size()};
}

void MultiGetResult::clear() {
  for (rocksdb::PinnableSlice& v : impl_->values) v.Reset();
  impl_->size = 0;
}

// ---- StateStore ----

StateStore::StateStore(const StoreOptions& options, const MemorySettings& memory)
    : options_(options), memory_(memory) {
  rocksdb::LRUCacheOptions cache_options;
  cache_options.capacity = static_cast<std::size_t>(memory_.block_cache_capacity);
  cache_ = rocksdb::NewLRUCache(cache_options);
}

StateStore::~StateStore() {
  // The destructor has no one to tell; callers who must know call close() first.
  (void)close();
}

Status StateStore::open(const StoreOptions& options, std::unique_ptr<StateStore>& store) {
  store.reset();
  if (options.dir.empty()) {
    return Status::invalid_argument("state.dir is empty: the state directory must be set");
  }
  MemorySettings memory;
  if (Status s = derive_memory_settings(options.memory_budget, memory); !s.is_ok()) return s;
  std::unique_ptr<StateStore> opened(new StateStore(options, memory));
  Status s =
      options.mode == OpenMode::kReadWrite ? opened->open_primary() : opened->open_secondary();
  if (!s.is_ok()) return s;  // `opened` closes what was opened
  store = std::move(opened);
  return Status::ok();
}

Status StateStore::open_primary() {
  const fs::path dir(options_.dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return Status::io_error("create state directory " + options_.dir + ": " + ec.message());
  }
  rocksdb::DBOptions options = db_options(memory_, cache_);
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  const rocksdb::Status s =
      rocksdb::DB::Open(options, options_.dir, descriptors(memory_, cache_), &handles, &db);
  if (!s.ok()) {
    if (s.IsIOError() && mentions_lock(s.ToString())) return Status::busy(lock_error());
    return from_rocksdb(s, "open state directory " + options_.dir);
  }
  db_.reset(db);
  default_family_ = handles[0];
  for (std::size_t i = 0; i < kFamilyCount; ++i) families_[i] = handles[i + 1];

  if (Status format = check_format(); !format.is_ok()) return format;

  std::ofstream pid(dir / kPidFile, std::ios::trunc);
  pid << ::getpid() << '\n';
  pid.close();
  if (!pid) {
    return Status::io_error("write " + (dir / kPidFile).string() + ": " + std::strerror(errno));
  }
  wrote_pid_file_ = true;
  return Status::ok();
}

Status StateStore::open_secondary() {
  const fs::path dir(options_.dir);
  std::error_code ec;
  if (!fs::exists(dir / "CURRENT", ec)) {
    return Status::not_found("state directory " + options_.dir +
                             " holds no state (no RocksDB CURRENT file): nothing to read");
  }
  std::string secondary = options_.secondary_dir;
  if (secondary.empty()) {
    std::string pattern = (fs::temp_directory_path(ec) / "crmstream-secondary-XXXXXX").string();
    if (ec || ::mkdtemp(pattern.data()) == nullptr) {
      return Status::io_error("create a temporary directory for the read-only view of " +
                              options_.dir + ": " +
                              (ec ? ec.message() : std::string(std::strerror(errno))));
    }
    secondary = pattern;
    owned_secondary_dir_ = pattern;
  }

  rocksdb::DBOptions options = db_options(memory_, cache_);
  options.max_open_files = -1;  // required by secondary instances
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenAsSecondary(options, options_.dir, secondary,
                                                   descriptors(memory_, cache_), &handles, &db);
  if (!s.ok()) return from_rocksdb(s, "open state directory " + options_.dir + " read-only");
  db_.reset(db);
  default_family_ = handles[0];
  for (std::size_t i = 0; i < kFamilyCount; ++i) families_[i] = handles[i + 1];
  if (Status caught_up = catch_up(); !caught_up.is_ok()) return caught_up;
  return check_format();
}

Status StateStore::check_format() {
  std::string format;
  const rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), default_family_, slice(kFormatKey), &format);
  if (s.IsNotFound()) {
    // A new directory, or one whose first open died before the marker was written: either
    // way nothing is stored yet. Data without a marker is someone else's database.
    bool empty = !read_only();
    std::vector<rocksdb::ColumnFamilyHandle*> all(families_.begin(), families_.end());
    all.push_back(default_family_);
    for (std::size_t i = 0; empty && i < all.size(); ++i) {
      const RangeIterator it(*db_, *all[i], KeyRange{}, "check for data in " + options_.dir,
                             /*fill_cache=*/false);
      if (Status scanned = it.status(); !scanned.is_ok()) return scanned;
      empty = !it.valid();
    }
    if (!empty) {
      return Status::invalid_argument("state directory " + options_.dir +
                                      " is a RocksDB database but not crmstream state (no " +
                                      std::string(kFormatKey) + ")");
    }
    rocksdb::WriteOptions write;
    write.sync = true;  // once per directory: the marker must not be lost
    return from_rocksdb(db_->Put(write, default_family_, slice(kFormatKey), slice(kFormatVersion)),
                        "write the format marker of " + options_.dir);
  }
  if (!s.ok()) return from_rocksdb(s, "read the format marker of " + options_.dir);
  if (format != kFormatVersion) {
    return Status::invalid_argument("state directory " + options_.dir + " has state format " +
                                    format + "; this build reads format " +
                                    std::string(kFormatVersion) + " (written by another version)");
  }
  return Status::ok();
}

std::string StateStore::lock_error() const {
  std::string message =
      "state directory " + options_.dir + " is in use by another crmstream process (pid lock held";
  const std::string pid = read_pid_file(fs::path(options_.dir) / kPidFile);
  if (!pid.empty()) message += " by pid " + pid;
  message += ")";
  return message;
}

Status StateStore::close() {
  Status result;
  if (db_) {
    if (wrote_pid_file_) {
      std::error_code ec;
      fs::remove(fs::path(options_.dir) / kPidFile, ec);  // stale pid files mislead nobody
      wrote_pid_file_ = false;
    }
    for (rocksdb::ColumnFamilyHandle*& handle : families_) {
      if (handle != nullptr) (void)db_->DestroyColumnFamilyHandle(handle);
      handle = nullptr;
    }
    if (default_family_ != nullptr) (void)db_->DestroyColumnFamilyHandle(default_family_);
    default_family_ = nullptr;
    result = from_rocksdb(db_->Close(), "close state directory " + options_.dir);
    db_.reset();
  }
  if (!owned_secondary_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(owned_secondary_dir_, ec);
    if (ec && result.is_ok()) {
      result = Status::io_error("remove " + owned_secondary_dir_ + ": " + ec.message());
    }
    owned_secondary_dir_.clear();
  }
  return result;
}

Status StateStore::catch_up() {
  if (!read_only()) return Status::ok();
  return from_rocksdb(db_->TryCatchUpWithPrimary(), "catch up with the writer of " + options_.dir);
}

Status StateStore::write(Batch& batch) {
  if (read_only()) {
    return Status::invalid_argument("write to " + options_.dir + ": the store is open read-only");
  }
  if (batch.families_ != families_) {
    return Status::invalid_argument("write to " + options_.dir +
                                    ": the batch was made for another store");
  }
  if (!batch.error().is_ok()) return batch.error();
  rocksdb::WriteOptions options;
  options.sync = options_.sync_writes;
  const rocksdb::Status s = db_->Write(options, &batch.rep());
  if (s.ok()) return Status::ok();
  return from_rocksdb(s, "write of a batch of " + std::to_string(batch.count()) + " entries (" +
                             std::to_string(batch.byte_size()) + " bytes) to " + options_.dir);
}

Status StateStore::get(Family family, std::string_view key, std::string& value) const {
  const rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), families_[family_index(family)], slice(key), &value);
  if (s.ok()) return Status::ok();
  if (s.IsNotFound()) return Status::not_found("not found");
  return from_rocksdb(s, "get from " + std::string(family_name(family)) + " of " + options_.dir);
}

Status StateStore::get_profile(TaskId task, ProfileKind kind, std::string_view key,
                               Profile& profile) const {
  const std::string k = profile_key(task, kind, key);
  rocksdb::PinnableSlice value;
  const rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), families_[family_index(Family::kProfiles)], k, &value);
  if (s.IsNotFound()) return Status::not_found("not found");
  if (!s.ok()) return from_rocksdb(s, "get from profiles of " + options_.dir);
  Status decoded = decode_profile(std::string_view(value.data(), value.size()), profile);
  if (decoded.is_ok()) return decoded;
  return Status::corruption("profile " + std::string(1, static_cast<char>(kind)) + "/" +
                            std::string(key) + " of task " + std::to_string(task) + " in " +
                            options_.dir + ": " + decoded.message());
}

Status StateStore::get_link(TaskId task, std::string_view anonymous_id,
                            std::string& customer_id) const {
  return get(Family::kLinks, link_key(task, anonymous_id), customer_id);
}

Status StateStore::get_count(TaskId task, std::string_view name, std::int64_t& value) const {
  std::string bytes;
  Status s = get(Family::kCounts, count_key(task, name), bytes);
  if (!s.is_ok()) return s;
  s = decode_count_value(bytes, value);
  if (s.is_ok()) return s;
  return Status::corruption("count " + std::string(name) + " of task " + std::to_string(task) +
                            " in " + options_.dir + ": " + s.message());
}

Status StateStore::get_meta(TaskId task, std::string_view name, std::string& value) const {
  return get(Family::kMeta, meta_key(task, name), value);
}

Status StateStore::multi_get(Family family, std::span<const std::string> keys,
                             MultiGetResult& result) const {
  MultiGetResult::Impl& r = *result.impl_;
  result.clear();
  const std::size_t n = keys.size();
  r.keys.clear();
  for (const std::string& key : keys) r.keys.emplace_back(key);
  if (r.values.size() < n) r.values.resize(n);
  r.statuses.assign(n, rocksdb::Status());
  r.size = n;
  if (n == 0) return Status::ok();
  db_->MultiGet(rocksdb::ReadOptions(), families_[family_index(family)], n, r.keys.data(),
                r.values.data(), r.statuses.data());
  for (std::size_t i = 0; i < n; ++i) {
    const rocksdb::Status& s = r.statuses[i];
    if (!s.ok() && !s.IsNotFound()) {
      return from_rocksdb(s, "multi-get of " + std::to_string(n) + " keys from " +
                                 std::string(family_name(family)) + " of " + options_.dir);
    }
  }
  return Status::ok();
}

RangeIterator StateStore::scan(Family family, KeyRange range, bool fill_cache) const {
  return RangeIterator(*db_, *families_[family_index(family)], std::move(range),
                       "scan of " + std::string(family_name(family)) + " in " + options_.dir,
                       fill_cache);
}

RangeIterator StateStore::scan_timers_due(TaskId task, TimeMs up_to,
                                          std::optional<TimeMs> after) const {
  return scan(Family::kTimers, timers_due_range(task, up_to, after));
}

RangeIterator StateStore::scan_outbox(TaskId task, std::uint64_t from_sequence) const {
  return scan(Family::kOutbox, outbox_range(task, from_sequence));
}

RangeIterator StateStore::scan_forwards(TaskId owner) const {
  return scan(Family::kForwards, task_range(owner));
}

RangeIterator StateStore::scan_profiles() const {
  return scan(Family::kProfiles, KeyRange{}, /*fill_cache=*/false);
}

Status StateStore::checkpoint(const std::string& target) const {
  const std::string what = "checkpoint of " + options_.dir + " to " + target;
  if (read_only()) {
    return Status::invalid_argument(what + ": needs the read-write store (the running process)");
  }
  std::error_code ec;
  const fs::path parent = fs::path(target).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return Status::io_error(what + ": create " + parent.string() + ": " + ec.message());
  rocksdb::Checkpoint* raw = nullptr;
  if (Status s = from_rocksdb(rocksdb::Checkpoint::Create(db_.get(), &raw), what); !s.is_ok()) {
    return s;
  }
  const std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // The WAL is copied with the tables, so even without a flush the copy holds every write
  // acknowledged before it began.
  return from_rocksdb(checkpoint->CreateCheckpoint(target), what);
}

Status StateStore::metrics(StoreMetrics& metrics) const {
  const struct {
    const char* name;
    std::uint64_t* out;
  } properties[] = {
      {"rocksdb.estimate-live-data-size", &metrics.live_data_bytes},
      {"rocksdb.cur-size-all-mem-tables", &metrics.memtable_bytes},
      {"rocksdb.estimate-pending-compaction-bytes", &metrics.pending_compaction_bytes},
  };
  for (const auto& property : properties) {
    std::uint64_t value = 0;
    if (!db_->GetAggregatedIntProperty(property.name, &value)) {
      return Status::io_error("read property " + std::string(property.name) + " of " +
                              options_.dir);
    }
    *property.out = value;
  }
  // Database-wide, not per column family.
  const struct {
    const char* name;
    std::uint64_t* out;
  } db_properties[] = {
      {"rocksdb.is-write-stopped", &metrics.write_stopped},
      {"rocksdb.actual-delayed-write-rate", &metrics.delayed_write_rate},
  };
  for (const auto& property : db_properties) {
    std::uint64_t value = 0;
    if (!db_->GetIntProperty(property.name, &value)) {
      return Status::io_error("read property " + std::string(property.name) + " of " +
                              options_.dir);
    }
    *property.out = value;
  }
  // An estimate (deletes not yet compacted away count): good enough for a gauge.
  if (!db_->GetIntProperty(families_[family_index(Family::kTimers)], "rocksdb.estimate-num-keys",
                           &metrics.timers_estimate)) {
    return Status::io_error("read the timers' key estimate of " + options_.dir);
  }
  metrics.block_cache_usage = cache_->GetUsage();
  metrics.block_cache_pinned_usage = cache_->GetPinnedUsage();
  metrics.block_cache_capacity = cache_->GetCapacity();
  return Status::ok();
}

Status StateStore::applied_memory(AppliedMemory& applied) const {
  applied = AppliedMemory{};
  const rocksdb::DBOptions options = db_->GetDBOptions();
  if (options.write_buffer_manager) {
    applied.write_buffer_manager_limit = options.write_buffer_manager->buffer_size();
    applied.memtables_charged_to_cache = options.write_buffer_manager->cost_to_cache();
  }
  applied.one_shared_cache = true;
  const rocksdb::Cache* first_cache = nullptr;
  for (rocksdb::ColumnFamilyHandle* handle : families_) {
    const rocksdb::ColumnFamilyOptions family = db_->GetOptions(handle);
    applied.write_buffer_size =
        std::max<std::uint64_t>(applied.write_buffer_size, family.write_buffer_size);
    applied.max_write_buffer_number =
        std::max(applied.max_write_buffer_number, family.max_write_buffer_number);
    const auto* table = family.table_factory
                            ? family.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>()
                            : nullptr;
    if (table == nullptr || !table->block_cache) {
      return Status::invalid_argument("column family " + handle->GetName() + " of " + options_.dir +
                                      " has no block cache");
    }
    applied.block_cache_capacity =
        std::max<std::uint64_t>(applied.block_cache_capacity, table->block_cache->GetCapacity());
    if (first_cache == nullptr) first_cache = table->block_cache.get();
    if (table->block_cache.get() != first_cache) applied.one_shared_cache = false;
  }
  return Status::ok();
}

}  // namespace crm
