// The state store over real RocksDB in a temp dir: every family round-trips, MultiGet,
// atomic batches (also across kill -9), scan order, checkpoints, the read-only view beside a
// running writer, the lock error, the memory budget, and damaged values.
#include "state/store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "state/count_value.h"
#include "state/profile_codec.h"
#include "tests/state/profile_samples.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

constexpr std::uint64_t kTestBudget = 32 * kMiB;

std::unique_ptr<StateStore> open_store(const std::string& dir,
                                       OpenMode mode = OpenMode::kReadWrite) {
  StoreOptions options;
  options.dir = dir;
  options.mode = mode;
  options.memory_budget = kTestBudget;
  std::unique_ptr<StateStore> store;
  const Status s = StateStore::open(options, store);
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  return store;
}

void write_ok(StateStore& store, Batch& batch) {
  const Status s = store.write(batch);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
}

Profile visitor(std::string anonymous_id, TimeMs seen) {
  Profile p;
  p.anonymous_id = std::move(anonymous_id);
  p.first_seen = p.last_seen = seen;
  p.counters[0] = 1;
  return p;
}

std::vector<std::string> all_keys(RangeIterator it) {
  std::vector<std::string> keys;
  for (; it.valid(); it.next()) keys.emplace_back(it.key());
  EXPECT_TRUE(it.status().is_ok()) << it.status().to_string();
  return keys;
}

TEST(StateStore, EveryFamilyRoundTripsAcrossReopen) {
  test::TempDir dir;
  {
    auto store = open_store(dir.path());
    ASSERT_TRUE(store);
    Batch batch(*store);
    batch.put_profile(3, test::rich_profile());
    batch.put_profile(3, visitor("C-1001", 5));  // same key as the customer, other namespace
    batch.put_link(3, "anon-7", "C-1001");
    batch.put_timer(3, 1'764'000'000'000, ProfileKind::kCustomer, "C-1001", "payload");
    batch.put_outbox(3, 17, "{\"event\":1}");
    batch.put_count(3, "lifecycle/repeat", -12);
    batch.put_meta(3, "clock", "1764000000000");
    EXPECT_EQ(batch.count(), 7u);
    write_ok(*store, batch);
    const Status closed = store->close();
    ASSERT_TRUE(closed.is_ok()) << closed.to_string();
  }
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  Profile profile;
  ASSERT_TRUE(store->get_profile(3, ProfileKind::kCustomer, "C-1001", profile).is_ok());
  EXPECT_TRUE(test::same_profile(profile, test::rich_profile()));
  ASSERT_TRUE(store->get_profile(3, ProfileKind::kVisitor, "C-1001", profile).is_ok());
  EXPECT_TRUE(test::same_profile(profile, visitor("C-1001", 5)));
  EXPECT_TRUE(store->get_profile(4, ProfileKind::kCustomer, "C-1001", profile).is_not_found());

  std::string value;
  ASSERT_TRUE(store->get_link(3, "anon-7", value).is_ok());
  EXPECT_EQ(value, "C-1001");
  EXPECT_TRUE(store->get_link(3, "anon-8", value).is_not_found());
  ASSERT_TRUE(store
                  ->get(Family::kTimers,
                        timer_key(3, 1'764'000'000'000, ProfileKind::kCustomer, "C-1001"), value)
                  .is_ok());
  EXPECT_EQ(value, "payload");
  ASSERT_TRUE(store->get(Family::kOutbox, outbox_key(3, 17), value).is_ok());
  EXPECT_EQ(value, "{\"event\":1}");
  std::int64_t count = 0;
  ASSERT_TRUE(store->get_count(3, "lifecycle/repeat", count).is_ok());
  EXPECT_EQ(count, -12);
  EXPECT_TRUE(store->get_count(3, "lifecycle/loyal", count).is_not_found());
  ASSERT_TRUE(store->get_meta(3, "clock", value).is_ok());
  EXPECT_EQ(value, "1764000000000");

  Batch erase(*store);
  erase.erase_profile(3, ProfileKind::kVisitor, "C-1001");
  erase.erase_link(3, "anon-7");
  erase.erase_timer(3, 1'764'000'000'000, ProfileKind::kCustomer, "C-1001");
  erase.erase_outbox(3, 17);
  erase.erase_count(3, "lifecycle/repeat");
  erase.erase_meta(3, "clock");
  write_ok(*store, erase);
  EXPECT_TRUE(store->get_profile(3, ProfileKind::kVisitor, "C-1001", profile).is_not_found());
  EXPECT_TRUE(store->get_profile(3, ProfileKind::kCustomer, "C-1001", profile).is_ok());
  EXPECT_TRUE(store->get_link(3, "anon-7", value).is_not_found());
  EXPECT_TRUE(all_keys(store->scan_timers_due(3, std::numeric_limits<TimeMs>::max())).empty());
  EXPECT_TRUE(all_keys(store->scan_outbox(3)).empty());
  EXPECT_TRUE(store->get_count(3, "lifecycle/repeat", count).is_not_found());
  EXPECT_TRUE(store->get_meta(3, "clock", value).is_not_found());
}

