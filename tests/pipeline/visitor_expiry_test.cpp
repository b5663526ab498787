// semantics.md "Identity": "A visitor profile with no activity for limits.visitor_retention
// (180d) of clock time is deleted by a timer (data minimisation); a later link of its id
// merges nothing." Through the engine and the store, not just the processor.
#include <gtest/gtest.h>

#include "state/store.h"
#include "tests/pipeline/engine_harness.h"

namespace crm::test {
namespace {

TEST(VisitorExpiry, AnIdleVisitorIsDeletedAndALaterLinkMergesNothing) {
  EngineHarness harness;
  harness.replay({
      R"({"event_id":"a","type":"page_view","ts":"2026-01-01T10:00:00Z","anonymous_id":"v1"})",
      R"({"event_id":"b","type":"page_view","ts":"2026-01-01T11:00:00Z","anonymous_id":"v2"})",
  });
  {
    const std::unique_ptr<StateStore> store = open_read_only(harness.config().state.dir);
    Profile visitor;
    ASSERT_TRUE(store->get_profile(0, ProfileKind::kVisitor, "v1", visitor).is_ok());
  }
  // v2 is active again on day 170 and 200; v1 never: 181 days on, v1 is gone.
  harness.replay(
      {
          R"({"event_id":"c","type":"page_view","ts":"2026-06-19T10:00:00Z","anonymous_id":"v2"})",
          R"({"event_id":"d","type":"page_view","ts":"2026-07-20T10:00:00Z","anonymous_id":"v2"})",
          R"({"event_id":"e","type":"login","ts":"2026-07-21T10:00:00Z","customer_id":"c1",)"
          R"("anonymous_id":"v1"})",
      },
      "later.jsonl");

  const std::unique_ptr<StateStore> store = open_read_only(harness.config().state.dir);
  Profile profile;
  EXPECT_TRUE(store->get_profile(0, ProfileKind::kVisitor, "v1", profile).is_not_found());
  ASSERT_TRUE(store->get_profile(0, ProfileKind::kVisitor, "v2", profile).is_ok());
  EXPECT_EQ(profile.counters[static_cast<std::size_t>(EventType::kPageView)], 3);
  ASSERT_TRUE(store->get_profile(0, ProfileKind::kCustomer, "c1", profile).is_ok());
  EXPECT_EQ(profile.counters[static_cast<std::size_t>(EventType::kPageView)], 0)
      << "the expired visitor's page view was merged";
  EXPECT_EQ(profile.first_seen, 1784628000000) << "2026-07-21T10:00:00Z: nothing earlier merged";
}

// The visitor's own next event is what moves the clock past its expiry: the timer fires first
// and deletes the profile, and the event starts a new one (it used to land on the deleted
// profile and bring its history back).
TEST(VisitorExpiry, AnEventAfterTheExpiryStartsAFreshVisitor) {
  for (const std::size_t batch_size : {std::size_t{1}, std::size_t{100}}) {
    SCOPED_TRACE("batches of " + std::to_string(batch_size));
    EngineHarness harness;
    const std::string path = harness.dir() / "input.jsonl";
    {
      std::ofstream out(path);
      out << R"({"event_id":"a","type":"page_view","ts":"2026-01-01T10:00:00Z","anonymous_id":"v1"})"
          << "\n"
          << R"({"event_id":"b","type":"page_view","ts":"2026-08-01T10:00:00Z","anonymous_id":"v1"})"
          << "\n";
    }
    harness.replay_file(path, batch_size);
    const std::unique_ptr<StateStore> store = open_read_only(harness.config().state.dir);
    Profile visitor;
    ASSERT_TRUE(store->get_profile(0, ProfileKind::kVisitor, "v1", visitor).is_ok());
    EXPECT_EQ(visitor.counters[static_cast<std::size_t>(EventType::kPageView)], 1);
    EXPECT_EQ(visitor.first_seen, 1785578400000) << "2026-08-01T10:00:00Z";
    EXPECT_EQ(visitor.visits(), 1);
  }
}

}  // namespace
}  // namespace crm::test
