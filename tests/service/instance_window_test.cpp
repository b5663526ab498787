// The order records are applied in (events.md "Keys, partitions and tasks"): within a task, the
// lowest ts of the heads first, ties clickstream < orders < forwarded; across the tasks of an
// instance, windows of the merge of every head, which wait for a starved input partition up to
// max_task_idle.
#include "service/instance_window.h"

#include <gtest/gtest.h>

#include "tests/service/queued_records.h"

namespace crm {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using S = InputSource;
using Picks = std::vector<std::pair<S, std::int64_t>>;

void end_inputs(TaskQueue& queue) {
  queue.set_at_end(S::kClickstream, true);
  queue.set_at_end(S::kOrders, true);
}

Picks order(const std::vector<QueuedRecord>& taken) {
  Picks out;
  for (const QueuedRecord& r : taken) out.emplace_back(r.source, r.offset);
  return out;
}

WindowLimits records(std::size_t max) {
  return {max, std::numeric_limits<TimeMs>::max()};
}

// Chooses and takes a window of at most `max` records; empty when none is ready.
std::vector<std::vector<QueuedRecord>> next_window(std::deque<TaskQueue>& queues,
                                                   const WindowLimits& limits,
                                                   bool skip_starved = false) {
  Window window;
  if (choose_window(queues, limits, skip_starved, window) != WindowChoice::kReady) return {};
  return take_window(queues, window);
}

TEST(InstanceWindow, ATaskAppliesTheLowestTsOfItsHeadsWithTiesByStream) {
  std::deque<TaskQueue> queues(1);
  queues[0].push(service_test::queued(S::kClickstream, 10, 0));
  queues[0].push(service_test::queued(S::kClickstream, 30, 1));
  queues[0].push(service_test::queued(S::kOrders, 10, 0));
  queues[0].push(service_test::queued(S::kOrders, 20, 1));
  queues[0].push(service_test::queued(S::kForwarded, 10, 7));
  end_inputs(queues[0]);
  const auto taken = next_window(queues, records(100));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(order(taken[0]), (Picks{{S::kClickstream, 0},
                                    {S::kOrders, 0},
                                    {S::kForwarded, 7},
                                    {S::kOrders, 1},
                                    {S::kClickstream, 1}}));
  EXPECT_EQ(queues[0].buffered(), 0u);
}

// Forwards are ordered by (ts, source task, sequence), not by when they arrived, so a restart
// that loads them from the state in key order applies them where an uninterrupted run did.
TEST(InstanceWindow, ForwardsAreOrderedByTsSourceAndSequenceWhateverTheirArrival) {
  std::deque<TaskQueue> queues(1);
  queues[0].push(service_test::queued(S::kForwarded, 20, 3, /*from=*/1));
  queues[0].push(service_test::queued(S::kForwarded, 10, 9, /*from=*/2));
  queues[0].push(service_test::queued(S::kForwarded, 20, 1, /*from=*/2));
  queues[0].push(service_test::queued(S::kForwarded, 20, 2, /*from=*/1));
  end_inputs(queues[0]);
  EXPECT_EQ(
      order(next_window(queues, records(100))[0]),
      (Picks{{S::kForwarded, 9}, {S::kForwarded, 2}, {S::kForwarded, 3}, {S::kForwarded, 1}}));
}

// A message of task `home`'s partition whose customer key task `owner` owns.
QueuedRecord message(S source, TimeMs ts, std::int64_t offset, TaskId home, TaskId owner) {
  QueuedRecord r = service_test::queued(source, ts, offset);
  r.home = home;
  r.owner = owner;
  return r;
}

// Before a window is applied, a message in a later task's partition moves to its owner's part, at
// its ts, ranked as a forward: after the owner's own messages of equal ts, before a later one,
// and the owner's partition keeps its own order (here not the order of ts). One a later task owns
// stays with its partition's task, which forwards it.
TEST(InstanceWindow, AMessageOfAWrongPartitionMovesToAnEarlierOwnerAtItsTs) {
  std::vector<std::vector<QueuedRecord>> parts(3);
  // Task 0's part as the window picked it: clickstream 5, 20, 12 (offsets 0-2) and orders 15.
  parts[0].push_back(message(S::kClickstream, 5, 0, 0, 0));
  parts[0].push_back(message(S::kOrders, 15, 0, 0, 0));
  parts[0].push_back(message(S::kClickstream, 20, 1, 0, 0));
  parts[0].push_back(message(S::kClickstream, 12, 2, 0, 0));
  parts[1].push_back(message(S::kClickstream, 13, 7, 1, 0));  // task 0's
  parts[1].push_back(message(S::kOrders, 14, 8, 1, 2));       // task 2's: stays
  parts[2].push_back(message(S::kOrders, 15, 4, 2, 0));       // task 0's
  parts[2].push_back(message(S::kClickstream, 16, 5, 2, 2));

  EXPECT_EQ(route_window(parts), 2u);
  EXPECT_EQ(order(parts[0]), (Picks{{S::kClickstream, 0},
                                    {S::kClickstream, 7},
                                    {S::kOrders, 0},
                                    {S::kOrders, 4},
                                    {S::kClickstream, 1},
                                    {S::kClickstream, 2}}));
  EXPECT_EQ(order(parts[1]), (Picks{{S::kOrders, 8}}));
  EXPECT_EQ(order(parts[2]), (Picks{{S::kClickstream, 5}}));
}

// Records reaching a part one at a time (moved messages, then forwards as the earlier tasks make
// them) take the same places whatever order they come in: those a merge with the part's heads
// would give them, by (ts, sending task, forwards before moved messages).
TEST(InstanceWindow, ArrivalsTakeTheSamePlacesInAnyOrder) {
  const auto part = [] {
    // As the window picked it: clickstream 10, 30, 20 (offsets 0-2) and a forward at 25.
    std::vector<QueuedRecord> own;
    own.push_back(message(S::kClickstream, 10, 0, 1, 1));
    own.push_back(service_test::queued(S::kForwarded, 25, 3, /*from=*/0));
    own.push_back(message(S::kClickstream, 30, 1, 1, 1));
    own.push_back(message(S::kClickstream, 20, 2, 1, 1));
    return own;
  };
  const auto arrivals = [] {
    std::vector<QueuedRecord> in;
    in.push_back(service_test::queued(S::kForwarded, 25, 7, /*from=*/0));
    in.push_back(message(S::kOrders, 25, 9, 2, 1));
    in.push_back(service_test::queued(S::kForwarded, 10, 8, /*from=*/0));
    in.push_back(message(S::kClickstream, 31, 4, 3, 1));
    return in;
  };
  std::vector<QueuedRecord> forward = part();
  for (QueuedRecord& r : arrivals()) insert_arrival(forward, std::move(r));
  std::vector<QueuedRecord> backward = part();
  auto reversed = arrivals();
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) {
    insert_arrival(backward, std::move(*it));
  }
  const Picks expected{{S::kClickstream, 0}, {S::kForwarded, 8},  {S::kForwarded, 3},
                       {S::kForwarded, 7},   {S::kOrders, 9},     {S::kClickstream, 1},
                       {S::kClickstream, 2}, {S::kClickstream, 4}};
  EXPECT_EQ(order(forward), expected);
  EXPECT_EQ(order(backward), expected);
}

