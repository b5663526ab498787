// Two task engines over one store, as `run` drives them: customer ids "c-..." belong to task 1,
// every other key (anonymous ids) to task 0. Each message is applied in the task whose
// partition it arrived in (or, `for_visitor`, in the task the run loop moved it to for its
// visitor), then the records it forwards in their owners, hop after hop; the timers a task
// stored in the other's key space are noted there.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/task_engine.h"
#include "tests/state/temp_dir.h"

namespace crm::test {

class TwoTasks {
 public:
  TwoTasks() {
    config_.state.dir = dir_ / "state";
    StoreOptions options;
    options.dir = config_.state.dir;
    options.memory_budget = 32ull << 20;
    EXPECT_TRUE(StateStore::open(options, store_).is_ok());
    for (TaskId task : {TaskId{0}, TaskId{1}}) {
      TaskEngineOptions engine_options;
      engine_options.task = task;
      engine_options.owner_task = [](std::string_view key) -> TaskId {
        return key.starts_with("c-") ? 1 : 0;
      };
      engines_.push_back(std::make_unique<TaskEngine>(*store_, config_, wall_, engine_options));
      EXPECT_TRUE(engines_.back()->open().is_ok());
    }
  }

  void apply(TaskId task, const std::string& json, bool for_visitor = false) {
    lines_.push_back(json);
    std::deque<std::pair<TaskId, InputRecord>> pending;
    pending.emplace_back(task, InputRecord{lines_.back(), "", KafkaPosition{"t", task, offset_++},
                                           std::nullopt, for_visitor});
    for (int hops = 0; !pending.empty(); ++hops) {
      ASSERT_LT(hops, 10) << "forwarded back and forth";
      const auto [at, record] = pending.front();
      pending.pop_front();
      ASSERT_TRUE(engines_[at]->process(std::span(&record, 1), {}).is_ok());
      for (const auto& [owner, due] : engines_[at]->timers_stored_elsewhere()) {
        engines_[owner]->note_timer_stored(due);
      }
      for (const ForwardedRecord& forward : engines_[at]->forwarded()) {
        forwards_.push_back(forward);
        pending.emplace_back(forward.owner, forwards_.back().input());
      }
    }
  }

  const StateStore& store() const { return *store_; }
  const TaskStats& stats(TaskId task) const { return engines_[task]->stats(); }

 private:
  TempDir dir_;
  Config config_;
  FixedClock wall_{1'800'000'000'000};
  std::unique_ptr<StateStore> store_;
  std::vector<std::unique_ptr<TaskEngine>> engines_;
  std::deque<std::string> lines_;
  std::deque<ForwardedRecord> forwards_;  // the pending inputs point into them
  std::int64_t offset_ = 0;
};

}  // namespace crm::test