TEST(StateStore, MultiGetReportsMissingKeysInOrder) {
  test::TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  Batch batch(*store);
  for (const char* id : {"a", "c", "e"}) batch.put_profile(1, visitor(id, 10));
  write_ok(*store, batch);

  std::vector<std::string> keys;
  for (const char* id : {"e", "b", "a", "d", "c"}) {
    keys.push_back(profile_key(1, ProfileKind::kVisitor, id));
  }
  MultiGetResult result;
  ASSERT_TRUE(store->multi_get(Family::kProfiles, keys, result).is_ok());
  ASSERT_EQ(result.size(), 5u);
  const bool expected_found[] = {true, false, true, false, true};
  const char* expected_id[] = {"e", "", "a", "", "c"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(result.found(i), expected_found[i]) << i;
    if (!expected_found[i]) {
      EXPECT_TRUE(result.value(i).empty());
      continue;
    }
    Profile p;
    ASSERT_TRUE(decode_profile(result.value(i), p).is_ok());
    EXPECT_EQ(p.anonymous_id, expected_id[i]);
  }

  // Reused with fewer keys, then none.
  keys = {profile_key(1, ProfileKind::kVisitor, "c")};
  ASSERT_TRUE(store->multi_get(Family::kProfiles, keys, result).is_ok());
  ASSERT_EQ(result.size(), 1u);
  EXPECT_TRUE(result.found(0));
  keys.clear();
  ASSERT_TRUE(store->multi_get(Family::kProfiles, keys, result).is_ok());
  EXPECT_EQ(result.size(), 0u);
}

TEST(StateStore, BatchIsAllOrNothing) {
  test::TempDir dir;
  {
    auto store = open_store(dir.path());
    ASSERT_TRUE(store);
    Batch written(*store);
    Batch never_written(*store);
    for (int i = 0; i < 500; ++i) {
      written.put_count(0, "w" + std::to_string(i), i);
      never_written.put_count(0, "n" + std::to_string(i), i);
    }
    write_ok(*store, written);
    // Nothing of an unwritten batch is visible, before or after a reopen.
    std::int64_t value = 0;
    EXPECT_TRUE(store->get_count(0, "n0", value).is_not_found());
    written.clear();
    EXPECT_TRUE(written.empty());
  }
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  EXPECT_EQ(all_keys(store->scan(Family::kCounts, task_range(0))).size(), 500u);
  std::int64_t value = 0;
  EXPECT_TRUE(store->get_count(0, "n0", value).is_not_found());
  EXPECT_TRUE(store->get_count(0, "n499", value).is_not_found());
}

// Child of the crash test: writes batches until a thread of its own sends it SIGKILL at an
// arbitrary instant, most likely in the middle of a write.
[[noreturn]] void write_until_killed(const std::string& dir) {
  StoreOptions options;
  options.dir = dir;
  options.memory_budget = kTestBudget;
  std::unique_ptr<StateStore> store;
  if (!StateStore::open(options, store).is_ok()) std::_Exit(2);
  std::atomic<int> written{0};
  std::thread killer([&written] {
    const int after = 20 + static_cast<int>(std::random_device{}() % 200);
    while (written.load() < after) std::this_thread::yield();
    std::atomic<int> spin{static_cast<int>(std::random_device{}() % 100000)};
    while (spin.fetch_sub(1) > 0) {
    }
    ::kill(::getpid(), SIGKILL);
  });
  Batch batch(*store);
  for (int i = 0;; ++i) {
    batch.clear();
    for (int j = 0; j < 50; ++j) batch.put_count(1, std::to_string(i) + "/" + std::to_string(j), i);
    batch.put_meta(1, "last", std::to_string(i));
    if (!store->write(batch).is_ok()) std::_Exit(3);
    written.store(i + 1);
  }
}