// A window is the first records of the merge of all tasks' heads: each task gets the records
// below the window's end, whatever else it has buffered.
TEST(InstanceWindow, AWindowIsTheFirstRecordsOfTheMergeOfAllTasks) {
  std::deque<TaskQueue> queues(2);
  for (std::int64_t i = 0; i < 4; ++i) {
    queues[0].push(service_test::queued(S::kClickstream, 10 * i, i));      // 0 10 20 30
    queues[1].push(service_test::queued(S::kClickstream, 10 * i + 5, i));  // 5 15 25 35
  }
  end_inputs(queues[0]);
  end_inputs(queues[1]);
  const auto taken = next_window(queues, records(5));  // 0 5 10 15 20
  EXPECT_EQ(order(taken[0]),
            (Picks{{S::kClickstream, 0}, {S::kClickstream, 1}, {S::kClickstream, 2}}));
  EXPECT_EQ(order(taken[1]), (Picks{{S::kClickstream, 0}, {S::kClickstream, 1}}));
  EXPECT_EQ(queues[0].buffered(), 1u);
  EXPECT_EQ(queues[1].buffered(), 2u);
}

// Another task's silent partition holds the window back: its next record may be earlier, and a
// forward from it may belong before this task's next record.
TEST(InstanceWindow, AStarvedPartitionOfAnyTaskHoldsTheWindow) {
  std::deque<TaskQueue> queues(2);
  queues[0].push(service_test::queued(S::kClickstream, 10, 0));
  end_inputs(queues[0]);
  queues[1].set_at_end(S::kClickstream, true);  // its orders partition is not at its end
  EXPECT_TRUE(next_window(queues, records(100)).empty());
  const auto forced = next_window(queues, records(100), /*skip_starved=*/true);
  ASSERT_EQ(forced.size(), 2u);
  EXPECT_EQ(forced[0].size(), 1u);
}

