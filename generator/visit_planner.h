// Decides what each shopper does, one visit at a time, by persona: the clicks of a visit, the
// order it may place with that order's later life (payment, shipping, refunds, cancellations),
// and when the shopper comes back. Everything decided is put in the EventQueue with its ts.
// Not thread-safe: one planner per generator.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "generator/catalog.h"
#include "generator/event_queue.h"
#include "generator/random.h"
#include "generator/shop_state.h"

namespace crm {

class VisitPlanner {
 public:
  VisitPlanner(const Catalog& catalog, std::vector<Shopper>& shoppers, OrderBook& orders,
               EventQueue& queue, SplitMix64& rng);

  // Sets shopper `id` up as `persona` and queues its first visit, within [start, start + span).
  void enroll(std::uint32_t id, Persona persona, TimeMs start, TimeMs span);
  // Plans the visit of shopper `id` that starts at `start`, and queues the shopper's next one.
  void plan_visit(std::uint32_t id, TimeMs start);

 private:
  struct Visit;

  void click(Visit& visit, EventType type, std::uint32_t detail, std::int32_t number);
  void view_products(Visit& visit, std::vector<std::uint32_t>& viewed);
  // Adds the basket to the cart; returns the order lines it makes.
  std::span<const OrderLine> fill_cart(Visit& visit, std::span<const std::uint32_t> viewed);
  void place_order(const Visit& visit, std::span<const OrderLine> lines);
  void queue_order_event(const Visit& visit, std::uint32_t slot, EventType type, TimeMs ts,
                         Money amount);
  void schedule_next_visit(std::uint32_t id, TimeMs end, bool ordered, bool left_cart);
  void queue_visit(std::uint32_t id, TimeMs start);
  // The first moment at or after `t` near the shopper's favourite hour of the day.
  TimeMs at_favourite_hour(const Shopper& shopper, TimeMs t);
  std::uint32_t pick_product(const Shopper& shopper);

  const Catalog& catalog_;
  std::vector<Shopper>& shoppers_;
  OrderBook& orders_;
  EventQueue& queue_;
  SplitMix64& rng_;
  std::uint64_t order_numbers_ = 0;  // handed out so far
  // Reused across visits.
  std::vector<std::uint32_t> viewed_;
  std::vector<OrderLine> lines_;
};

}  // namespace crm