TEST(StateStoreCrash, KillNineLeavesEveryBatchWholeOrAbsent) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // The threadsafe death-test child re-runs this body from the start: it takes the parent's
  // directory from the environment instead of making its own.
  std::optional<test::TempDir> owned;
  std::string dir;
  if (const char* inherited = std::getenv("CRM_STATE_CRASH_DIR")) {
    dir = inherited;
  } else {
    owned.emplace();
    dir = owned->path();
    ::setenv("CRM_STATE_CRASH_DIR", dir.c_str(), 1);
  }
  EXPECT_EXIT(write_until_killed(dir), testing::KilledBySignal(SIGKILL), "");
  ::unsetenv("CRM_STATE_CRASH_DIR");

  auto store = open_store(dir);
  ASSERT_TRUE(store);
  std::string last_text;
  ASSERT_TRUE(store->get_meta(1, "last", last_text).is_ok());
  const int last = std::stoi(last_text);
  EXPECT_GE(last, 19);
  std::int64_t value = 0;
  for (int i = 0; i <= last; ++i) {
    for (int j = 0; j < 50; ++j) {
      const Status s = store->get_count(1, std::to_string(i) + "/" + std::to_string(j), value);
      ASSERT_TRUE(s.is_ok()) << "batch " << i << " entry " << j << ": " << s.to_string();
      ASSERT_EQ(value, i);
    }
  }
  for (int j = 0; j < 50; ++j) {
    EXPECT_TRUE(store->get_count(1, std::to_string(last + 1) + "/" + std::to_string(j), value)
                    .is_not_found());
  }
}

TEST(StateStore, TimersScanInDueOrderWithinOneTask) {
  test::TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  const std::vector<TimeMs> dues = {-86'400'000, -1, 0, 1, 255, 256, 1'764'000'000'000};
  std::vector<std::string> expected;  // task 2, due <= 256, in key order
  Batch batch(*store);
  std::mt19937_64 rng(5);
  std::vector<std::tuple<TaskId, TimeMs, ProfileKind, std::string>> timers;
  for (const TaskId task : {TaskId{1}, TaskId{2}, TaskId{3}}) {
    for (const TimeMs due : dues) {
      timers.emplace_back(task, due, ProfileKind::kCustomer, "c" + std::to_string(due));
      timers.emplace_back(task, due, ProfileKind::kVisitor, "v");
    }
  }
  std::shuffle(timers.begin(), timers.end(), rng);
  for (const auto& [task, due, kind, key] : timers) batch.put_timer(task, due, kind, key);
  write_ok(*store, batch);

  std::vector<TimeMs> seen;
  for (RangeIterator it = store->scan_timers_due(2, 256); it.valid(); it.next()) {
    TimerKeyParts parts;
    ASSERT_TRUE(decode_timer_key(it.key(), parts).is_ok());
    EXPECT_EQ(parts.task, 2);
    seen.push_back(parts.due);
  }
  EXPECT_EQ(seen, (std::vector<TimeMs>{-86'400'000, -86'400'000, -1, -1, 0, 0, 1, 1, 255, 255, 256,
                                       256}));
  EXPECT_EQ(all_keys(store->scan_timers_due(2, std::numeric_limits<TimeMs>::max())).size(), 14u);
  EXPECT_TRUE(all_keys(store->scan_timers_due(2, -86'400'001)).empty());
  EXPECT_TRUE(all_keys(store->scan_timers_due(0, std::numeric_limits<TimeMs>::max())).empty());
  const auto task3 = all_keys(store->scan_timers_due(3, 0));
  ASSERT_EQ(task3.size(), 6u);
  EXPECT_EQ(task3.front(), timer_key(3, -86'400'000, ProfileKind::kCustomer, "c-86400000"));
  EXPECT_EQ(task3.back(), timer_key(3, 0, ProfileKind::kVisitor, "v"));
}

TEST(StateStore, OutboxScansInSequenceOrder) {
  test::TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  std::vector<std::uint64_t> sequences = {0, 1, 2, 255, 256, 65'536, 1ull << 40};
  std::vector<std::uint64_t> shuffled = sequences;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(11));
  Batch batch(*store);
  for (const std::uint64_t s : shuffled) {
    batch.put_outbox(8, s, "out-" + std::to_string(s));
    batch.put_outbox(9, s, "other task");
  }
  write_ok(*store, batch);

  std::vector<std::uint64_t> seen;
  for (RangeIterator it = store->scan_outbox(8); it.valid(); it.next()) {
    OutboxKeyParts parts;
    ASSERT_TRUE(decode_outbox_key(it.key(), parts).is_ok());
    EXPECT_EQ(parts.task, 8);
    EXPECT_EQ(it.value(), "out-" + std::to_string(parts.sequence));
    seen.push_back(parts.sequence);
  }
  EXPECT_EQ(seen, sequences);
  EXPECT_EQ(all_keys(store->scan_outbox(8, 256)).size(), 3u);
}

