#include "processors/identity.h"

#include <algorithm>
#include <iterator>

#include "processors/dedupe.h"
#include "processors/fold.h"
#include "processors/order_ledger.h"
#include "processors/saturating_add.h"

namespace crm {
namespace {

void merge_visits(std::vector<std::uint64_t>& into, const std::vector<std::uint64_t>& from) {
  std::vector<std::uint64_t> merged;
  merged.reserve(into.size() + from.size());
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(merged));
  into = std::move(merged);
}

// The carts add up, as if the visitor's adds had been the customer's: an order the customer
// placed at or after an item's add checked it out. The merged cart is a new cart
// (cart_abandoned re-armed) only if the customer's was empty: once per cart otherwise.
void merge_cart(Profile& customer, const Profile& visitor) {
  // As if the visitor's cart edits had been the customer's: its removals count for later adds,
  // and the customer's orders and removals for its items.
  for (const CartRemoval& removal : visitor.cart_removals) {
    remember_removal(customer.cart_removals, removal.product_id, removal.removed_at);
  }
  std::vector<CartItem> open;
  for (const CartItem& item : visitor.cart) {
    if (!checked_out_later(customer, item.added_at) &&
        !removed_later(customer, item.product_id, item.added_at)) {
      open.push_back(item);
    }
  }
  if (open.empty()) return;
  // The visitor's last add, unless the item it added was checked out: then that of the rest.
  TimeMs last_add = visitor.last_cart_add;
  if (open.size() < visitor.cart.size()) {
    last_add = open.front().added_at;
    for (const CartItem& item : open) last_add = std::max(last_add, item.added_at);
  }
  if (customer.cart.empty()) {
    customer.cart_abandoned_sent = false;
    customer.last_cart_add = last_add;
  } else {
    customer.last_cart_add = std::max(customer.last_cart_add, last_add);
  }
  for (const CartItem& item : open) {
    const auto it =
        std::find_if(customer.cart.begin(), customer.cart.end(),
                     [&item](const CartItem& c) { return c.product_id == item.product_id; });
    if (it == customer.cart.end()) {
      customer.cart.push_back(item);
      continue;
    }
    it->quantity = saturating_add(it->quantity, item.quantity);
    // The latest add's price is the one the shopper saw last.
    if (item.added_at >= it->added_at && item.price) it->price = item.price;
    if (!it->price) it->price = item.price;
    it->added_at = std::max(it->added_at, item.added_at);
  }
}

}  // namespace

void merge_visitor(Profile& customer, const Profile& visitor) {
  if (has_history(visitor)) {
    if (has_history(customer)) {
      customer.first_seen = std::min(customer.first_seen, visitor.first_seen);
      customer.last_seen = std::max(customer.last_seen, visitor.last_seen);
    } else {
      customer.first_seen = visitor.first_seen;
      customer.last_seen = visitor.last_seen;
    }
  }
  for (std::size_t i = 0; i < customer.counters.size(); ++i) {
    customer.counters[i] += visitor.counters[i];
  }
  customer.dwell_ms_total = saturating_add(customer.dwell_ms_total, visitor.dwell_ms_total);
  merge_visits(customer.visit_hashes, visitor.visit_hashes);
  merge_counts(customer.channels, visitor.channels, kMaxChannels);
  merge_counts(customer.categories_viewed, visitor.categories_viewed, kMaxCategories);
  merge_cart(customer, visitor);
  merge_ledger(customer, visitor);
  merge_seen_events(customer, visitor);

  record_link(customer, visitor.anonymous_id, visitor.last_seen);
}

void record_link(Profile& customer, std::string_view anonymous_id, TimeMs active_at) {
  if (anonymous_id.empty()) return;
  auto& linked = customer.linked_anonymous_ids;
  const auto it = std::lower_bound(
      linked.begin(), linked.end(), anonymous_id,
      [](const LinkedAnonymousId& link, std::string_view id) { return link.id < id; });
  if (it != linked.end() && it->id == anonymous_id) {
    it->last_active = std::max(it->last_active, active_at);
    return;
  }
  linked.insert(it, LinkedAnonymousId{std::string(anonymous_id), active_at});
}

std::optional<TimeMs> next_link_expiry(const Profile& customer, const ModelConfig& config) {
  std::optional<TimeMs> earliest;
  for (const LinkedAnonymousId& link : customer.linked_anonymous_ids) {
    if (!earliest || link.last_active < *earliest) earliest = link.last_active;
  }
  if (!earliest) return std::nullopt;
  return *earliest + config.visitor_retention;
}

void expire_links(Profile& customer, TimeMs instant, const ModelConfig& config,
                  std::vector<std::string>& expired) {
  std::erase_if(customer.linked_anonymous_ids, [&](LinkedAnonymousId& link) {
    if (link.last_active + config.visitor_retention > instant) return false;
    expired.push_back(std::move(link.id));
    return true;
  });
}

bool links_visitor(const Event& event) {
  return (event.type == EventType::kSignup || event.type == EventType::kLogin) &&
         event.is_customer() && !event.anonymous_id.empty();
}

bool uses_visitor_state(const Event& event) {
  return !event.anonymous_id.empty() && (!event.is_customer() || links_visitor(event));
}

}  // namespace crm
