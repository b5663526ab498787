// The state the app tests read: a small shop replayed through real TaskEngines into RocksDB in
// a temp dir, with its YAML configuration on disk, and a way to run crmstream's commands in
// the test process with their output captured.
//
// Task 0 (clock 2026-01-31T10:03Z): customer c1 (signed up from visitor a1, two purchases:
// o1 100 on Jan 1 and o2 50.5 on Jan 11), c2 (one purchase, o3 30 on Jan 21), c3 (logged in
// with anonymous id a3, which had no visitor profile; order o4 placed unpaid at 10:01, p1 in
// the cart at 10:02: a payment reminder and a cart_abandoned pending), visitor a2.
// Task 1 (clock 2026-04-11T08:00Z): customer c15 (one purchase, o9 250 on Jan 1, 99 days
// before its task's clock: at risk), visitor a10.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.h"
#include "config/config_loader.h"
#include "pipeline/task_engine.h"
#include "tests/state/temp_dir.h"

namespace crm::test {

inline constexpr TimeMs kJan1 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
inline constexpr TimeMs kTask0Clock = kJan1 + 30 * kDayMs + 10 * kHourMs + 3 * kMinuteMs;
inline constexpr TimeMs kTask1Clock = kJan1 + 100 * kDayMs + 8 * kHourMs;
inline constexpr TimeMs kWallNow = kJan1 + 200 * kDayMs;  // emitted_at only

inline const std::vector<std::string> kTask0Events = {
    R"({"event_id":"e1","type":"page_view","ts":"2026-01-01T09:00:00Z","anonymous_id":"a1","session_id":"s1","channel":"web"})",
    R"({"event_id":"e2","type":"signup","ts":"2026-01-01T09:05:00Z","customer_id":"c1","anonymous_id":"a1","session_id":"s1","channel":"web"})",
    R"({"event_id":"e3","type":"order_placed","ts":"2026-01-01T09:10:00Z","customer_id":"c1","order_id":"o1","amount":"100"})",
    R"({"event_id":"e4","type":"order_paid","ts":"2026-01-01T09:12:00Z","customer_id":"c1","order_id":"o1","amount":"100"})",
    R"({"event_id":"e5","type":"order_paid","ts":"2026-01-11T09:00:00Z","customer_id":"c1","order_id":"o2","amount":"50.5"})",
    R"({"event_id":"e6","type":"order_paid","ts":"2026-01-21T12:00:00Z","customer_id":"c2","order_id":"o3","amount":"30"})",
    R"({"event_id":"e7","type":"login","ts":"2026-01-31T10:00:00Z","customer_id":"c3","anonymous_id":"a3"})",
    R"({"event_id":"e8","type":"order_placed","ts":"2026-01-31T10:01:00Z","customer_id":"c3","order_id":"o4","amount":"19.98"})",
    R"({"event_id":"e9","type":"add_to_cart","ts":"2026-01-31T10:02:00Z","customer_id":"c3","product_id":"p1","quantity":2,"price":"9.99"})",
    R"({"event_id":"e10","type":"page_view","ts":"2026-01-31T10:03:00Z","anonymous_id":"a2"})",
};

inline const std::vector<std::string> kTask1Events = {
    R"({"event_id":"f1","type":"order_paid","ts":"2026-01-01T12:00:00Z","customer_id":"c15","order_id":"o9","amount":"250"})",
    R"({"event_id":"f2","type":"page_view","ts":"2026-04-11T08:00:00Z","anonymous_id":"a10"})",
};

class ShopState {
 public:
  // `yaml` is added to the configuration after state.dir.
  explicit ShopState(const std::string& yaml = "") {
    state_dir_ = dir_ / "state";
    config_path_ = dir_ / "crmstream.yaml";
    std::ofstream(config_path_) << "state:\n  dir: " << state_dir_ << "\n  memory_budget: 32MiB\n"
                                << yaml;
    config_ = load_config_file(config_path_);
  }

  const Config& config() const { return config_; }
  const std::string& config_path() const { return config_path_; }
  const std::string& state_dir() const { return state_dir_; }
  std::string path(const std::string& name) const { return dir_ / name; }

  std::unique_ptr<StateStore> open(OpenMode mode = OpenMode::kReadWrite) const {
    StoreOptions options;
    options.dir = state_dir_;
    options.mode = mode;
    options.memory_budget = config_.state.memory_budget;
    std::unique_ptr<StateStore> store;
    const Status s = StateStore::open(options, store);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return store;
  }

  // Applies `lines` to `task`, one committed batch per line.
  void apply(StateStore& store, TaskId task, const std::vector<std::string>& lines) const {
    FixedClock wall(kWallNow);
    TaskEngineOptions options;
    options.task = task;
    TaskEngine engine(store, config_, wall, options);
    ASSERT_TRUE(engine.open().is_ok());
    std::int64_t line = 0;
    for (const std::string& bytes : lines) {
      const InputRecord record{bytes, {}, FilePosition{"test.jsonl", ++line}};
      const Status s = engine.process(std::span(&record, 1), {});
      ASSERT_TRUE(s.is_ok()) << s.to_string();
    }
    ASSERT_EQ(engine.stats().rejected, 0);
  }

  // The whole shop of the header comment, committed and closed.
  void build() const {
    std::unique_ptr<StateStore> store = open();
    ASSERT_TRUE(store);
    apply(*store, 0, kTask0Events);
    apply(*store, 1, kTask1Events);
    ASSERT_TRUE(store->close().is_ok());
  }

 private:
  TempDir dir_;
  std::string state_dir_;
  std::string config_path_;
  Config config_;
};

struct CommandRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Runs `crmstream <args...>` with the commands of this helper's files, capturing both streams.
inline CommandRun run_crmstream(std::vector<std::string> args) {
  CLI::App root{"crmstream"};
  root.require_subcommand(1);
  int exit_code = 0;
  add_export_command(root, exit_code);
  add_inspect_command(root, exit_code);
  add_forget_command(root, exit_code);
  add_backup_command(root, exit_code);
  add_check_config_command(root, exit_code);
  add_run_command(root, exit_code);  // for its configuration errors: a valid one would run
  args.insert(args.begin(), "crmstream");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  CommandRun run;
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  try {
    root.parse(static_cast<int>(argv.size()), argv.data());
    run.exit_code = exit_code;
  } catch (const CLI::ParseError& e) {
    run.exit_code = root.exit(e) == 0 ? 0 : 2;
  }
  std::cout.flush();
  std::cerr.flush();
  run.out = testing::internal::GetCapturedStdout();
  run.err = testing::internal::GetCapturedStderr();
  return run;
}

}  // namespace crm::test
