// File replay through the task engine against raw batched RocksDB writes (issue target: replay
// >= 300k events/s on one core, within 3x of the raw writes, peak RSS within
// state.memory_budget + 25%).
//
// A plain program, not Google Benchmark: every measured run is a forked child, so that its
// ru_maxrss is its own (the parent stays small: even the input is generated in a child).
// Rounds alternate replay and raw writes, so the ratios come from one run on the same machine
// state. Usage: replay_bench [rounds = 3] [events = 2000000] [batch = 2048]
// (a small batch shows the fixed cost per batch: a Kafka window can be a few events per task)
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "config/config.h"
#include "generator/shop_generator.h"
#include "pipeline/file_replay.h"
#include "pipeline/task_engine.h"
#include "sinks/jsonl_outbox_sink.h"
#include "state/store.h"

namespace crm {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMemoryBudget = 256 * kMiB;
constexpr std::size_t kDefaultBatchSize = 2048;

// What a child reports to the parent through a pipe.
struct Measured {
  double seconds = 0;        // the timed part only: replay_files, or the puts
  double cpu_seconds = 0;    // the process's CPU time in it (all threads): steadier on a busy VM
  std::int64_t records = 0;  // lines replayed, or puts
  std::int64_t applied = 0;  // replay: events applied, duplicates, dead letters, outputs
  std::int64_t duplicates = 0;
  std::int64_t rejected = 0;
  std::int64_t outputs = 0;
  std::int64_t profiles = 0;  // replay: profiles stored at the end, and their bytes
  std::int64_t profile_key_bytes = 0;
  std::int64_t profile_value_bytes = 0;
  std::uint64_t disk_bytes = 0;  // du of the database directory after close
};

struct ChildRun {
  Measured measured;
  double max_rss_mib = 0;
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "replay_bench: %s\n", what.c_str());
  std::_Exit(1);
}

void check(const Status& status, const char* what) {
  if (!status.is_ok()) fail(std::string(what) + ": " + status.to_string());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double process_cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Allocated blocks, as du counts them.
std::uint64_t disk_usage(const fs::path& dir) {
  std::uint64_t bytes = 0;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) == 0)
      bytes += static_cast<std::uint64_t>(st.st_blocks) * 512;
  }
  return bytes;
}

// Runs `body` in a forked child; its Measured and its own peak RSS.
ChildRun in_child(const std::function<Measured()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) fail("pipe failed");
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) fail("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    const Measured measured = body();
    const bool sent = ::write(fds[1], &measured, sizeof measured) == sizeof measured;
    std::_Exit(sent ? 0 : 1);
  }
  ::close(fds[1]);
  ChildRun run;
  const bool received = ::read(fds[0], &run.measured, sizeof run.measured) == sizeof run.measured;
  ::close(fds[0]);
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) != pid || !received || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    fail("a child run failed");
  }
  run.max_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  return run;
}

Measured generate(const fs::path& input, std::int64_t events) {
  GeneratorOptions options;
  options.seed = 42;
  options.customers = 10'000;  // ~200 events per customer over the default 365 days
  options.max_events = events;
  ShopGenerator generator(options);
  GeneratedEvent event;
  std::FILE* file = std::fopen(input.c_str(), "wb");
  if (file == nullptr) fail("cannot write " + input.string());
  Measured measured;
  while (generator.next(event)) {
    event.json.push_back('\n');
    std::fwrite(event.json.data(), 1, event.json.size(), file);
    ++measured.records;
  }
  if (std::fclose(file) != 0) fail("cannot write " + input.string());
  return measured;
}

// The replay command's path: one task, a JSONL outbox sink drained after every batch.
Measured replay(const fs::path& input, const fs::path& state_dir, const fs::path& output_dir,
                std::size_t batch_size) {
  Config config;
  config.state.dir = state_dir.string();
  config.state.memory_budget = kMemoryBudget;
  StoreOptions options;
  options.dir = state_dir.string();
  options.memory_budget = kMemoryBudget;
  std::unique_ptr<StateStore> store;
  check(StateStore::open(options, store), "cannot open the state");
  SystemClock wall;
  TaskEngine engine(*store, config, wall, TaskEngineOptions{});
  check(engine.open(), "cannot open the task");
  const KafkaTopics& topics = config.kafka.topics;
  JsonlOutboxSink sink(output_dir.string(), {topics.segment_changes, topics.churn_risk,
                                             topics.triggers, topics.dead_letter});
  FileReplayOptions replay_options;
  replay_options.inputs = {input.string()};
  replay_options.batch_size = batch_size;

  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = process_cpu_seconds();
  check(replay_files(engine, replay_options, [&] { return sink.drain(*store, engine.task()); }),
        "replay failed");
  Measured measured;
  measured.seconds = seconds_since(start);
  measured.cpu_seconds = process_cpu_seconds() - cpu_start;

  const TaskStats& stats = engine.stats();
  measured.applied = stats.events_applied;
  measured.duplicates = stats.duplicates;
  measured.rejected = stats.rejected;
  measured.records = stats.events_applied + stats.duplicates + stats.rejected;
  measured.outputs = sink.delivered();
  for (RangeIterator it = store->scan_profiles(); it.valid(); it.next()) {
    ++measured.profiles;
    measured.profile_key_bytes += static_cast<std::int64_t>(it.key().size());
    measured.profile_value_bytes += static_cast<std::int64_t>(it.value().size());
  }
  check(store->close(), "cannot close the state");
  measured.disk_bytes = disk_usage(state_dir);
  return measured;
}

