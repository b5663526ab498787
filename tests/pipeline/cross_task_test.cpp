// Two task engines over one store, as `run` drives them: a visitor's task and its customer's
// task with clocks far apart. A copy of a visitor's event that reaches the customer's task
// after the signup must still be a duplicate there (an 8-partition run applied it twice: the
// visitor's ids carried its own task's clock, long expired at the customer's).
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/task_engine.h"
#include "tests/state/temp_dir.h"

namespace crm::test {
namespace {

// Customer ids "c-..." belong to task 1, anonymous ids to task 0.
TaskId owner_of(std::string_view key) {
  return key.starts_with("c-") ? 1 : 0;
}

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
      engine_options.owner_task = owner_of;
      engines_.push_back(std::make_unique<TaskEngine>(*store_, config_, wall_, engine_options));
      EXPECT_TRUE(engines_.back()->open().is_ok());
    }
  }

  // Applies one message in `task`, then its forwards in their owners, as the run loop does.
  void apply(TaskId task, const std::string& json) {
    lines_.push_back(json);
    const InputRecord record{lines_.back(), "", KafkaPosition{"t", task, offset_++}};
    ASSERT_TRUE(engines_[task]->process(std::span(&record, 1), {}).is_ok());
    const std::vector<ForwardedRecord> forwarded = engines_[task]->forwarded();
    for (const ForwardedRecord& forward : forwarded) {
      const InputRecord input = forward.input();
      ASSERT_TRUE(engines_[forward.owner]->process(std::span(&input, 1), {}).is_ok());
    }
  }

  const TaskStats& stats(TaskId task) const { return engines_[task]->stats(); }

 private:
  TempDir dir_;
  Config config_;
  FixedClock wall_{1'800'000'000'000};
  std::unique_ptr<StateStore> store_;
  std::vector<std::unique_ptr<TaskEngine>> engines_;
  std::deque<std::string> lines_;
  std::int64_t offset_ = 0;
};

TEST(CrossTask, VisitorIdsStayRememberedInTheCustomersTaskAheadInTime) {
  TwoTasks tasks;
  const std::string view =
      R"({"event_id":"v-1","type":"page_view","ts":"2026-01-01T10:00:00Z","anonymous_id":"a-1"})";
  tasks.apply(0, view);
  // The customer's task is a month ahead, beyond dedupe_retention (7 days).
  tasks.apply(1, R"({"event_id":"p-1","type":"page_view","ts":"2026-02-01T10:00:00Z",)"
                 R"("customer_id":"c-1"})");
  tasks.apply(1, R"({"event_id":"s-1","type":"signup","ts":"2026-02-01T11:00:00Z",)"
                 R"("customer_id":"c-1","anonymous_id":"a-1"})");
  EXPECT_EQ(tasks.stats(1).events_applied, 2);

  // The same page view again, in the visitor's partition: the link sends it to task 1.
  tasks.apply(0, view);
  EXPECT_EQ(tasks.stats(0).forwarded, 1);
  EXPECT_EQ(tasks.stats(1).duplicates, 1);
  EXPECT_EQ(tasks.stats(1).events_applied, 2);
}

}  // namespace
}  // namespace crm::test