TEST(StateStore, CheckpointOpensWithTheSameValues) {
  test::TempDir dir;
  auto store = open_store(dir / "live");
  ASSERT_TRUE(store);
  Batch batch(*store);
  batch.put_profile(0, test::rich_profile());
  batch.put_meta(0, "position/crm.orders/0", "1234");
  write_ok(*store, batch);  // in the memtable and WAL only: the checkpoint must still hold it

  const Status s = store->checkpoint(dir / "backups/one");
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  const Status again = store->checkpoint(dir / "backups/one");
  EXPECT_FALSE(again.is_ok());
  EXPECT_NE(again.message().find(dir / "backups/one"), std::string::npos) << again.message();

  batch.clear();
  batch.put_meta(0, "position/crm.orders/0", "9999");  // after the checkpoint
  write_ok(*store, batch);

  auto copy = open_store(dir / "backups/one");  // the live store stays open
  ASSERT_TRUE(copy);
  Profile profile;
  ASSERT_TRUE(copy->get_profile(0, ProfileKind::kCustomer, "C-1001", profile).is_ok());
  EXPECT_TRUE(test::same_profile(profile, test::rich_profile()));
  std::string position;
  ASSERT_TRUE(copy->get_meta(0, "position/crm.orders/0", position).is_ok());
  EXPECT_EQ(position, "1234");
}

TEST(StateStore, ReadOnlyViewSeesTheRunningWriterAfterCatchUp) {
  test::TempDir dir;
  auto primary = open_store(dir.path());
  ASSERT_TRUE(primary);
  Batch batch(*primary);
  batch.put_profile(5, visitor("before", 1));
  write_ok(*primary, batch);

  auto reader = open_store(dir.path(), OpenMode::kReadOnly);
  ASSERT_TRUE(reader);
  EXPECT_TRUE(reader->read_only());
  Profile p;
  EXPECT_TRUE(reader->get_profile(5, ProfileKind::kVisitor, "before", p).is_ok());

  batch.clear();
  batch.put_profile(5, visitor("after", 2));
  write_ok(*primary, batch);
  EXPECT_TRUE(reader->get_profile(5, ProfileKind::kVisitor, "after", p).is_not_found());
  const Status caught_up = reader->catch_up();
  ASSERT_TRUE(caught_up.is_ok()) << caught_up.to_string();
  ASSERT_TRUE(reader->get_profile(5, ProfileKind::kVisitor, "after", p).is_ok());
  EXPECT_EQ(p.last_seen, 2);
  EXPECT_EQ(all_keys(reader->scan_profiles()).size(), 2u);

  Batch refused(*reader);
  refused.put_meta(5, "x", "y");
  const Status s = reader->write(refused);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("read-only"), std::string::npos) << s.message();
  EXPECT_FALSE(reader->checkpoint(dir / "copy").is_ok());
}

TEST(StateStore, ReadOnlyOfAnEmptyDirectoryIsNotFound) {
  test::TempDir dir;
  StoreOptions options;
  options.dir = dir / "nothing";
  options.mode = OpenMode::kReadOnly;
  std::unique_ptr<StateStore> store;
  const Status s = StateStore::open(options, store);
  EXPECT_TRUE(s.is_not_found()) << s.to_string();
  EXPECT_FALSE(store);
}

TEST(StateStore, SecondReadWriteOpenInTheSameProcessIsBusy) {
  test::TempDir dir;
  auto first = open_store(dir.path());
  ASSERT_TRUE(first);
  StoreOptions options;
  options.dir = dir.path();
  std::unique_ptr<StateStore> second;
  const Status s = StateStore::open(options, second);
  EXPECT_TRUE(s.is_busy()) << s.to_string();
  EXPECT_EQ(s.message(), "state directory " + dir.path() +
                             " is in use by another crmstream process (pid lock held by pid " +
                             std::to_string(::getpid()) + ")");
  EXPECT_FALSE(second);
}

