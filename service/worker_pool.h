// A fixed set of threads that, with the calling thread, run the jobs of one call at a time:
// the loop applies the independent task groups of a window on them (service/window_groups.h).
// REQUIRES: run() from one thread at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace crm {

class WorkerPool {
 public:
  // `threads` besides the caller's; 0 runs every job on the caller's thread.
  explicit WorkerPool(std::size_t threads);
  // The caller's thread and the pool's: what a job's second argument ranges over.
  std::size_t threads() const { return threads_.size() + 1; }
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Calls job(0, t), ..., job(jobs - 1, t), each once, on any of the threads, and returns when
  // all have returned; t is the thread running it (0: the caller's, up to threads() - 1), so a
  // job may use per-thread scratch without locks. Jobs are taken in index order.
  using Job = std::function<void(std::size_t job, std::size_t thread)>;
  void run(std::size_t jobs, const Job& job);

 private:
  void work(std::size_t thread);
  void take_jobs(std::size_t thread);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const Job* job_ = nullptr;
  std::size_t jobs_ = 0;
  std::atomic<std::size_t> next_job_{0};
  std::uint64_t generation_ = 0;  // one per run(): a worker takes part in each once
  std::size_t working_ = 0;       // workers still in the current run()
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace crm
