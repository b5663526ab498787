#include "service/task_queue.h"

#include <tuple>

namespace crm {

InputRecord QueuedRecord::input() const {
  if (forwarded) return forwarded->input();
  return InputRecord{
      std::string_view(static_cast<const char*>(message->payload()), message->len()),
      message->key_pointer() != nullptr
          ? std::string_view(static_cast<const char*>(message->key_pointer()), message->key_len())
          : std::string_view(),
      KafkaPosition{topic, message->partition(), message->offset()}};
}

void TaskQueue::push(QueuedRecord record) {
  const auto index = static_cast<std::size_t>(record.source);
  if (record.source != InputSource::kForwarded) at_end_[index] = false;
  sources_[index].push_back(std::move(record));
}

void TaskQueue::set_at_end(InputSource source, bool at_end) {
  if (source != InputSource::kForwarded) at_end_[static_cast<std::size_t>(source)] = at_end;
}

void TaskQueue::drop(InputSource source) {
  const auto index = static_cast<std::size_t>(source);
  sources_[index].clear();
  if (source != InputSource::kForwarded) at_end_[index] = false;
}

std::size_t TaskQueue::buffered() const {
  std::size_t total = 0;
  for (const auto& source : sources_) total += source.size();
  return total;
}

void TaskQueue::take(SteadyTime now, std::chrono::milliseconds max_idle, std::size_t max,
                     std::vector<QueuedRecord>& out) {
  for (std::size_t taken = 0; taken < max; ++taken) {
    if (buffered() == 0) {  // nothing to apply: nothing is waiting either
      waiting_since_.reset();
      return;
    }
    bool starved = false;  // an input partition may still bring an earlier event
    for (std::size_t i = 0; i < at_end_.size(); ++i) {
      if (sources_[i].empty() && !at_end_[i]) starved = true;
    }
    if (starved) {
      if (!waiting_since_) waiting_since_ = now;
      if (now - *waiting_since_ < max_idle) return;
    } else {
      waiting_since_.reset();
    }
    std::deque<QueuedRecord>* next = nullptr;
    for (auto& source : sources_) {
      if (source.empty()) continue;
      const QueuedRecord& head = source.front();
      if (next == nullptr ||
          std::tie(head.ts, head.source, head.offset) <
              std::tie(next->front().ts, next->front().source, next->front().offset)) {
        next = &source;
      }
    }
    if (next == nullptr) return;
    out.push_back(std::move(next->front()));
    next->pop_front();
  }
}

}  // namespace crm
