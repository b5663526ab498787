// service/worker_pool.h: every job runs exactly once per run(), on several threads when there
// are, and run() returns only after all of them.
#include "service/worker_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

namespace crm {
namespace {

TEST(WorkerPool, RunsEveryJobOnceAndReturnsAfterTheLast) {
  WorkerPool pool(3);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::atomic<int>> runs(37);
    pool.run(runs.size(), [&](std::size_t job, std::size_t) {
      if (job % 5 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      runs[job].fetch_add(1);
    });
    for (std::size_t job = 0; job < runs.size(); ++job) {
      ASSERT_EQ(runs[job].load(), 1) << "job " << job << " of round " << round;
    }
  }
}

TEST(WorkerPool, SpreadsJobsOverItsThreadsAndTheCallers) {
  WorkerPool pool(2);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  // Each job waits until three threads hold one, so the run completes only if three take part.
  std::atomic<int> started{0};
  pool.run(3, [&](std::size_t, std::size_t) {
    started.fetch_add(1);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (started.load() < 3 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    const std::lock_guard lock(mutex);
    threads.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(threads.size(), 3u);
  EXPECT_TRUE(threads.contains(std::this_thread::get_id()));
}

TEST(WorkerPool, WithoutThreadsTheCallerRunsTheJobsInOrder) {
  WorkerPool pool(0);
  std::vector<std::size_t> order;
  pool.run(4, [&](std::size_t job, std::size_t thread) {
    EXPECT_EQ(thread, 0u);
    order.push_back(job);
  });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace crm
