// What the generator remembers between events: one Shopper per customer (memory proportional to
// customers is the budget) and the orders that still have events queued (freed when the last one
// is written, so memory does not grow with the number of events).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "generator/persona.h"
#include "processors/time.h"

namespace crm {

inline constexpr std::array<std::string_view, 4> kChannels = {"web", "mobile_web", "app",
                                                              "mini_program"};
inline constexpr std::uint8_t kNoChannel = 0xFF;  // the event carries no `channel`
inline constexpr std::uint8_t kMaxDevices = 8;

struct Shopper {
  TimeMs next_purchase_at = 0;
  std::uint32_t sessions = 0;       // sessions started: numbers the session ids
  std::int16_t purchases_left = 0;  // orders before the persona stops buying; -1 = never stops
  std::uint8_t visits_left = 0;     // anonymous visits before a signup, or last browsing visits
  Persona persona = Persona::kRegular;
  std::uint8_t channel = 0;   // preferred, an index into kChannels
  std::uint8_t category = 0;  // favourite
  std::uint8_t hour = 20;     // preferred hour of the day, UTC
  std::uint8_t devices = 1;   // anonymous ids in use: device 0 .. devices - 1
  bool registered = false;    // events may carry the shopper's customer_id
  bool returned = false;      // churn_and_return: the long silence is behind
};

struct OrderLine {
  std::uint32_t product = 0;
  std::uint16_t quantity = 1;
};

struct Order {
  static constexpr int kMaxLines = 10;

  std::uint64_t number = 0;  // order_id
  std::uint16_t queued = 0;  // events of the order still in the queue
  std::uint8_t line_count = 0;
  std::array<OrderLine, kMaxLines> lines{};
};

// Orders by slot; a slot is reused once no queued event refers to it.
class OrderBook {
 public:
  std::uint32_t open() {
    if (free_.empty()) {
      orders_.emplace_back();
      return static_cast<std::uint32_t>(orders_.size() - 1);
    }
    const std::uint32_t slot = free_.back();
    free_.pop_back();
    orders_[slot] = Order{};
    return slot;
  }
  Order& operator[](std::uint32_t slot) { return orders_[slot]; }
  const Order& operator[](std::uint32_t slot) const { return orders_[slot]; }
  // One queued event of the order left the queue.
  void release(std::uint32_t slot) {
    if (--orders_[slot].queued == 0) free_.push_back(slot);
  }
  // An order none of whose events made it into the queue (all after the end of the span).
  void discard_if_unqueued(std::uint32_t slot) {
    if (orders_[slot].queued == 0) free_.push_back(slot);
  }

 private:
  std::vector<Order> orders_;
  std::vector<std::uint32_t> free_;
};

}  // namespace crm
