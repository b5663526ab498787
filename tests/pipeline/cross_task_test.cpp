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

}  // namespace
}  // namespace crm::test
