#include "observability/loop_requests.h"

#include <exception>
#include <string>
#include <utility>

namespace crm {

Status LoopRequests::submit(Work work, std::chrono::milliseconds timeout) {
  auto item = std::make_unique<Item>();
  item->work = std::move(work);
  std::future<Status> result = item->result.get_future();
  {
    const std::lock_guard lock(mutex_);
    if (closed_) return Status::io_error("the processing loop is shutting down");
    queue_.push_back(std::move(item));
  }
  if (result.wait_for(timeout) != std::future_status::ready) {
    return Status::io_error("the processing loop did not answer within " +
                            std::to_string(timeout.count()) + " ms");
  }
  return result.get();
}

std::size_t LoopRequests::run_pending() {
  std::deque<std::unique_ptr<Item>> taken;
  {
    const std::lock_guard lock(mutex_);
    taken.swap(queue_);
  }
  for (const auto& item : taken) {
    try {
      item->result.set_value(item->work());
    } catch (const std::exception& error) {
      item->result.set_value(Status::io_error(error.what()));
    }
  }
  return taken.size();
}

void LoopRequests::close() {
  std::deque<std::unique_ptr<Item>> taken;
  {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    taken.swap(queue_);
  }
  for (const auto& item : taken) {
    item->result.set_value(Status::io_error("the processing loop is shutting down"));
  }
}

}  // namespace crm
