// `crmstream forget`: a customer's profile, ledger, timer, pending outputs and every link of an
// anonymous id to it (in any task) are erased, customer_forgotten waits in the outbox, the
// population counts go down; a directory held by a running process gives the admin-API hint.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "state/outbox_codec.h"
#include "tests/app/shop_state.h"

namespace crm {
namespace {

using test::run_crmstream;
using test::ShopState;

// The outbox entries of `task`, in sequence order.
std::vector<OutputRecord> outbox(const StateStore& store, TaskId task) {
  std::vector<OutputRecord> records;
  RangeIterator it = store.scan_outbox(task);
  for (; it.valid(); it.next()) {
    OutputRecord record;
    EXPECT_TRUE(decode_output_record(it.value(), record).is_ok());
    records.push_back(record);
  }
  EXPECT_TRUE(it.status().is_ok());
  return records;
}

std::vector<std::string> outbox_ids_of(const StateStore& store, TaskId task,
                                       const std::string& customer_id) {
  std::vector<std::string> ids;
  for (const OutputRecord& record : outbox(store, task)) {
    if (record.key == customer_id) ids.push_back(record.event_id);
  }
  return ids;
}

// The count, 0 when the store holds none (a count back at zero is deleted).
std::int64_t count(const StateStore& store, TaskId task, const std::string& name) {
  std::int64_t value = 0;
  const Status s = store.get_count(task, name, value);
  EXPECT_TRUE(s.is_ok() || s.is_not_found()) << s.to_string();
  return s.is_ok() ? value : 0;
}

std::int64_t timers_of(const StateStore& store, TaskId task, const std::string& key) {
  std::int64_t timers = 0;
  RangeIterator it = store.scan_timers_due(task, std::numeric_limits<TimeMs>::max());
  for (; it.valid(); it.next()) {
    TimerKeyParts parts;
    EXPECT_TRUE(decode_timer_key(it.key(), parts).is_ok());
    if (parts.kind == ProfileKind::kCustomer && parts.key == key) ++timers;
  }
  return timers;
}

TEST(ForgetCommand, ErasesProfileTimerLinksAndPendingOutputs) {
  ShopState shop;
  shop.build();
  {
    const auto store = shop.open();
    ASSERT_TRUE(store);
    EXPECT_EQ(timers_of(*store, 0, "c3"), 1);
    EXPECT_FALSE(outbox_ids_of(*store, 0, "c3").empty());  // not delivered: no sink ran
    EXPECT_EQ(count(*store, 0, "population/lifecycle/registered"), 1);
    std::string linked;
    ASSERT_TRUE(store->get_link(0, "a3", linked).is_ok());
    ASSERT_TRUE(store->close().is_ok());
  }

  const auto run = run_crmstream({"forget", "--config", shop.config_path(), "--customer", "c3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("erased customer c3\n  task 0: profile, 1 orders in its ledger, timer "
                         "2026-01-31T10:31:00.000Z, "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  task 0: link of anonymous id a3\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("the next `crmstream run` or `crmstream replay` delivers it"),
            std::string::npos)
      << run.out;

  const auto store = shop.open();
  ASSERT_TRUE(store);
  Profile profile;
  EXPECT_TRUE(store->get_profile(0, ProfileKind::kCustomer, "c3", profile).is_not_found());
  EXPECT_EQ(timers_of(*store, 0, "c3"), 0);
  // a3 had no visitor profile when c3 logged in with it, so the profile never listed it.
  std::string linked;
  EXPECT_TRUE(store->get_link(0, "a3", linked).is_not_found());
  EXPECT_EQ(
      outbox_ids_of(*store, 0, "c3"),
      std::vector<std::string>{"c3:x" + std::to_string(test::kTask0Clock) + ":customer_forgotten"});
  const OutputRecord forgotten = outbox(*store, 0).back();
  EXPECT_EQ(forgotten.topic, OutputTopic::kSegmentChanges);
  EXPECT_NE(forgotten.json.find(R"("type":"customer_forgotten","customer_id":"c3")"),
            std::string::npos)
      << forgotten.json;
  EXPECT_EQ(count(*store, 0, "population/lifecycle/registered"), 0);
  // Everyone else is still there.
  EXPECT_TRUE(store->get_profile(0, ProfileKind::kCustomer, "c2", profile).is_ok());
  EXPECT_FALSE(outbox_ids_of(*store, 0, "c2").empty());
}

TEST(ForgetCommand, ErasesLinksHeldByOtherTasksAndLowersTheCounts) {
  ShopState shop;
  shop.build();
  {
    const auto store = shop.open();
    ASSERT_TRUE(store);
    // The link of an anonymous id is kept by that id's task, which may not be c1's.
    Batch batch(*store);
    batch.put_link(1, "a77", "c1");
    batch.put_link(1, "a78", "c2");
    ASSERT_TRUE(store->write(batch).is_ok());
    EXPECT_EQ(count(*store, 0, "population/buyers/"), 2);
    EXPECT_EQ(count(*store, 0, "population/repeat_buyers/"), 1);
    EXPECT_EQ(count(*store, 0, "population/lifecycle/repeat"), 1);
    ASSERT_TRUE(store->close().is_ok());
  }

  const auto run = run_crmstream({"forget", "--config", shop.config_path(), "--customer", "c1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("  task 0: link of anonymous id a1\n  task 1: link of anonymous id a77\n"),
            std::string::npos)
      << run.out;

  const auto store = shop.open();
  ASSERT_TRUE(store);
  std::string linked;
  EXPECT_TRUE(store->get_link(0, "a1", linked).is_not_found());
  EXPECT_TRUE(store->get_link(1, "a77", linked).is_not_found());
  ASSERT_TRUE(store->get_link(1, "a78", linked).is_ok());
  EXPECT_EQ(linked, "c2");
  EXPECT_EQ(count(*store, 0, "population/buyers/"), 1);
  EXPECT_EQ(count(*store, 0, "population/repeat_buyers/"), 0);
  EXPECT_EQ(count(*store, 0, "population/lifecycle/repeat"), 0);
  EXPECT_EQ(count(*store, 0, "population/lifecycle/first_purchase"), 1);
  ASSERT_TRUE(store->close().is_ok());

  const auto exported = run_crmstream({"export", "--config", shop.config_path()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out.find(R"("customer_id":"c1")"), std::string::npos) << exported.out;
}

TEST(ForgetCommand, UnknownCustomerIsARuntimeFailure) {
  ShopState shop;
  shop.build();
  const auto run =
      run_crmstream({"forget", "--config", shop.config_path(), "--customer", "nobody"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "crmstream forget: customer nobody not found\n");
  EXPECT_EQ(run.out, "");
}

TEST(ForgetCommand, DirectoryHeldByARunningProcessNamesTheWayThroughIt) {
  ShopState shop;
  shop.build();
  const auto running = shop.open();  // as `run` would hold it
  ASSERT_TRUE(running);
  const auto run = run_crmstream({"forget", "--config", shop.config_path(), "--customer", "c2"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("is in use by another crmstream process (pid lock held by pid " +
                         std::to_string(::getpid()) +
                         "); erasure through the running process comes with the HTTP admin "
                         "API (POST /v1/admin/forget/{id})"),
            std::string::npos)
      << run.err;
  Profile profile;
  EXPECT_TRUE(running->get_profile(0, ProfileKind::kCustomer, "c2", profile).is_ok());
}

TEST(ForgetCommand, MissingStateIsNotCreated) {
  ShopState shop;  // nothing built
  const auto run = run_crmstream({"forget", "--config", shop.config_path(), "--customer", "c1"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("holds no state"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(shop.state_dir()));
}

}  // namespace
}  // namespace crm
