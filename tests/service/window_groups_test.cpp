// Which tasks of a window share keys (service/window_groups.h): only records that use visitor
// state join tasks, joins are transitive (also through a task with no records of its own), and
// groups come in task order.
#include "service/window_groups.h"

#include <gtest/gtest.h>

#include "queued_records.h"

namespace crm {
namespace {

using service_test::queued;
using Groups = std::vector<std::vector<TaskId>>;

QueuedRecord using_visitor_of(TaskId task) {
  QueuedRecord record = queued(InputSource::kClickstream, 0, 0);
  record.visitor_task = task;
  return record;
}

std::vector<std::vector<QueuedRecord>> window(std::size_t tasks) {
  std::vector<std::vector<QueuedRecord>> records(tasks);
  return records;
}

TEST(IndependentGroups, TasksWithoutVisitorRecordsAreAloneAndEmptyTasksAreLeftOut) {
  auto records = window(4);
  records[0].push_back(queued(InputSource::kClickstream, 1, 0));
  records[2].push_back(queued(InputSource::kOrders, 1, 0));
  records[2].push_back(using_visitor_of(2));  // its own visitor: no other task's keys
  records[3].push_back(queued(InputSource::kForwarded, 1, 0, 1));
  EXPECT_EQ(independent_groups(records), (Groups{{0}, {2}, {3}}));
}

TEST(IndependentGroups, AVisitorOfAnotherTaskJoinsTheTwoInTaskOrder) {
  auto records = window(4);
  records[1].push_back(queued(InputSource::kClickstream, 1, 0));
  records[3].push_back(using_visitor_of(1));  // e.g. a signup whose visitor lives in task 1
  records[2].push_back(queued(InputSource::kClickstream, 1, 0));
  EXPECT_EQ(independent_groups(records), (Groups{{1, 3}, {2}}));
}

TEST(IndependentGroups, JoinsAreTransitiveAlsoThroughATaskWithoutRecords) {
  auto records = window(6);
  records[5].push_back(using_visitor_of(2));  // task 2 has no records of its own
  records[0].push_back(using_visitor_of(2));  // reads a link task 5 may write
  records[4].push_back(using_visitor_of(3));
  records[3].push_back(using_visitor_of(5));
  records[1].push_back(queued(InputSource::kOrders, 1, 0));
  EXPECT_EQ(independent_groups(records), (Groups{{0, 3, 4, 5}, {1}}));
}

}  // namespace
}  // namespace crm
