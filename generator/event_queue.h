// The events the shop has planned but not yet written, ordered by when they leave: by emit_at,
// then insertion order, so that equal times leave in a deterministic order. A session is
// planned whole when it starts, an order's later events when it is placed, so the queue holds a few
// entries per shopper, never the whole stream.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "processors/event.h"
#include "processors/money.h"
#include "processors/time.h"

namespace crm {

enum class PendingKind : std::uint8_t {
  kEvent,         // an event to render and write
  kSessionStart,  // the shopper's next visit: planned when it leaves the queue
  kCopy,          // a duplicate of an event already written, resent as the same bytes
};

// Which optional parts an event carries.
enum PendingFlags : std::uint8_t {
  kWithCustomer = 1,
  kWithAnonymous = 2,
  kWithSession = 4,
  kDeferred = 8,  // already held back as a late event: never held back twice
};

struct PendingEvent {
  TimeMs emit_at = 0;  // when it leaves the queue: ts, or later for a late event or a copy
  TimeMs ts = 0;
  std::uint64_t seq = 0;  // set by the queue: equal emit_at leave first in, first out
  Money amount = 0;       // order_placed, order_paid, order_refunded
  std::uint32_t shopper = 0;
  std::uint32_t session = 0;  // the shopper's session number, for session_id
  std::uint32_t detail = 0;   // product, page, query or topic index; order slot; copy slot
  std::int32_t number = -1;   // dwell_ms or quantity; -1 = absent
  PendingKind kind = PendingKind::kEvent;
  EventType type = EventType::kPageView;
  std::uint8_t channel = 0;
  std::uint8_t device = 0;
  std::uint8_t flags = 0;
};

class EventQueue {
 public:
  // Nothing outside [start, end) is queued: the span of event time.
  EventQueue(TimeMs start, TimeMs end)
      : start_(start),
        end_(end),
        bucket_ms_(std::max<TimeMs>(kMinBucketMs, (end - start) / kMaxBuckets + 1)),
        buckets_(static_cast<std::size_t>((end - start) / bucket_ms_ + 1)) {}

  TimeMs end() const { return end_; }
  bool empty() const { return size_ == 0; }

  // Queues `event` unless it would leave outside the span; returns whether it was queued.
  // REQUIRES: event.emit_at is not before that of the last event popped.
  bool push(PendingEvent event) {
    if (event.emit_at < start_ || event.emit_at >= end_) return false;
    event.seq = next_seq_++;
    ++size_;
    const std::size_t bucket = bucket_of(event.emit_at);
    if (bucket > current_) {
      buckets_[bucket].push_back(event);
      return true;
    }
    heap_.push_back(event);
    std::push_heap(heap_.begin(), heap_.end(), LeavesLater{});
    return true;
  }
  // REQUIRES: !empty()
  PendingEvent pop() {
    if (heap_.empty()) open_next_bucket();
    std::pop_heap(heap_.begin(), heap_.end(), LeavesLater{});
    const PendingEvent event = heap_.back();
    heap_.pop_back();
    --size_;
    return event;
  }

 private:
  // A calendar queue: events due in the bucket of time being written are in a heap, later ones
  // wait unsorted in their bucket. With one pending visit per shopper, a single heap would hold
  // every customer and spend the generator's time on cache misses; this one holds about a
  // bucket's worth, and the pop order is the same: every event in a later bucket leaves after
  // every event in the heap.
  static constexpr TimeMs kMinBucketMs = 10 * kMinuteMs;
  static constexpr TimeMs kMaxBuckets = 100'000;

  struct LeavesLater {
    bool operator()(const PendingEvent& a, const PendingEvent& b) const {
      return a.emit_at != b.emit_at ? a.emit_at > b.emit_at : a.seq > b.seq;
    }
  };

  std::size_t bucket_of(TimeMs t) const {
    return static_cast<std::size_t>((t - start_) / bucket_ms_);
  }

  void open_next_bucket() {
    do {
      ++current_;
    } while (buckets_[current_].empty());
    heap_.swap(buckets_[current_]);
    std::vector<PendingEvent>().swap(buckets_[current_]);  // a bucket in the past: free it
    std::make_heap(heap_.begin(), heap_.end(), LeavesLater{});
  }

  TimeMs start_;
  TimeMs end_;
  TimeMs bucket_ms_;
  std::vector<std::vector<PendingEvent>> buckets_;
  std::size_t current_ = 0;  // the bucket whose events are in heap_
  std::vector<PendingEvent> heap_;
  std::size_t size_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace crm
