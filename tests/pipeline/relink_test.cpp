// semantics.md "Identity": "If the same anonymous_id is later linked to another customer, its
// events from then on count for the newest one; history already merged stays."
#include <gtest/gtest.h>

#include "state/store.h"
#include "tests/pipeline/engine_harness.h"

namespace crm::test {
namespace {

std::string event(const std::string& id, const char* type, const char* ts, const std::string& ids) {
  return R"({"event_id":")" + id + R"(","type":")" + type + R"(","ts":")" + ts + R"(",)" + ids +
         "}";
}

std::int64_t page_views(const StateStore& store, const std::string& customer) {
  Profile profile;
  EXPECT_TRUE(store.get_profile(0, ProfileKind::kCustomer, customer, profile).is_ok()) << customer;
  return profile.counters[static_cast<std::size_t>(EventType::kPageView)];
}

TEST(Relink, AnIdLinkedToAnotherCustomerCountsForTheNewestFromThenOn) {
  EngineHarness harness;
  const std::string v1 = R"("anonymous_id":"v1")";
  harness.replay({
      event("a", "page_view", "2026-01-01T10:00:00Z", v1),
      event("b", "login", "2026-01-02T10:00:00Z", R"("customer_id":"c1",)" + v1),
      event("c", "page_view", "2026-01-03T10:00:00Z", v1),  // counts for c1
      event("d", "login", "2026-01-04T10:00:00Z", R"("customer_id":"c2",)" + v1),
      event("e", "page_view", "2026-01-05T10:00:00Z", v1),  // counts for c2
      event("f", "page_view", "2026-01-06T10:00:00Z", v1),  // and so does this one
  });
  EXPECT_EQ(harness.stats().events_applied, 6);

  const std::unique_ptr<StateStore> store = open_read_only(harness.config().state.dir);
  EXPECT_EQ(page_views(*store, "c1"), 2) << "the merged visit and the one after the first link";
  EXPECT_EQ(page_views(*store, "c2"), 2) << "the two after the second link";
  Profile visitor;
  EXPECT_TRUE(store->get_profile(0, ProfileKind::kVisitor, "v1", visitor).is_not_found());
  std::string linked_to;
  ASSERT_TRUE(store->get_link(0, "v1", linked_to).is_ok());
  EXPECT_EQ(linked_to, "c2");
}

}  // namespace
}  // namespace crm::test
