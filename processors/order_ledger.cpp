#include "processors/order_ledger.h"

#include <algorithm>
#include <tuple>

#include "processors/experiments.h"
#include "processors/fold.h"
#include "processors/saturating_add.h"

namespace crm {
namespace {

auto items_order(const OrderItems& items) {
  return std::tie(items.rank, items.ts, items.event_hash);
}

// The items of the order's first item-carrying order_placed or order_paid (OrderItems). Returns
// whether they changed.
bool take_items(OrderEntry& order, OrderItems candidate) {
  if (order.items && !(items_order(candidate) < items_order(*order.items))) return false;
  order.items = std::move(candidate);
  return true;
}

OrderItems items_of(const Event& event) {
  OrderItems items;
  items.rank = event.type == EventType::kOrderPlaced ? 0 : 1;
  items.ts = event.ts;
  items.event_hash = fnv1a_64(event.event_id);
  for (const OrderItem& item : event.items) {
    if (!item.category.empty()) add_count(items.categories, item.category, 1, kMaxCategories);
  }
  return items;
}

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
  bool items_changed = false;
  if (!event.items.empty() &&
      (event.type == EventType::kOrderPlaced || event.type == EventType::kOrderPaid)) {
    items_changed = take_items(order, items_of(event));
  }
  switch (event.type) {
    case EventType::kOrderPlaced:
      place(order, event.ts, amount);
      break;
    case EventType::kOrderPaid:
      pay(order, event.ts, event.event_id, amount);
      break;
    case EventType::kOrderRefunded:
      order.refunded = saturating_add(order.refunded, amount);
      break;
    default:
      cancel(order, event.ts);
      break;
  }
  const std::optional<Purchase> after = purchase_of(order);
  if (after == before) {
    // What a purchase bought still counts (categories_bought), even when its value did not move.
    if (items_changed && after) rebuild_purchases(profile);
    return false;
  }
  rebuild_purchases(profile);
  return true;
}

void merge_order(OrderEntry& into, const OrderEntry& from) {
  if (from.placed_at) place(into, *from.placed_at, from.placed_amount);
  if (from.payment) pay(into, from.payment->paid_at, from.payment->event_id, from.payment->amount);
  into.refunded = saturating_add(into.refunded, from.refunded);
  if (from.cancelled_at) cancel(into, *from.cancelled_at);
  into.reminder_sent = into.reminder_sent || from.reminder_sent;
  if (from.items) take_items(into, *from.items);
}

void merge_ledger(Profile& into, const Profile& from) {
  if (from.orders.empty() && from.legacy_categories_bought.empty()) return;
  for (const OrderEntry& order : from.orders) merge_order(entry_for(into, order.order_id), order);
  merge_counts(into.legacy_categories_bought, from.legacy_categories_bought, kMaxCategories);
  rebuild_purchases(into);
}

void rebuild_purchases(Profile& profile) {
  auto& purchases = profile.purchases;
  purchases.clear();
  profile.monetary_lifetime = 0;
  profile.categories_bought = profile.legacy_categories_bought;
  // The ledger is sorted by order_id and the sort is stable: equal paid_at keep order_id order.
  for (const OrderEntry& order : profile.orders) {
    if (const auto purchase = purchase_of(order)) {
      purchases.push_back(*purchase);
      profile.monetary_lifetime = saturating_add(profile.monetary_lifetime, purchase->value);
      if (order.items)
        merge_counts(profile.categories_bought, order.items->categories, kMaxCategories);
    }
  }
  std::stable_sort(purchases.begin(), purchases.end(),
                   [](const Purchase& a, const Purchase& b) { return a.paid_at < b.paid_at; });
}

}  // namespace crm
