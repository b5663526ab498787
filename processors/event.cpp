#include "processors/event.h"

#include <array>

namespace crm {
namespace {

constexpr std::array<std::string_view, kEventTypeCount> kEventTypeNames = {
    "page_view",  "product_view",  "search",          "add_to_cart",     "remove_from_cart",
    "favorite",   "signup",        "login",           "inquiry",         "order_placed",
    "order_paid", "order_shipped", "order_delivered", "order_cancelled", "order_refunded",
};

}  // namespace

std::string_view to_string(EventType type) {
  return kEventTypeNames[static_cast<int>(type)];
}

std::optional<EventType> parse_event_type(std::string_view name) {
  for (int i = 0; i < kEventTypeCount; ++i) {
    if (kEventTypeNames[i] == name) return static_cast<EventType>(i);
  }
  return std::nullopt;
}

}  // namespace crm
