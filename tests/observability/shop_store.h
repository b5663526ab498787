// A small shop's state for the observability tests: a real RocksDB store in a temp dir, filled
// through a TaskEngine (task 0: customer c1 with two purchases, c2 with one, visitor a2), held
// open read-write as the running process holds it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pipeline/task_engine.h"
#include "pipeline/wall_clock.h"
#include "tests/state/temp_dir.h"

namespace crm::test {

inline constexpr TimeMs kShopWallNow = 1'800'000'000'000;

inline const std::vector<std::string> kShopEvents = {
    R"({"event_id":"e1","type":"signup","ts":"2026-01-01T09:05:00Z","customer_id":"c1","anonymous_id":"a1"})",
    R"({"event_id":"e2","type":"order_paid","ts":"2026-01-01T09:12:00Z","customer_id":"c1","order_id":"o1","amount":"100"})",
    R"({"event_id":"e3","type":"order_paid","ts":"2026-01-11T09:00:00Z","customer_id":"c1","order_id":"o2","amount":"50.5"})",
    R"({"event_id":"e4","type":"order_paid","ts":"2026-01-21T12:00:00Z","customer_id":"c2","order_id":"o3","amount":"30"})",
    R"({"event_id":"e5","type":"page_view","ts":"2026-01-31T10:03:00Z","anonymous_id":"a2"})",
};

class ShopStore {
 public:
  ShopStore() {
    config_.state.dir = dir_ / "state";
    config_.state.memory_budget = 32ull << 20;
    StoreOptions options;
    options.dir = config_.state.dir;
    options.memory_budget = config_.state.memory_budget;
    const Status s = StateStore::open(options, store_);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    TaskEngine engine(*store_, config_, wall_, TaskEngineOptions{});
    EXPECT_TRUE(engine.open().is_ok());
    std::int64_t line = 0;
    for (const std::string& bytes : kShopEvents) {
      const InputRecord record{bytes, {}, FilePosition{"shop.jsonl", ++line}};
      const Status p = engine.process(std::span(&record, 1), {});
      EXPECT_TRUE(p.is_ok()) << p.to_string();
    }
    EXPECT_EQ(engine.stats().rejected, 0);
  }

  StateStore& store() { return *store_; }
  const Config& config() const { return config_; }
  Config& config() { return config_; }
  const WallClock& wall() const { return wall_; }
  std::string path(const std::string& name) const { return dir_ / name; }

 private:
  TempDir dir_;
  Config config_;
  FixedClock wall_{kShopWallNow};
  std::unique_ptr<StateStore> store_;
};

}  // namespace crm::test