// `puts` puts in batches of `batch_size` into a fresh RocksDB (default options: WAL on, no
// sync), keys and values drawn uniformly from `profiles`: the encoded profiles a replay left,
// with their keys.
Measured raw_writes(const fs::path& replayed_state, const fs::path& db_dir, std::int64_t puts,
                    std::size_t batch_size) {
  std::vector<std::pair<std::string, std::string>> profiles;
  {
    StoreOptions options;
    options.dir = replayed_state.string();
    std::unique_ptr<StateStore> store;
    check(StateStore::open(options, store), "cannot open the replayed state");
    for (RangeIterator it = store->scan_profiles(); it.valid(); it.next()) {
      profiles.emplace_back(it.key(), it.value());
    }
    check(store->close(), "cannot close the replayed state");
  }
  if (profiles.empty()) fail("the replay left no profiles");

  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* opened = nullptr;
  if (!rocksdb::DB::Open(options, db_dir.string(), &opened).ok())
    fail("cannot open " + db_dir.string());
  std::unique_ptr<rocksdb::DB> db(opened);
  std::mt19937_64 random(42);
  std::uniform_int_distribution<std::size_t> pick(0, profiles.size() - 1);
  rocksdb::WriteBatch batch;

  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t done = 0; done < puts;) {
    batch.Clear();
    for (std::size_t i = 0; i < batch_size && done < puts; ++i, ++done) {
      const auto& [key, value] = profiles[pick(random)];
      batch.Put(key, value);
    }
    if (!db->Write(rocksdb::WriteOptions(), &batch).ok()) fail("raw write failed");
  }
  Measured measured;
  measured.seconds = seconds_since(start);
  measured.records = puts;
  if (!db->Close().ok()) fail("cannot close " + db_dir.string());
  db.reset();
  measured.disk_bytes = disk_usage(db_dir);
  return measured;
}

double mib(double bytes) {
  return bytes / static_cast<double>(kMiB);
}

int run(int rounds, std::int64_t events, std::size_t batch_size) {
  char work_template[] = "/tmp/replay_bench.XXXXXX";
  if (::mkdtemp(work_template) == nullptr) fail("mkdtemp failed");
  const fs::path work = work_template;
  const fs::path input = work / "input.jsonl";
  const ChildRun generated = in_child([&] { return generate(input, events); });
  std::printf("input: %lld lines, %.1f MiB, %s; batch %zu, state.memory_budget %.0f MiB\n",
              static_cast<long long>(generated.measured.records), mib(fs::file_size(input)),
              input.c_str(), batch_size, mib(kMemoryBudget));
  std::printf("%5s %12s %12s %12s %7s %9s %9s %9s %10s %8s %9s\n", "round", "replay ev/s",
              "ev/CPU s", "raw puts/s", "raw/rep", "rss MiB", "state MiB", "raw MiB", "profiles",
              "avg val", "outputs");
  std::vector<double> ratios;
  double peak_rss = 0;
  for (int round = 0; round < rounds; ++round) {
    const fs::path state_dir = work / "state";
    const fs::path raw_dir = work / "raw";
    const ChildRun rep =
        in_child([&] { return replay(input, state_dir, work / "out", batch_size); });
    const Measured& r = rep.measured;
    const ChildRun raw =
        in_child([&] { return raw_writes(state_dir, raw_dir, r.records, batch_size); });
    const double replay_rate = static_cast<double>(r.records) / r.seconds;
    const double raw_rate = static_cast<double>(raw.measured.records) / raw.measured.seconds;
    ratios.push_back(raw_rate / replay_rate);
    peak_rss = std::max(peak_rss, rep.max_rss_mib);
    std::printf("%5d %12.0f %12.0f %12.0f %7.2f %9.1f %9.1f %9.1f %10lld %8lld %9lld\n", round,
                replay_rate, static_cast<double>(r.records) / r.cpu_seconds, raw_rate,
                ratios.back(), rep.max_rss_mib, mib(r.disk_bytes), mib(raw.measured.disk_bytes),
                static_cast<long long>(r.profiles),
                static_cast<long long>(r.profile_value_bytes / r.profiles),
                static_cast<long long>(r.outputs));
    std::printf("      applied %lld, duplicates %lld, dead letters %lld; avg profile key %lld B\n",
                static_cast<long long>(r.applied), static_cast<long long>(r.duplicates),
                static_cast<long long>(r.rejected),
                static_cast<long long>(r.profile_key_bytes / r.profiles));
    fs::remove_all(state_dir);
    fs::remove_all(raw_dir);
    fs::remove_all(work / "out");
  }
  std::sort(ratios.begin(), ratios.end());
  struct rusage self {};
  ::getrusage(RUSAGE_SELF, &self);  // the most a child can have inherited from the parent
  std::printf(
      "raw/replay ratio: median %.2f, range %.2f..%.2f; replay peak RSS %.1f MiB (limit %.0f "
      "MiB; parent peak %.1f MiB)\n",
      ratios[ratios.size() / 2], ratios.front(), ratios.back(), peak_rss, mib(kMemoryBudget) * 1.25,
      static_cast<double>(self.ru_maxrss) / 1024.0);
  fs::remove_all(work);
  return 0;
}

}  // namespace
}  // namespace crm

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 3;
  const std::int64_t events = argc > 2 ? std::atoll(argv[2]) : 2'000'000;
  const long long batch =
      argc > 3 ? std::atoll(argv[3]) : static_cast<long long>(crm::kDefaultBatchSize);
  if (rounds < 1 || events < 1 || batch < 1) {
    std::fprintf(stderr, "usage: replay_bench [rounds >= 1] [events >= 1] [batch >= 1]\n");
    return 2;
  }
  return crm::run(rounds, events, static_cast<std::size_t>(batch));
}