// Only async-signal-safe calls after fork: the parent may have RocksDB threads.
void append_decimal(char*& out, long value) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (n > 0) *out++ = digits[--n];
}

TEST(StateStore, ReadWriteOpenWhileAnotherProcessHoldsTheLockIsBusy) {
  test::TempDir dir;
  { ASSERT_TRUE(open_store(dir.path())); }  // a state directory with its LOCK file
  const std::string lock_path = dir / "LOCK";
  const std::string pid_path = dir / "crmstream.pid";
  int ready[2];
  int done[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(done), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Another crmstream process: holds the lock the way RocksDB takes it, names itself.
    const int fd = ::open(lock_path.c_str(), O_RDWR);
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (fd < 0 || ::fcntl(fd, F_SETLK, &lock) != 0) ::_exit(1);
    const int pid_fd = ::open(pid_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char text[32];
    char* end = text;
    append_decimal(end, static_cast<long>(::getpid()));
    *end++ = '\n';
    if (pid_fd < 0 || ::write(pid_fd, text, static_cast<std::size_t>(end - text)) < 0) ::_exit(1);
    ::close(pid_fd);
    char byte = 1;
    if (::write(ready[1], &byte, 1) != 1) ::_exit(1);
    if (::read(done[0], &byte, 1) < 0) ::_exit(1);
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);

  StoreOptions options;
  options.dir = dir.path();
  std::unique_ptr<StateStore> store;
  const Status s = StateStore::open(options, store);
  EXPECT_TRUE(s.is_busy()) << s.to_string();
  EXPECT_EQ(s.message(), "state directory " + dir.path() +
                             " is in use by another crmstream process (pid lock held by pid " +
                             std::to_string(child) + ")");

  // The read-only view still works beside it.
  options.mode = OpenMode::kReadOnly;
  const Status read_only = StateStore::open(options, store);
  EXPECT_TRUE(read_only.is_ok()) << read_only.to_string();
  store.reset();

  ASSERT_EQ(::write(done[1], &byte, 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  for (const int fd : {ready[0], ready[1], done[0], done[1]}) ::close(fd);
}

TEST(StateStore, MemoryBudgetSizesCacheAndWriteBuffers) {
  test::TempDir dir;
  StoreOptions options;
  options.dir = dir.path();
  options.memory_budget = 64 * kMiB;
  options.sync_writes = true;
  std::unique_ptr<StateStore> store;
  ASSERT_TRUE(StateStore::open(options, store).is_ok());

  AppliedMemory applied;
  ASSERT_TRUE(store->applied_memory(applied).is_ok());
  EXPECT_LE(applied.block_cache_capacity, options.memory_budget);
  EXPECT_EQ(applied.block_cache_capacity, store->memory().block_cache_capacity);
  EXPECT_TRUE(applied.one_shared_cache);
  EXPECT_TRUE(applied.memtables_charged_to_cache);
  EXPECT_GT(applied.write_buffer_manager_limit, 0u);
  EXPECT_LE(applied.write_buffer_manager_limit, options.memory_budget);
  EXPECT_EQ(applied.write_buffer_size, store->memory().write_buffer_size);
  EXPECT_LE(applied.write_buffer_size * static_cast<std::uint64_t>(applied.max_write_buffer_number),
            options.memory_budget);

  Batch batch(*store);
  for (int i = 0; i < 1000; ++i) batch.put_profile(0, visitor("v" + std::to_string(i), i));
  write_ok(*store, batch);  // with sync_writes: an fsync'd WAL
  StoreMetrics metrics;
  ASSERT_TRUE(store->metrics(metrics).is_ok());
  EXPECT_GT(metrics.memtable_bytes, 0u);
  EXPECT_EQ(metrics.block_cache_capacity, options.memory_budget);
  // The memtables are charged to the cache.
  EXPECT_GT(metrics.block_cache_usage, 0u);
}

TEST(StateStore, BudgetBelowTheMinimumIsRejected) {
  test::TempDir dir;
  StoreOptions options;
  options.dir = dir.path();
  options.memory_budget = 1 * kMiB;
  std::unique_ptr<StateStore> store;
  const Status s = StateStore::open(options, store);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("state.memory_budget"), std::string::npos) << s.message();
  options.dir.clear();
  options.memory_budget = kTestBudget;
  EXPECT_EQ(StateStore::open(options, store).code(), Status::Code::kInvalidArgument);
}

TEST(StateStore, CorruptStoredValuesAreErrorsNotCrashes) {
  test::TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  std::string truncated;
  encode_profile(test::rich_profile(), truncated);
  truncated.resize(truncated.size() / 2);
  Batch batch(*store);
  batch.put(Family::kProfiles, profile_key(2, ProfileKind::kCustomer, "half"), truncated);
  batch.put(Family::kProfiles, profile_key(2, ProfileKind::kCustomer, "junk"), "\x07garbage");
  batch.put(Family::kCounts, count_key(2, "short"), "abc");
  write_ok(*store, batch);

  Profile profile;
  Status s = store->get_profile(2, ProfileKind::kCustomer, "half", profile);
  EXPECT_TRUE(s.is_corruption()) << s.to_string();
  EXPECT_NE(s.message().find("c/half of task 2 in " + dir.path()), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("truncated"), std::string::npos) << s.message();
  s = store->get_profile(2, ProfileKind::kCustomer, "junk", profile);
  EXPECT_TRUE(s.is_corruption()) << s.to_string();
  EXPECT_NE(s.message().find("version 7"), std::string::npos) << s.message();
  std::int64_t count = 0;
  EXPECT_TRUE(store->get_count(2, "short", count).is_corruption());

  // Through MultiGet, the decode is the caller's, with the same clean error.
  MultiGetResult result;
  const std::vector<std::string> keys = {profile_key(2, ProfileKind::kCustomer, "half")};
  ASSERT_TRUE(store->multi_get(Family::kProfiles, keys, result).is_ok());
  ASSERT_TRUE(result.found(0));
  EXPECT_TRUE(decode_profile(result.value(0), profile).is_corruption());
}

TEST(StateStore, BatchForAnotherStoreIsRefused) {
  test::TempDir dir;
  auto one = open_store(dir / "one");
  auto two = open_store(dir / "two");
  ASSERT_TRUE(one && two);
  Batch batch(*one);
  batch.put_meta(0, "x", "y");
  EXPECT_EQ(two->write(batch).code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(one->write(batch).is_ok());
}

TEST(StateStore, ExportScanWalksTasksInKeyOrder) {
  test::TempDir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  Batch batch(*store);
  batch.put_profile(300, visitor("z", 1));
  batch.put_profile(2, visitor("b", 1));
  batch.put_profile(2, test::rich_profile());
  batch.put_profile(65535, visitor("last", 1));
  write_ok(*store, batch);
  std::vector<std::string> seen;
  for (RangeIterator it = store->scan_profiles(); it.valid(); it.next()) {
    ProfileKeyParts parts;
    ASSERT_TRUE(decode_profile_key(it.key(), parts).is_ok());
    seen.push_back(std::to_string(parts.task) + static_cast<char>(parts.kind) +
                   std::string(parts.key));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"2cC-1001", "2vb", "300vz", "65535vlast"}));
  EXPECT_EQ(
      all_keys(store->scan(Family::kProfiles, profiles_range(2, ProfileKind::kVisitor))).size(),
      1u);
  EXPECT_EQ(all_keys(store->scan(Family::kProfiles, task_range(65535))).size(), 1u);
}

// Writes `key` = `value` into the default column family of a plain RocksDB database.
void put_raw(const std::string& dir, const std::string& key, const std::string& value) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, &raw).ok());
  const std::unique_ptr<rocksdb::DB> db(raw);
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), key, value).ok());
  ASSERT_TRUE(db->Close().ok());
}

TEST(StateStore, StateOfAnotherFormatIsRefused) {
  test::TempDir dir;
  put_raw(dir.path(), "crmstream.state_format", "2");
  StoreOptions options;
  options.dir = dir.path();
  std::unique_ptr<StateStore> store;
  const Status s = StateStore::open(options, store);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("has state format 2; this build reads format 1"), std::string::npos)
      << s.message();
}

TEST(StateStore, SomeoneElsesDatabaseIsRefused) {
  test::TempDir dir;
  put_raw(dir.path(), "their key", "their value");
  StoreOptions options;
  options.dir = dir.path();
  std::unique_ptr<StateStore> store;
  const Status s = StateStore::open(options, store);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("not crmstream state"), std::string::npos) << s.message();
}

TEST(StateStore, EmptyDatabaseWithoutMarkerIsAdopted) {
  test::TempDir dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), &raw).ok());
    delete raw;  // as if the first open died before writing its format marker
  }
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->close().is_ok());
  EXPECT_TRUE(open_store(dir.path(), OpenMode::kReadOnly));
}

}  // namespace
}  // namespace crm
