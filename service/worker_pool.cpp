#include "service/worker_pool.h"

namespace crm {

WorkerPool::WorkerPool(std::size_t threads) {
  threads_.reserve(threads);
  for (std::size_t i = 1; i <= threads; ++i) threads_.emplace_back([this, i] { work(i); });
}

WorkerPool::~WorkerPool() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::run(std::size_t jobs, const Job& job) {
  if (jobs <= 1 || threads_.empty()) {  // no hand-over for what one thread does anyway
    for (std::size_t i = 0; i < jobs; ++i) job(i, 0);
    return;
  }
  {
    const std::lock_guard lock(mutex_);
    job_ = &job;
    jobs_ = jobs;
    next_job_.store(0);
    working_ = threads_.size();
    ++generation_;
  }
  wake_.notify_all();
  take_jobs(0);
  std::unique_lock lock(mutex_);
  done_.wait(lock, [this] { return working_ == 0; });
  job_ = nullptr;
}

void WorkerPool::take_jobs(std::size_t thread) {
  for (std::size_t i = next_job_.fetch_add(1); i < jobs_; i = next_job_.fetch_add(1)) {
    (*job_)(i, thread);
  }
}

void WorkerPool::work(std::size_t thread) {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
    }
    take_jobs(thread);
    const std::lock_guard lock(mutex_);
    if (--working_ == 0) done_.notify_one();
  }
}

}  // namespace crm
