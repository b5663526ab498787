// The events the shop has planned but not yet written, ordered by when they leave: a min-heap on
// (emit_at, insertion order). A session is planned whole when it starts, an order's later events
// when it is placed, so the queue holds a few entries per shopper, never the whole stream.
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
  std::uint64_t seq = 0;  // insertion order: equal emit_at leave first in, first out
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
  // Nothing at or after `end` is queued: the span of event time ends there.
  explicit EventQueue(TimeMs end) : end_(end) {}

  TimeMs end() const { return end_; }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

  // Queues `event` unless it would leave at or after the end; returns whether it was queued.
  bool push(PendingEvent event) {
    if (event.emit_at >= end_) return false;
    event.seq = next_seq_++;
    heap_.push_back(event);
    std::push_heap(heap_.begin(), heap_.end(), LeavesLater{});
    return true;
  }
  PendingEvent pop() {
    std::pop_heap(heap_.begin(), heap_.end(), LeavesLater{});
    const PendingEvent event = heap_.back();
    heap_.pop_back();
    return event;
  }

 private:
  struct LeavesLater {
    bool operator()(const PendingEvent& a, const PendingEvent& b) const {
      return a.emit_at != b.emit_at ? a.emit_at > b.emit_at : a.seq > b.seq;
    }
  };

  TimeMs end_;
  std::uint64_t next_seq_ = 0;
  std::vector<PendingEvent> heap_;
};

}  // namespace crm
