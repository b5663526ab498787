// A task engine over a real RocksDB store in a temp dir, replaying JSON lines and collecting
// the JSONL outputs, for the pipeline tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/file_replay.h"
#include "pipeline/task_engine.h"
#include "pipeline/wall_clock.h"
#include "sinks/jsonl_outbox_sink.h"
#include "tests/state/temp_dir.h"

namespace crm::test {

inline std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The value of a top-level string field of a compact JSON line ("" when absent or null).
inline std::string json_field(const std::string& line, const std::string& name) {
  const std::string needle = "\"" + name + "\":\"";
  const std::size_t at = line.find(needle);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + needle.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

inline std::unique_ptr<StateStore> open_read_only(const std::string& dir) {
  StoreOptions options;
  options.dir = dir;
  options.mode = OpenMode::kReadOnly;
  std::unique_ptr<StateStore> store;
  EXPECT_TRUE(StateStore::open(options, store).is_ok());
  return store;
}

class EngineHarness {
 public:
  explicit EngineHarness(Config config = {}) : config_(std::move(config)) {
    config_.state.dir = dir_ / "state";
    config_.state.memory_budget = 32ull << 20;
  }

  Config& config() { return config_; }
  const TempDir& dir() const { return dir_; }
  std::string output_dir() const { return dir_ / "out"; }

  // Writes `lines` to a file and replays it (resuming like a re-run of `crmstream replay`).
  void replay(const std::vector<std::string>& lines, const std::string& name = "input.jsonl") {
    const Status status = try_replay(lines, name);
    ASSERT_TRUE(status.is_ok()) << status.to_string();
  }
  Status try_replay(const std::vector<std::string>& lines,
                    const std::string& name = "input.jsonl") {
    const std::string path = dir_ / name;
    {
      std::ofstream out(path);
      for (const std::string& line : lines) out << line << "\n";
    }
    return try_replay_file(path);
  }

  void replay_file(const std::string& path, std::size_t batch_size = 3) {
    const Status status = try_replay_file(path, batch_size);
    ASSERT_TRUE(status.is_ok()) << status.to_string();
  }
  Status try_replay_file(const std::string& path, std::size_t batch_size = 3) {
    StoreOptions options;
    options.dir = config_.state.dir;
    options.memory_budget = config_.state.memory_budget;
    std::unique_ptr<StateStore> store;
    if (Status s = StateStore::open(options, store); !s.is_ok()) return s;
    TaskEngine engine(*store, config_, clock_, TaskEngineOptions{});
    if (Status s = engine.open(); !s.is_ok()) return s;
    JsonlOutboxSink sink(output_dir(),
                         {config_.kafka.topics.segment_changes, config_.kafka.topics.churn_risk,
                          config_.kafka.topics.triggers, config_.kafka.topics.dead_letter});
    if (Status s = sink.drain(*store, 0); !s.is_ok()) return s;
    FileReplayOptions replay;
    replay.inputs = {path};
    replay.batch_size = batch_size;
    const Status status = replay_files(engine, replay, [&] { return sink.drain(*store, 0); });
    stats_ = engine.stats();
    const Status closed = store->close();
    return status.is_ok() ? closed : status;
  }

  std::vector<std::string> outputs(const std::string& topic) const {
    return read_lines(output_dir() + "/" + topic + ".jsonl");
  }
  std::vector<std::string> output_ids(const std::string& topic) const {
    std::vector<std::string> ids;
    for (const std::string& line : outputs(topic)) ids.push_back(json_field(line, "event_id"));
    return ids;
  }
  const TaskStats& stats() const { return stats_; }

 private:
  TempDir dir_;
  Config config_;
  FixedClock clock_{1'800'000'000'000};
  TaskStats stats_;
};

}  // namespace crm::test