// The window is never cut short by how much happened to be fetched: a partition that runs out
// of buffered records mid-window, not at its end, makes the whole window wait.
TEST(InstanceWindow, APartitionRunningOutMidWindowMakesItWait) {
  std::deque<TaskQueue> queues(1);
  queues[0].push(service_test::queued(S::kClickstream, 10, 0));
  queues[0].push(service_test::queued(S::kClickstream, 30, 1));
  queues[0].push(service_test::queued(S::kOrders, 20, 0));
  queues[0].set_at_end(S::kClickstream, true);
  EXPECT_TRUE(next_window(queues, records(3)).empty()) << "orders ran out after ts 20";
  EXPECT_EQ(order(next_window(queues, records(2))[0]),
            (Picks{{S::kClickstream, 0}, {S::kOrders, 0}}))
      << "a window full before the partition runs out needs nothing more";
}

// A window chosen without waiting for a starved partition is marked
// (crmstream_enforced_windows_total) when that partition could have brought an earlier record than
// one the window holds: starved from the start, or run out before the window's last record; not
// when nothing was skipped.
TEST(InstanceWindow, AWindowThatSkippedAStarvedPartitionIsMarkedEnforced) {
  std::deque<TaskQueue> queues(1);
  queues[0].push(service_test::queued(S::kClickstream, 10, 0));
  queues[0].push(service_test::queued(S::kClickstream, 30, 1));
  queues[0].push(service_test::queued(S::kOrders, 20, 0));
  queues[0].set_at_end(S::kClickstream, true);
  Window window;
  ASSERT_EQ(choose_window(queues, records(2), true, window), WindowChoice::kReady);
  EXPECT_FALSE(window.enforced) << "full before orders ran out";
  ASSERT_EQ(choose_window(queues, records(3), true, window), WindowChoice::kReady);
  EXPECT_TRUE(window.enforced) << "clickstream's ts 30 taken before what orders brings after 20";
  EXPECT_EQ(window.records, 3u);
  queues[0].set_at_end(S::kOrders, true);
  ASSERT_EQ(choose_window(queues, records(3), true, window), WindowChoice::kReady);
  EXPECT_FALSE(window.enforced) << "both partitions at their end";

  std::deque<TaskQueue> starved(1);
  starved[0].push(service_test::queued(S::kClickstream, 10, 0));
  starved[0].set_at_end(S::kClickstream, true);
  ASSERT_EQ(choose_window(starved, records(3), true, window), WindowChoice::kReady);
  EXPECT_TRUE(window.enforced) << "orders had nothing buffered";
}

// A window also ends where its records would span more than max_span of event time: a record
// forwarded in it reaches its owner at most that far behind the owner's clock.
TEST(InstanceWindow, AWindowSpansAtMostMaxSpanOfEventTime) {
  std::deque<TaskQueue> queues(2);
  queues[0].push(
      service_test::queued(S::kClickstream, std::numeric_limits<TimeMs>::min(), 0));  // undecodable
  queues[0].push(service_test::queued(S::kClickstream, 1000, 1));
  queues[0].push(service_test::queued(S::kClickstream, 1500, 2));
  queues[1].push(service_test::queued(S::kOrders, 1100, 0));
  queues[1].push(service_test::queued(S::kOrders, 1501, 1));
  end_inputs(queues[0]);
  end_inputs(queues[1]);
  const auto taken = next_window(queues, WindowLimits{100, 500});
  EXPECT_EQ(order(taken[0]),
            (Picks{{S::kClickstream, 0}, {S::kClickstream, 1}, {S::kClickstream, 2}}));
  EXPECT_EQ(order(taken[1]), (Picks{{S::kOrders, 0}})) << "1501 is past 1000 + 500";
}

