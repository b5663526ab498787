// Work the HTTP threads hand to the processing loop, for what must run on the loop's thread
// (an erasure goes through the task engine that owns the customer's state). An HTTP thread
// calls submit() and waits up to a timeout; the loop calls run_pending() between batches,
// which runs every queued callable in submission order.
// Threading: submit() from any number of threads; run_pending() from the loop thread only.
// A request that times out is abandoned: if the loop picks it up later it still runs (its
// outcome is dropped), so a callable must be safe to run late; close() makes later submits
// and the still-queued ones fail with "shutting down".
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>

#include "state/status.h"

namespace crm {

class LoopRequests {
 public:
  using Work = std::function<Status()>;

  // Queues `work` and waits for the loop to run it. IOError ("the processing loop did not
  // answer within 10 s") on timeout, or when closed.
  Status submit(Work work, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Runs what is queued; returns how many ran. Holds the queue's mutex only to take the queue.
  std::size_t run_pending();

  // Fails what is queued and every later submit (at shutdown, after the loop's last batch).
  void close();

 private:
  struct Item {
    Work work;
    std::promise<Status> result;
  };

  std::mutex mutex_;
  std::deque<std::unique_ptr<Item>> queue_;
  bool closed_ = false;
};

}  // namespace crm
