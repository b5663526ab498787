// Two task engines over one store, as `run` drives them: a visitor's task and its customer's
// task with clocks far apart. A copy of a visitor's event that reaches the customer's task
// after the signup must still be a duplicate there (an 8-partition run applied it twice: the
// visitor's ids carried its own task's clock, long expired at the customer's).
#include <gtest/gtest.h>

#include <string>

#include "tests/pipeline/two_tasks.h"

namespace crm::test {
namespace {

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

// The run loop moved a visitor's event to the task of the customer a later signup links it to
// (service/link_routing.h): that task applies it for the visitor, in the visitor's task's key
// space, and reaches the same visitor as its own task would.
TEST(CrossTask, AnEventForTheVisitorIsAppliedToTheVisitorInItsOwnTasksKeySpace) {
  TwoTasks tasks;
  tasks.apply(1,
              R"({"event_id":"v-1","type":"page_view","ts":"2026-01-01T10:00:00Z",)"
              R"("anonymous_id":"a-1"})",
              /*for_visitor=*/true);
  EXPECT_EQ(tasks.stats(1).events_applied, 1);
  EXPECT_EQ(tasks.stats(1).forwarded, 0);
  Profile visitor;
  ASSERT_TRUE(tasks.store().get_profile(0, ProfileKind::kVisitor, "a-1", visitor).is_ok());
  EXPECT_EQ(visitor.counters[static_cast<std::size_t>(EventType::kPageView)], 1);

  // Once linked, the flag no longer holds it: the event goes to the customer.
  tasks.apply(1, R"({"event_id":"s-1","type":"signup","ts":"2026-01-01T10:01:00Z",)"
                 R"("customer_id":"c-1","anonymous_id":"a-1"})");
  tasks.apply(0,
              R"({"event_id":"v-2","type":"page_view","ts":"2026-01-01T10:02:00Z",)"
              R"("anonymous_id":"a-1"})",
              /*for_visitor=*/true);
  EXPECT_EQ(tasks.stats(0).forwarded, 1);
  Profile customer;
  ASSERT_TRUE(tasks.store().get_profile(1, ProfileKind::kCustomer, "c-1", customer).is_ok());
  EXPECT_EQ(customer.counters[static_cast<std::size_t>(EventType::kPageView)], 2);
}

// A visitor's timer that another task stored below the bound up to which the visitor's task
// knows no timer is due still fires at its instant (TaskEngine::note_timer_stored).
TEST(CrossTask, AVisitorsTimerStoredByAnotherTaskFires) {
  TwoTasks tasks;
  // Task 0 stores a-9's expiry (visitor_retention, 180 days) and knows of none before it.
  tasks.apply(0, R"({"event_id":"v-9","type":"page_view","ts":"2026-01-11T10:00:00Z",)"
                 R"("anonymous_id":"a-9"})");
  // Task 1 stores a-1's, ten days earlier, in task 0's key space; no signup merges it.
  tasks.apply(1,
              R"({"event_id":"v-1","type":"page_view","ts":"2026-01-01T10:00:00Z",)"
              R"("anonymous_id":"a-1"})",
              /*for_visitor=*/true);
  // Past a-1's expiry (2026-06-30), before a-9's.
  tasks.apply(0, R"({"event_id":"v-10","type":"page_view","ts":"2026-07-05T10:00:00Z",)"
                 R"("anonymous_id":"a-10"})");
  Profile visitor;
  EXPECT_TRUE(tasks.store().get_profile(0, ProfileKind::kVisitor, "a-1", visitor).is_not_found())
      << "the idle visitor was not deleted";
  EXPECT_TRUE(tasks.store().get_profile(0, ProfileKind::kVisitor, "a-9", visitor).is_ok());
}

// ... and one whose instant has already passed by the visitor's task's clock fires at once.
TEST(CrossTask, AVisitorsTimerStoredByAnotherTaskPastItsTasksClockFiresAtOnce) {
  TwoTasks tasks;
  // Task 0's clock reaches 2026-08-01.
  tasks.apply(0, R"({"event_id":"v-9","type":"page_view","ts":"2026-08-01T10:00:00Z",)"
                 R"("anonymous_id":"a-9"})");
  // Task 1, far behind, stores a-1's expiry (2026-06-30) in task 0's key space.
  tasks.apply(1,
              R"({"event_id":"v-1","type":"page_view","ts":"2026-01-01T10:00:00Z",)"
              R"("anonymous_id":"a-1"})",
              /*for_visitor=*/true);
  Profile visitor;
  ASSERT_TRUE(tasks.store().get_profile(0, ProfileKind::kVisitor, "a-1", visitor).is_ok());
  tasks.apply(0, R"({"event_id":"v-10","type":"page_view","ts":"2026-08-01T10:01:00Z",)"
                 R"("anonymous_id":"a-10"})");
  EXPECT_TRUE(tasks.store().get_profile(0, ProfileKind::kVisitor, "a-1", visitor).is_not_found())
      << "the expiry was never scanned for";
}

}  // namespace
}  // namespace crm::test
