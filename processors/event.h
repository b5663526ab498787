// A validated input event (events.md). Produced by ingest/ (the decoder), consumed by the
// customer model. Strings are views: into the message bytes or into the decoder's arena,
// valid until that arena is reset (one batch). The model copies what it keeps.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "processors/money.h"
#include "processors/time.h"

namespace crm {

enum class EventType : std::uint8_t {
  kPageView,
  kProductView,
  kSearch,
  kAddToCart,
  kRemoveFromCart,
  kFavorite,
  kSignup,
  kLogin,
  kInquiry,
  kOrderPlaced,
  kOrderPaid,
  kOrderShipped,
  kOrderDelivered,
  kOrderCancelled,
  kOrderRefunded,
};
inline constexpr int kEventTypeCount = 15;

// The wire name ("page_view", "order_paid", ...).
std::string_view to_string(EventType type);
// The type named by a wire name, or nullopt for an unknown one.
std::optional<EventType> parse_event_type(std::string_view name);

constexpr bool is_order_event(EventType type) {
  return type >= EventType::kOrderPlaced;
}

// One element of an order's optional `items` array.
struct OrderItem {
  std::string_view product_id;
  std::string_view category;  // empty = absent
  std::int64_t quantity = 1;
  std::optional<Money> price;
};

struct Event {
  std::string_view event_id;
  EventType type = EventType::kPageView;
  TimeMs ts = 0;

  // Ids: 1..128 bytes when present, so empty means absent.
  std::string_view customer_id;
  std::string_view anonymous_id;
  std::optional<std::string_view> session_id;  // any string, "" included
  std::string_view channel = "unknown";

  // Type-specific fields; empty / nullopt = absent.
  std::string_view order_id;
  std::string_view product_id;
  std::string_view category;
  std::string_view page;
  std::string_view query;
  std::string_view topic;
  std::optional<Money> amount;  // in the configured currency, converted exactly
  std::optional<Money> price;
  std::int64_t quantity = 1;  // add_to_cart
  std::optional<std::int64_t> dwell_ms;
  std::span<const OrderItem> items;  // orders only

  // The customer key (events.md): customer_id, else anonymous_id.
  std::string_view customer_key() const { return customer_id.empty() ? anonymous_id : customer_id; }
  bool is_customer() const { return !customer_id.empty(); }
};

}  // namespace crm
