// The stored plan of a window (service/window_plan.h): which records of each task belong to it,
// so that a run restarted mid-window applies exactly the ones not yet committed.
#include "service/window_plan.h"

#include <gtest/gtest.h>

#include "tests/service/queued_records.h"

namespace crm {
namespace {

using S = InputSource;

TEST(WindowPlan, HoldsThePickedRecordsAndNoLaterOnes) {
  std::deque<TaskQueue> queues(2);
  queues[0].push(service_test::queued(S::kClickstream, 10, 100));
  queues[0].push(service_test::queued(S::kClickstream, 40, 101));
  queues[0].push(service_test::queued(S::kForwarded, 20, 5, /*from=*/1));
  queues[1].push(service_test::queued(S::kOrders, 30, 7));
  for (TaskQueue& queue : queues) {
    queue.set_at_end(S::kClickstream, true);
    queue.set_at_end(S::kOrders, true);
  }
  Window window;
  ASSERT_EQ(choose_window(queues, WindowLimits{3, 1000}, false, window),
            WindowChoice::kReady);  // ts 10, 20, 30
  const WindowPlan plan = plan_window(queues, window, {0, 6});
  EXPECT_EQ(plan.tasks[0].input_end, (std::array<std::int64_t, 2>{101, -1}));
  EXPECT_EQ(plan.tasks[1].input_end, (std::array<std::int64_t, 2>{-1, 8}));

  EXPECT_TRUE(plan.contains(0, service_test::queued(S::kClickstream, 10, 100)));
  EXPECT_FALSE(plan.contains(0, service_test::queued(S::kClickstream, 40, 101)));
  EXPECT_TRUE(plan.contains(0, service_test::queued(S::kForwarded, 20, 5, 1)));
  EXPECT_FALSE(plan.contains(1, service_test::queued(S::kForwarded, 20, 5, 1)))
      << "task 1 picked no forward";
  // A forward made after the window was chosen, even one that sorts before its last forward.
  EXPECT_FALSE(plan.contains(0, service_test::queued(S::kForwarded, 15, 6, 1)));
  EXPECT_FALSE(plan.contains(0, service_test::queued(S::kForwarded, 25, 4, 1)))
      << "sorts after the last";

  WindowPlan decoded;
  ASSERT_TRUE(decode_window_plan(encode_window_plan(plan), decoded).is_ok());
  EXPECT_EQ(decoded.tasks[0].input_end, plan.tasks[0].input_end);
  EXPECT_EQ(decoded.tasks[0].last_forward, plan.tasks[0].last_forward);
  EXPECT_EQ(decoded.tasks[1].input_end, plan.tasks[1].input_end);
  EXPECT_FALSE(decoded.tasks[1].last_forward.has_value());
  EXPECT_EQ(decoded.forwards_below, plan.forwards_below);
}

// What a task forwards to a later task joins that task's part of the window (its turn comes
// after), so a restart mid-window finds such a forward, made after the plan, in the plan; one to
// an earlier task waits for the next window.
TEST(WindowPlan, HoldsTheForwardsMadeInItToALaterTask) {
  std::deque<TaskQueue> queues(3);
  queues[1].push(service_test::queued(S::kOrders, 30, 7));
  for (TaskQueue& queue : queues) {
    queue.set_at_end(S::kClickstream, true);
    queue.set_at_end(S::kOrders, true);
  }
  Window window;
  ASSERT_EQ(choose_window(queues, WindowLimits{10, 1000}, false, window), WindowChoice::kReady);
  const WindowPlan plan = plan_window(queues, window, {4, 0, 2});
  EXPECT_TRUE(plan.contains(1, service_test::queued(S::kForwarded, 35, 4, /*from=*/0)));
  EXPECT_TRUE(plan.contains(2, service_test::queued(S::kForwarded, 5, 9, /*from=*/0)));
  EXPECT_FALSE(plan.contains(1, service_test::queued(S::kForwarded, 35, 2, /*from=*/2)))
      << "made in the window by a later task";
  EXPECT_FALSE(plan.contains(1, service_test::queued(S::kForwarded, 20, 3, /*from=*/0)))
      << "made before the window, which did not pick it";
}

TEST(WindowPlan, AnUnreadablePlanIsCorruption) {
  WindowPlan plan;
  EXPECT_TRUE(decode_window_plan("1 2 3 ", plan).is_corruption());
  EXPECT_TRUE(decode_window_plan("9 0 ", plan).is_corruption()) << "unknown format";
  EXPECT_TRUE(decode_window_plan("1 0 x", plan).is_corruption()) << "trailing bytes";
  EXPECT_TRUE(decode_window_plan("1 0 ", plan).is_ok());
  // Format 1 (before link moves) still reads; a move naming no task is corruption.
  ASSERT_TRUE(decode_window_plan("1 1 -1 7 0 0 0 0 3 ", plan).is_ok());
  EXPECT_EQ(plan.tasks[0].input_end[1], 7);
  EXPECT_TRUE(plan.link_moves.empty());
  ASSERT_TRUE(decode_window_plan("2 1 -1 7 0 0 0 0 3 1 0 1 6 0 ", plan).is_ok());
  ASSERT_EQ(plan.link_moves.size(), 1u);
  EXPECT_EQ(plan.link_moves[0].message.offset, 6);
  EXPECT_TRUE(decode_window_plan("2 1 -1 7 0 0 0 0 3 1 0 1 6 1 ", plan).is_corruption());
  EXPECT_TRUE(decode_window_plan("2 1 -1 7 0 0 0 0 3 1 0 2 6 0 ", plan).is_corruption());
  // Format 3 adds each move's for_visitor; format 2's moves read as not for a visitor.
  ASSERT_TRUE(decode_window_plan("2 1 -1 7 0 0 0 0 3 1 0 1 6 0 ", plan).is_ok());
  EXPECT_FALSE(plan.link_moves[0].for_visitor);
  ASSERT_TRUE(decode_window_plan("3 1 -1 7 0 0 0 0 3 1 0 1 6 0 1 ", plan).is_ok());
  ASSERT_EQ(plan.link_moves.size(), 1u);
  EXPECT_TRUE(plan.link_moves[0].for_visitor);
  EXPECT_EQ(encode_window_plan(plan), "3 1 -1 7 0 0 0 0 3 1 0 1 6 0 1 ");
  EXPECT_TRUE(decode_window_plan("3 1 -1 7 0 0 0 0 3 1 0 1 6 0 2 ", plan).is_corruption());
  EXPECT_TRUE(decode_window_plan("3 1 -1 7 0 0 0 0 3 1 0 1 6 0 ", plan).is_corruption())
      << "a format 3 move without its for_visitor";
}

}  // namespace
}  // namespace crm