TEST(WindowChooser, WaitsForAStarvedPartitionUpToMaxIdle) {
  std::deque<TaskQueue> queues(1);
  queues[0].push(service_test::queued(S::kClickstream, 10, 0));
  WindowChooser chooser;
  Window window;
  const SteadyTime t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(chooser.choose(queues, records(100), t0, seconds(1), false, window),
            WindowChoice::kWaiting)
      << "orders may still bring an earlier event";
  EXPECT_EQ(chooser.choose(queues, records(100), t0 + milliseconds(999), seconds(1), false, window),
            WindowChoice::kWaiting);
  EXPECT_EQ(chooser.choose(queues, records(100), t0 + seconds(1), seconds(1), false, window),
            WindowChoice::kReady);
  EXPECT_EQ(window.records, 1u);
}

// The wait is once per spell of starvation, not once per window: a partition that stays starved
// (one no fetch reaches) does not hold the instance to one window per max_idle. A window chosen
// with no partition starved ends the spell.
TEST(WindowChooser, AStarvedSpellIsWaitedForOnce) {
  std::deque<TaskQueue> queues(1);
  for (std::int64_t i = 0; i < 4; ++i) queues[0].push(service_test::queued(S::kClickstream, i, i));
  WindowChooser chooser;
  Window window;
  const SteadyTime t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(chooser.choose(queues, records(1), t0, seconds(1), false, window),
            WindowChoice::kWaiting);
  ASSERT_EQ(chooser.choose(queues, records(1), t0 + seconds(1), seconds(1), false, window),
            WindowChoice::kReady);
  EXPECT_TRUE(window.enforced);
  take_window(queues, window);
  ASSERT_EQ(chooser.choose(queues, records(1), t0 + seconds(1), seconds(1), false, window),
            WindowChoice::kReady)
      << "the orders partition is still starved: no second wait";
  take_window(queues, window);
  queues[0].push(service_test::queued(S::kOrders, 1, 0));  // before the clickstream left
  ASSERT_EQ(chooser.choose(queues, records(1), t0 + seconds(2), seconds(1), false, window),
            WindowChoice::kReady);
  EXPECT_FALSE(window.enforced);
  take_window(queues, window);
  EXPECT_EQ(chooser.choose(queues, records(1), t0 + seconds(2), seconds(1), false, window),
            WindowChoice::kWaiting)
      << "orders ran out again: a new spell, a new wait";
}

// The wait starts when records are buffered, not while nothing is: a quiet spell longer than
// max_idle (before the first fetch, or at night) must not let the next burst of clickstream run
// ahead of the orders partition.
TEST(WindowChooser, AQuietSpellDoesNotUseUpTheWait) {
  std::deque<TaskQueue> queues(1);
  WindowChooser chooser;
  Window window;
  const SteadyTime t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(chooser.choose(queues, records(100), t0, seconds(1), false, window),
            WindowChoice::kNothing);
  queues[0].push(service_test::queued(S::kClickstream, 10, 0));
  EXPECT_EQ(chooser.choose(queues, records(100), t0 + seconds(5), seconds(1), false, window),
            WindowChoice::kWaiting)
      << "applied without waiting for the orders partition";
}

// Paused consumption (outputs backed up, or no broker reachable) is not idleness.
TEST(WindowChooser, APauseDoesNotCountAsIdle) {
  std::deque<TaskQueue> queues(1);
  queues[0].push(service_test::queued(S::kClickstream, 10, 0));
  WindowChooser chooser;
  Window window;
  const SteadyTime t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(chooser.choose(queues, records(100), t0, seconds(1), false, window),
            WindowChoice::kWaiting);
  EXPECT_EQ(chooser.choose(queues, records(100), t0 + seconds(5), seconds(1), true, window),
            WindowChoice::kWaiting);
  EXPECT_EQ(chooser.choose(queues, records(100), t0 + seconds(5) + milliseconds(999), seconds(1),
                           false, window),
            WindowChoice::kWaiting)
      << "the wait starts again when consumption resumes";
  EXPECT_EQ(chooser.choose(queues, records(100), t0 + seconds(6), seconds(1), false, window),
            WindowChoice::kReady);
}

}  // namespace
}  // namespace crm
