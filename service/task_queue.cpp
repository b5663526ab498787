#include "service/task_queue.h"

#include <algorithm>

namespace crm {
namespace {

std::size_t index_of(InputSource source) {
  return static_cast<std::size_t>(source);
}

}  // namespace

InputRecord QueuedRecord::input() const {
  if (forwarded) return forwarded->input();
  return InputRecord{
      std::string_view(static_cast<const char*>(message->payload()), message->len()),
      message->key_pointer() != nullptr
          ? std::string_view(static_cast<const char*>(message->key_pointer()), message->key_len())
          : std::string_view(),
      KafkaPosition{topic, message->partition(), message->offset()}, std::nullopt, for_visitor};
}

std::tuple<TimeMs, TaskId, std::int64_t> QueuedRecord::forward_order() const {
  return {ts, forwarded ? forwarded->source : TaskId{0}, offset};
}

void TaskQueue::push(QueuedRecord record) {
  auto& queue = sources_[index_of(record.source)];
  if (record.source != InputSource::kForwarded) {
    at_end_[index_of(record.source)] = false;
    queue.push_back(std::move(record));
    return;
  }
  // Forwards mostly arrive in ts order: the search ends near the back.
  const auto place = std::upper_bound(queue.begin(), queue.end(), record,
                                      [](const QueuedRecord& a, const QueuedRecord& b) {
                                        return a.forward_order() < b.forward_order();
                                      });
  queue.insert(place, std::move(record));
}

void TaskQueue::set_at_end(InputSource source, bool at_end) {
  if (source != InputSource::kForwarded) at_end_[index_of(source)] = at_end;
}

bool TaskQueue::at_end(InputSource source) const {
  return source == InputSource::kForwarded || at_end_[index_of(source)];
}

void TaskQueue::drop(InputSource source) {
  sources_[index_of(source)].clear();
  if (source != InputSource::kForwarded) at_end_[index_of(source)] = false;
}

std::size_t TaskQueue::buffered() const {
  std::size_t total = 0;
  for (const auto& source : sources_) total += source.size();
  return total;
}

std::size_t TaskQueue::buffered(InputSource source) const {
  return sources_[index_of(source)].size();
}

const QueuedRecord& TaskQueue::at(InputSource source, std::size_t index) const {
  return sources_[index_of(source)][index];
}

QueuedRecord TaskQueue::pop(InputSource source) {
  auto& queue = sources_[index_of(source)];
  QueuedRecord record = std::move(queue.front());
  queue.pop_front();
  return record;
}

QueuedRecord TaskQueue::pop_at(InputSource source, std::size_t index) {
  auto& queue = sources_[index_of(source)];
  const auto place = queue.begin() + static_cast<std::ptrdiff_t>(index);
  QueuedRecord record = std::move(*place);
  queue.erase(place);
  return record;
}

}  // namespace crm
