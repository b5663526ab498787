#include "processors/order_ledger.h"

#include <algorithm>

namespace crm {
namespace {

// The payment that counts: the earliest ts, ties the lowest event_id (events.md), so that the
// winner does not depend on which payment arrived first.
bool counts_before(TimeMs paid_at, std::string_view event_id, const Payment& current) {
  return paid_at != current.paid_at ? paid_at < current.paid_at : event_id < current.event_id;
}

// Two order_placed events for one order: the earliest counts; at equal ts the larger amount,
// an arbitrary but arrival-independent choice.
void place(OrderEntry& order, TimeMs placed_at, Money amount) {
  if (!order.placed_at || placed_at < *order.placed_at ||
      (placed_at == *order.placed_at && amount > order.placed_amount)) {
    order.placed_at = placed_at;
    order.placed_amount = amount;
  }
}

void pay(OrderEntry& order, TimeMs paid_at, std::string_view event_id, Money amount) {
  if (!order.payment || counts_before(paid_at, event_id, *order.payment)) {
    order.payment = Payment{paid_at, std::string(event_id), amount};
  }
}

void cancel(OrderEntry& order, TimeMs cancelled_at) {
  order.cancelled_at =
      order.cancelled_at ? std::min(*order.cancelled_at, cancelled_at) : cancelled_at;
}

OrderEntry& entry_for(Profile& profile, std::string_view order_id) {
  auto& orders = profile.orders;
  const auto it = std::lower_bound(
      orders.begin(), orders.end(), order_id,
      [](const OrderEntry& order, std::string_view id) { return order.order_id < id; });
  if (it != orders.end() && it->order_id == order_id) return *it;
  OrderEntry entry;
  entry.order_id = order_id;
  return *orders.insert(it, std::move(entry));
}

}  // namespace

std::optional<Purchase> purchase_of(const OrderEntry& order) {
  if (!order.payment || order.cancelled_at) return std::nullopt;
  const Money value = order.payment->amount - order.refunded;
  if (value <= 0) return std::nullopt;
  return Purchase{order.payment->paid_at, value};
}

const OrderEntry* find_order(const Profile& profile, std::string_view order_id) {
  const auto& orders = profile.orders;
  const auto it = std::lower_bound(
      orders.begin(), orders.end(), order_id,
      [](const OrderEntry& order, std::string_view id) { return order.order_id < id; });
  return it != orders.end() && it->order_id == order_id ? &*it : nullptr;
}

bool apply_to_ledger(Profile& profile, const Event& event) {
  switch (event.type) {
    case EventType::kOrderPlaced:
    case EventType::kOrderPaid:
    case EventType::kOrderRefunded:
    case EventType::kOrderCancelled:
      break;
    default:
      return false;  // shipped, delivered: counters only
  }
  OrderEntry& order = entry_for(profile, event.order_id);
  const std::optional<Purchase> before = purchase_of(order);
  const Money amount = event.amount.value_or(0);
  switch (event.type) {
    case EventType::kOrderPlaced:
      place(order, event.ts, amount);
      break;
    case EventType::kOrderPaid:
      pay(order, event.ts, event.event_id, amount);
      break;
    case EventType::kOrderRefunded:
      order.refunded += amount;
      break;
    default:
      cancel(order, event.ts);
      break;
  }
  if (purchase_of(order) == before) return false;
  rebuild_purchases(profile);
  return true;
}

void merge_order(OrderEntry& into, const OrderEntry& from) {
  if (from.placed_at) place(into, *from.placed_at, from.placed_amount);
  if (from.payment) pay(into, from.payment->paid_at, from.payment->event_id, from.payment->amount);
  into.refunded += from.refunded;
  if (from.cancelled_at) cancel(into, *from.cancelled_at);
  into.reminder_sent = into.reminder_sent || from.reminder_sent;
}

void merge_ledger(Profile& into, const Profile& from) {
  if (from.orders.empty()) return;
  for (const OrderEntry& order : from.orders) merge_order(entry_for(into, order.order_id), order);
  rebuild_purchases(into);
}

void rebuild_purchases(Profile& profile) {
  auto& purchases = profile.purchases;
  purchases.clear();
  profile.monetary_lifetime = 0;
  // The ledger is sorted by order_id and the sort is stable: equal paid_at keep order_id order.
  for (const OrderEntry& order : profile.orders) {
    if (const auto purchase = purchase_of(order)) {
      purchases.push_back(*purchase);
      profile.monetary_lifetime += purchase->value;
    }
  }
  std::stable_sort(purchases.begin(), purchases.end(),
                   [](const Purchase& a, const Purchase& b) { return a.paid_at < b.paid_at; });
}

}  // namespace crm
