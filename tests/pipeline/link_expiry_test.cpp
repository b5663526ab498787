// semantics.md "Identity": after a link, "later events with that anonymous_id count for the
// customer ... (events.md: the link is kept in the anonymous id's task, and expires like a
// visitor profile)". A link with no event for limits.visitor_retention (180d) of clock time is
// erased: the id's later events build a visitor profile of their own, and a new link works as
// a first one. Through the engine and the store: one task (file replay, every batch size), and
// the id and the customer in different tasks.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "pipeline/task_engine.h"
#include "state/store.h"
#include "tests/pipeline/engine_harness.h"
#include "tests/pipeline/two_tasks.h"

namespace crm::test {
namespace {

std::string view(const std::string& id, const char* ts, const char* ids) {
  return R"({"event_id":")" + id + R"(","type":"page_view","ts":")" + ts + R"(",)" + ids + "}";
}
std::string login(const std::string& id, const char* ts, const char* customer) {
  return R"({"event_id":")" + id + R"(","type":"login","ts":")" + ts + R"(","customer_id":")" +
         customer + R"(","anonymous_id":"v1"})";
}
constexpr const char* kV1 = R"("anonymous_id":"v1")";

std::int64_t page_views(const StateStore& store, TaskId task, ProfileKind kind,
                        const std::string& key) {
  Profile profile;
  const Status s = store.get_profile(task, kind, key, profile);
  if (s.is_not_found()) return -1;
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  return profile.counters[static_cast<std::size_t>(EventType::kPageView)];
}

std::string link_of(const StateStore& store, TaskId task, const std::string& anonymous_id) {
  std::string customer_id;
  const Status s = store.get_link(task, anonymous_id, customer_id);
  EXPECT_TRUE(s.is_ok() || s.is_not_found()) << s.to_string();
  return customer_id;
}

// v1 is linked to c1 on Jan 2 and last seen through the link on Feb 1 at 10:00, so the link
// expires on 2026-07-31T10:00:00Z.
std::vector<std::string> linked_then_active(std::vector<std::string> after) {
  std::vector<std::string> lines = {
      view("a", "2026-01-01T10:00:00Z", kV1), login("b", "2026-01-02T10:00:00Z", "c1"),
      view("c", "2026-02-01T10:00:00Z", kV1),  // counts for c1
  };
  lines.insert(lines.end(), after.begin(), after.end());
  return lines;
}

class LinkExpiry : public testing::TestWithParam<std::size_t> {
 protected:
  // Replays `lines` in batches of the test's size, then opens the store to look.
  std::unique_ptr<StateStore> replay(const std::vector<std::string>& lines) {
    const std::string path = harness_.dir() / "input.jsonl";
    {
      std::ofstream out(path);
      for (const std::string& line : lines) out << line << "\n";
    }
    harness_.replay_file(path, GetParam());
    return open_read_only(harness_.config().state.dir);
  }

  EngineHarness harness_;
};

TEST_P(LinkExpiry, ATimerErasesALinkIdleForTheRetention) {
  const auto store = replay(linked_then_active({
      // Another customer moves the clock past the expiry: c1's timer erases the link.
      view("d", "2026-08-01T10:00:00Z", R"("customer_id":"c2")"),
  }));
  EXPECT_EQ(link_of(*store, 0, "v1"), "");
  Profile c1;
  ASSERT_TRUE(store->get_profile(0, ProfileKind::kCustomer, "c1", c1).is_ok());
  EXPECT_TRUE(c1.linked_anonymous_ids.empty());
  EXPECT_EQ(c1.counters[static_cast<std::size_t>(EventType::kPageView)], 2) << "history stays";
}

TEST_P(LinkExpiry, AnEventAfterTheExpiryBuildsAVisitorOfItsOwn) {
  const auto store = replay(linked_then_active({
      view("d", "2026-08-02T10:00:00Z", kV1),  // no timer fired before: the event expires it
      view("e", "2026-08-03T10:00:00Z", kV1),
  }));
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kCustomer, "c1"), 2);
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kVisitor, "v1"), 2);
  EXPECT_EQ(link_of(*store, 0, "v1"), "");
}

TEST_P(LinkExpiry, AnEventAtTheExpiryInstantIsTooLate) {
  const auto store = replay(linked_then_active({view("d", "2026-07-31T10:00:00Z", kV1)}));
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kCustomer, "c1"), 2);
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kVisitor, "v1"), 1);
}

TEST_P(LinkExpiry, ActivityThroughTheLinkKeepsItAlive) {
  const auto store = replay(linked_then_active({
      view("d", "2026-07-31T09:59:59.999Z", kV1),  // the last millisecond before the expiry
      view("e", "2026-08-02T10:00:00Z", R"("customer_id":"c2")"),
      view("f", "2027-01-27T09:59:59.000Z", kV1),  // 179.x days after d
  }));
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kCustomer, "c1"), 4);
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kVisitor, "v1"), -1);
  EXPECT_EQ(link_of(*store, 0, "v1"), "c1");
}

