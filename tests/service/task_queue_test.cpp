// A task's input queue (events.md "Keys, partitions and tasks"): ts order of the heads, ties
// clickstream < orders < forwarded, and the max_task_idle wait for a silent input partition.
#include "service/task_queue.h"

#include <gtest/gtest.h>

namespace crm {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

QueuedRecord record(InputSource source, TimeMs ts, std::int64_t offset) {
  QueuedRecord r;
  r.source = source;
  r.ts = ts;
  r.offset = offset;
  return r;
}

std::vector<std::pair<InputSource, std::int64_t>> order(const std::vector<QueuedRecord>& taken) {
  std::vector<std::pair<InputSource, std::int64_t>> out;
  for (const QueuedRecord& r : taken) out.emplace_back(r.source, r.offset);
  return out;
}

TEST(TaskQueue, AppliesTheLowestTsOfTheHeadsWithTiesByStream) {
  TaskQueue queue;
  queue.push(record(InputSource::kClickstream, 10, 0));
  queue.push(record(InputSource::kClickstream, 30, 1));
  queue.push(record(InputSource::kOrders, 10, 0));
  queue.push(record(InputSource::kOrders, 20, 1));
  queue.push(record(InputSource::kForwarded, 10, 7));
  queue.set_at_end(InputSource::kClickstream, true);
  queue.set_at_end(InputSource::kOrders, true);
  std::vector<QueuedRecord> taken;
  queue.take(std::chrono::steady_clock::now(), seconds(1), 100, taken);
  using S = InputSource;
  EXPECT_EQ(order(taken), (std::vector<std::pair<S, std::int64_t>>{{S::kClickstream, 0},
                                                                   {S::kOrders, 0},
                                                                   {S::kForwarded, 7},
                                                                   {S::kOrders, 1},
                                                                   {S::kClickstream, 1}}));
  EXPECT_EQ(queue.buffered(), 0u);
}

TEST(TaskQueue, WaitsForASilentPartitionUpToMaxIdle) {
  TaskQueue queue;
  const SteadyTime t0 = std::chrono::steady_clock::now();
  queue.push(record(InputSource::kClickstream, 10, 0));
  std::vector<QueuedRecord> taken;
  queue.take(t0, seconds(1), 100, taken);
  EXPECT_TRUE(taken.empty()) << "orders may still bring an earlier event";
  queue.take(t0 + milliseconds(999), seconds(1), 100, taken);
  EXPECT_TRUE(taken.empty());
  queue.take(t0 + seconds(1), seconds(1), 100, taken);
  EXPECT_EQ(taken.size(), 1u);
}

// The wait starts when records are buffered, not while the queue is empty: a task that was idle
// for longer than max_idle (before its first fetch, or in a quiet spell) still waits for the
// other partition when a burst arrives from one partition first. Before the fix the idle timer
// started at the first take() of an empty queue, so after any quiet second the orders partition
// was never waited for and a signup could be applied after a later order_placed.
TEST(TaskQueue, AQuietSpellDoesNotUseUpTheWait) {
  TaskQueue queue;
  const SteadyTime t0 = std::chrono::steady_clock::now();
  std::vector<QueuedRecord> taken;
  queue.take(t0, seconds(1), 100, taken);  // nothing yet: the loop turns
  EXPECT_TRUE(taken.empty());
  queue.push(record(InputSource::kClickstream, 10, 0));
  queue.take(t0 + seconds(5), seconds(1), 100, taken);
  EXPECT_TRUE(taken.empty()) << "applied without waiting for the orders partition";
  queue.push(record(InputSource::kOrders, 5, 0));
  queue.take(t0 + seconds(5) + milliseconds(10), seconds(1), 100, taken);
  ASSERT_EQ(taken.size(), 1u);  // then clickstream is starved (not at its end) again
  EXPECT_EQ(taken[0].source, InputSource::kOrders);
}

}  // namespace
}  // namespace crm
