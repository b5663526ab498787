// outputs.md: "ids never repeat after an erasure". A customer erased, then recreated by a late
// event and erased again at the same task clock, gets a second customer_forgotten with a new id;
// a producer's retry of an event from before the erasure is a duplicate, not a new application
// that would bring erased data back under its old output ids.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "pipeline/task_engine.h"
#include "state/batch.h"
#include "state/outbox_codec.h"
#include "tests/state/temp_dir.h"

namespace crm::test {
namespace {

constexpr TimeMs kJan10 = 1'768'039'200'000;  // 2026-01-10T10:00:00Z

std::string paid(const std::string& id, const char* ts, const char* customer) {
  return R"({"event_id":")" + id + R"(","type":"order_paid","ts":")" + ts + R"(","customer_id":")" +
         customer + R"(","order_id":"o-)" + id + R"(","amount":"50"})";
}

class OneTask {
 public:
  OneTask() {
    config_.state.dir = dir_ / "state";
    StoreOptions options;
    options.dir = config_.state.dir;
    options.memory_budget = 32ull << 20;
    EXPECT_TRUE(StateStore::open(options, store_).is_ok());
    engine_ = std::make_unique<TaskEngine>(*store_, config_, wall_, TaskEngineOptions{});
    EXPECT_TRUE(engine_->open().is_ok());
  }

  void apply(const std::string& json) {
    lines_.push_back(json);
    const InputRecord record{lines_.back(), "", KafkaPosition{"t", 0, offset_++}};
    ASSERT_TRUE(engine_->process(std::span(&record, 1), {}).is_ok());
    deliver();
  }
  // A new engine over the same store, as a restart makes.
  void reopen() {
    engine_ = std::make_unique<TaskEngine>(*store_, config_, wall_, TaskEngineOptions{});
    ASSERT_TRUE(engine_->open().is_ok());
  }
  void forget(const std::string& customer_id) {
    const Status s = engine_->forget(customer_id);
    ASSERT_TRUE(s.is_ok()) << s.to_string();
    deliver();
  }

  // Every output id delivered so far, in order.
  const std::vector<std::string>& output_ids() const { return delivered_; }
  bool has_profile(const std::string& customer_id) const {
    Profile profile;
    return store_->get_profile(0, ProfileKind::kCustomer, customer_id, profile).is_ok();
  }
  bool has_erasure_record(const std::string& customer_id) const {
    std::string value;
    return store_->get_meta(0, erasure_meta_name(customer_id), value).is_ok();
  }
  const TaskStats& stats() const { return engine_->stats(); }

 private:
  // As a sink does: takes the outbox's entries and deletes them (a forget drops the customer's
  // undelivered ones).
  void deliver() {
    Batch delivered(*store_);
    RangeIterator it = store_->scan_outbox(0);
    for (; it.valid(); it.next()) {
      OutputRecord record;
      OutboxKeyParts key;
      ASSERT_TRUE(decode_output_record(it.value(), record).is_ok());
      ASSERT_TRUE(decode_outbox_key(it.key(), key).is_ok());
      delivered_.push_back(record.event_id);
      delivered.erase_outbox(0, key.sequence);
    }
    ASSERT_TRUE(it.status().is_ok());
    ASSERT_TRUE(store_->write(delivered).is_ok());
  }

  TempDir dir_;
  Config config_;
  FixedClock wall_{1'800'000'000'000};
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<TaskEngine> engine_;
  std::deque<std::string> lines_;
  std::int64_t offset_ = 0;
  std::vector<std::string> delivered_;
};

void expect_unique(const std::vector<std::string>& ids) {
  std::set<std::string> seen;
  for (const std::string& id : ids) EXPECT_TRUE(seen.insert(id).second) << "repeated: " << id;
}

TEST(ErasureIds, ARetryOfAnEventFromBeforeTheErasureIsADuplicate) {
  OneTask task;
  task.apply(paid("p1", "2026-01-10T10:00:00Z", "c1"));
  task.forget("c1");
  const std::size_t outputs = task.output_ids().size();
  task.apply(paid("p1", "2026-01-10T10:00:00Z", "c1"));  // the producer's retry
  EXPECT_EQ(task.stats().duplicates, 1);
  EXPECT_FALSE(task.has_profile("c1")) << "the erased customer came back";
  EXPECT_EQ(task.output_ids().size(), outputs);
}

TEST(ErasureIds, ARetryAfterARestartIsStillADuplicate) {
  OneTask task;
  task.apply(paid("p1", "2026-01-10T10:00:00Z", "c1"));
  task.forget("c1");
  task.reopen();
  task.apply(paid("p1", "2026-01-10T10:00:00Z", "c1"));
  EXPECT_EQ(task.stats().duplicates, 1);
  EXPECT_FALSE(task.has_profile("c1"));
}

TEST(ErasureIds, ARecreatedCustomerStillKnowsTheErasedIds) {
  OneTask task;
  task.apply(paid("p1", "2026-01-10T10:00:00Z", "c1"));
  task.forget("c1");
  task.apply(paid("p2", "2026-01-11T10:00:00Z", "c1"));  // a new purchase: c1 again
  task.apply(paid("p1", "2026-01-10T10:00:00Z", "c1"));
  EXPECT_EQ(task.stats().duplicates, 1);
  EXPECT_EQ(task.stats().events_applied, 2);
  expect_unique(task.output_ids());
}

TEST(ErasureIds, ASecondErasureAtTheSameClockGetsTheNextInstant) {
  OneTask task;
  task.apply(paid("p1", "2026-01-10T10:00:00Z", "c1"));
  task.forget("c1");
  task.apply(paid("p0", "2026-01-09T10:00:00Z", "c1"));  // late: the clock stays
  task.forget("c1");
  task.apply(paid("p-1", "2026-01-08T10:00:00Z", "c1"));
  task.forget("c1");
  const std::vector<std::string> ids = task.output_ids();
  expect_unique(ids);
  std::vector<std::string> forgotten;
  for (const std::string& id : ids) {
    if (id.find(":x") != std::string::npos) forgotten.push_back(id);
  }
  EXPECT_EQ(forgotten, (std::vector<std::string>{
                           "c1:x" + std::to_string(kJan10) + ":customer_forgotten",
                           "c1:x" + std::to_string(kJan10 + 1) + ":customer_forgotten",
                           "c1:x" + std::to_string(kJan10 + 2) + ":customer_forgotten"}));
}

TEST(ErasureIds, ALaterErasureDropsRecordsPastTheDedupeRetention) {
  OneTask task;
  task.apply(paid("p1", "2026-01-10T10:00:00Z", "c1"));
  task.forget("c1");
  task.apply(paid("p2", "2026-01-17T10:00:00Z", "c2"));  // exactly 7 days on: c1's stays
  task.forget("c2");
  EXPECT_TRUE(task.has_erasure_record("c1"));
  task.apply(paid("p3", "2026-01-17T10:00:00.001Z", "c3"));
  task.forget("c3");
  EXPECT_FALSE(task.has_erasure_record("c1"));
  EXPECT_TRUE(task.has_erasure_record("c2"));
  EXPECT_TRUE(task.has_erasure_record("c3"));
}

}  // namespace
}  // namespace crm::test