TEST_P(LinkExpiry, ALoginAfterTheExpiryLinksAgain) {
  const auto store = replay(linked_then_active({
      view("d", "2026-08-02T10:00:00Z", kV1),
      login("e", "2026-08-03T10:00:00Z", "c3"),
      view("f", "2026-08-04T10:00:00Z", kV1),
  }));
  EXPECT_EQ(link_of(*store, 0, "v1"), "c3");
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kVisitor, "v1"), -1) << "merged into c3";
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kCustomer, "c3"), 2);
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kCustomer, "c1"), 2);
}

// The id was linked to c2 since: c1's expiry must not erase c2's link.
TEST_P(LinkExpiry, AnExpiryLeavesTheLinkToANewerCustomer) {
  const auto store = replay(linked_then_active({
      login("d", "2026-03-01T10:00:00Z", "c2"),
      view("e", "2026-08-15T10:00:00Z", R"("customer_id":"c3")"),  // c1's link timer fires
      view("f", "2026-08-16T10:00:00Z", kV1),
  }));
  EXPECT_EQ(link_of(*store, 0, "v1"), "c2");
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kCustomer, "c2"), 1);
  Profile c1;
  ASSERT_TRUE(store->get_profile(0, ProfileKind::kCustomer, "c1", c1).is_ok());
  EXPECT_TRUE(c1.linked_anonymous_ids.empty());
}

INSTANTIATE_TEST_SUITE_P(BatchSizes, LinkExpiry, testing::Values(1, 3, 100));

// time.clock: wall judges the expiry by the system clock (the harness's: 2027-01-15), so a link
// last active in January 2026 has expired before the id's next event, and a fresh one holds.
TEST(LinkExpiryWallClock, TheSystemClockExpiresTheLink) {
  EngineHarness harness;
  harness.config().time.clock = ClockKind::kWall;
  harness.replay({view("a", "2026-01-01T10:00:00Z", kV1), login("b", "2026-01-02T10:00:00Z", "c1"),
                  view("c", "2026-02-01T10:00:00Z", kV1),
                  view("d", "2027-01-10T10:00:00Z", R"("anonymous_id":"v2")"),
                  R"({"event_id":"e","type":"login","ts":"2027-01-11T10:00:00Z",)"
                  R"("customer_id":"c2","anonymous_id":"v2"})",
                  view("f", "2027-01-12T10:00:00Z", R"("anonymous_id":"v2")")});
  const auto store = open_read_only(harness.config().state.dir);
  EXPECT_EQ(link_of(*store, 0, "v1"), "");
  // a's visitor was idle past the retention by this clock, so the login merged nothing; c
  // went to a visitor again (deleted as idle at once), not to c1.
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kCustomer, "c1"), 0);
  EXPECT_EQ(link_of(*store, 0, "v2"), "c2");
  EXPECT_EQ(page_views(*store, 0, ProfileKind::kCustomer, "c2"), 2);
}

constexpr const char* kA1 = R"("anonymous_id":"a-1")";

// The customer's task expires the link in the id's task; the id's next event, in whichever
// partition it arrives, is the visitor's.
TEST(LinkExpiryAcrossTasks, TheCustomersTaskErasesTheLinkInTheIdsTask) {
  for (const TaskId arrives_in : {TaskId{0}, TaskId{1}}) {
    SCOPED_TRACE("the late event arrives in task " + std::to_string(arrives_in));
    TwoTasks tasks;
    tasks.apply(0, view("a", "2026-01-01T10:00:00Z", kA1));
    tasks.apply(1, R"({"event_id":"b","type":"signup","ts":"2026-01-02T10:00:00Z",)"
                   R"("customer_id":"c-1","anonymous_id":"a-1"})");
    tasks.apply(0, view("c", "2026-02-01T10:00:00Z", kA1));  // forwarded to c-1
    EXPECT_EQ(page_views(tasks.store(), 1, ProfileKind::kCustomer, "c-1"), 2);
    EXPECT_EQ(link_of(tasks.store(), 0, "a-1"), "c-1");

    tasks.apply(arrives_in, view("d", "2026-08-01T10:00:00Z", kA1));
    EXPECT_EQ(link_of(tasks.store(), 0, "a-1"), "");
    EXPECT_EQ(page_views(tasks.store(), 1, ProfileKind::kCustomer, "c-1"), 2);
    EXPECT_EQ(page_views(tasks.store(), 0, ProfileKind::kVisitor, "a-1"), 1);
    EXPECT_EQ(tasks.stats(0).events_applied + tasks.stats(1).events_applied, 4);
  }
}

}  // namespace
}  // namespace crm::test
