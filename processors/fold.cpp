#include "processors/fold.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "processors/experiments.h"
#include "processors/saturating_add.h"

namespace crm {
namespace {

// The order kept by every name count list: count descending, then name ascending.
bool ranks_before(const NamedCount& a, const NamedCount& b) {
  return a.count != b.count ? a.count > b.count : a.name < b.name;
}

// Name equality for the count lists' linear look-ups: names of one length often differ in their
// first or last byte, and checking those inline skips most memcmp calls.
bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return a.front() == b.front() && a.back() == b.back() && a == b;
}

void count_visit(Profile& profile, const Event& event, TimeMs day_offset) {
  const std::uint64_t hash = visit_hash(event, day_offset);
  auto& visits = profile.visit_hashes;
  const auto it = std::lower_bound(visits.begin(), visits.end(), hash);
  if (it == visits.end() || *it != hash) visits.insert(it, hash);
}

}  // namespace

bool has_history(const Profile& profile) {
  return std::any_of(profile.counters.begin(), profile.counters.end(),
                     [](std::int64_t count) { return count > 0; });
}

std::uint64_t visit_hash(const Event& event, TimeMs day_offset) {
  if (event.session_id) return fnv1a_64(*event.session_id, fnv1a_64("s:"));
  // The day as decimal text, formatted on the stack: the key must not allocate per event.
  char digits[24];
  const auto [end, ec] =
      std::to_chars(digits, digits + sizeof digits, whole_days(event.ts + day_offset));
  (void)ec;  // 24 chars hold any int64
  return fnv1a_64(std::string_view(digits, static_cast<std::size_t>(end - digits)), fnv1a_64("d:"));
}

void add_count(std::vector<NamedCount>& counts, std::string_view name, std::int64_t by,
               std::size_t bound) {
  auto it = std::find_if(counts.begin(), counts.end(),
                         [name](const NamedCount& c) { return same_name(c.name, name); });
  if (it == counts.end()) {
    if (bound == 0) return;
    if (counts.size() >= bound) counts.pop_back();
    counts.push_back(NamedCount{std::string(name), 0});
    it = counts.end() - 1;
  }
  it->count += by;
  // Only this entry moved up: one bubble pass restores the order.
  while (it != counts.begin() && ranks_before(*it, *(it - 1))) {
    std::iter_swap(it, it - 1);
    --it;
  }
}

void merge_counts(std::vector<NamedCount>& into, const std::vector<NamedCount>& from,
                  std::size_t bound) {
  // Add everything first and trim once: trimming while adding could evict an entry that the
  // rest of the merge would have raised above the bound.
  for (const NamedCount& c : from) {
    auto it = std::find_if(into.begin(), into.end(),
                           [&c](const NamedCount& x) { return same_name(x.name, c.name); });
    if (it == into.end()) {
      into.push_back(c);
    } else {
      it->count += c.count;
    }
  }
  std::sort(into.begin(), into.end(), ranks_before);
  if (into.size() > bound) into.resize(bound);
}

std::string_view preferred_channel(const Profile& profile) {
  return profile.channels.empty() ? std::string_view() : profile.channels.front().name;
}

std::span<const NamedCount> top_categories(const std::vector<NamedCount>& categories) {
  return std::span<const NamedCount>(categories.data(),
                                     std::min(categories.size(), kTopCategories));
}

void add_to_cart(Profile& profile, std::string_view product_id, std::int64_t quantity,
                 std::optional<Money> price, TimeMs ts) {
  // A late add ("a click from yesterday can arrive today", events.md): an order placed at or
  // after it, already applied, checked it out, as it would have had the add arrived in time.
  if (checked_out_later(profile, ts) || removed_later(profile, product_id, ts)) return;
  auto& cart = profile.cart;
  if (cart.empty()) {
    profile.cart_abandoned_sent = false;  // a new cart: cart_abandoned may fire for it
    profile.last_cart_add = ts;
  } else {
    profile.last_cart_add = std::max(profile.last_cart_add, ts);
  }
  const auto it = std::find_if(cart.begin(), cart.end(), [product_id](const CartItem& item) {
    return item.product_id == product_id;
  });
  if (it == cart.end()) {
    cart.push_back(CartItem{std::string(product_id), quantity, price, ts});
    return;
  }
  it->quantity = saturating_add(it->quantity, quantity);
  if (price) it->price = price;
  it->added_at = std::max(it->added_at, ts);
}

void remove_from_cart(Profile& profile, std::string_view product_id, TimeMs ts) {
  std::erase_if(profile.cart, [product_id, ts](const CartItem& item) {
    return item.product_id == product_id && item.added_at <= ts;
  });
  remember_removal(profile.cart_removals, product_id, ts);
}

void remember_removal(std::vector<CartRemoval>& removals, std::string_view product_id, TimeMs ts) {
  const auto it =
      std::find_if(removals.begin(), removals.end(),
                   [product_id](const CartRemoval& r) { return r.product_id == product_id; });
  if (it != removals.end()) {
    it->removed_at = std::max(it->removed_at, ts);
    return;
  }
  if (removals.size() >= kMaxCartRemovals) {
    const auto oldest = std::min_element(
        removals.begin(), removals.end(),
        [](const CartRemoval& a, const CartRemoval& b) { return a.removed_at < b.removed_at; });
    if (oldest->removed_at >= ts) return;  // older than every one kept: it would go first
    removals.erase(oldest);
  }
  removals.push_back(CartRemoval{std::string(product_id), ts});
}

bool removed_later(const Profile& profile, std::string_view product_id, TimeMs added_at) {
  return std::any_of(
      profile.cart_removals.begin(), profile.cart_removals.end(),
      [&](const CartRemoval& r) { return r.product_id == product_id && r.removed_at >= added_at; });
}

bool checked_out_later(const Profile& profile, TimeMs added_at) {
  return std::any_of(profile.orders.begin(), profile.orders.end(), [added_at](const OrderEntry& o) {
    return o.placed_at && *o.placed_at >= added_at;
  });
}

void check_out_cart(Profile& profile, TimeMs placed_at) {
  std::erase_if(profile.cart,
                [placed_at](const CartItem& item) { return item.added_at <= placed_at; });
}

void fold_behaviour(Profile& profile, const Event& event, const ModelConfig& config) {
  if (has_history(profile)) {
    profile.first_seen = std::min(profile.first_seen, event.ts);
    profile.last_seen = std::max(profile.last_seen, event.ts);
  } else {
    profile.first_seen = event.ts;
    profile.last_seen = event.ts;
  }
  ++profile.counters[static_cast<std::size_t>(event.type)];
  add_count(profile.channels, event.channel, 1, kMaxChannels);
  if (!is_order_event(event.type)) count_visit(profile, event, config.day_offset);
  if (event.dwell_ms)
    profile.dwell_ms_total = saturating_add(profile.dwell_ms_total, *event.dwell_ms);

  switch (event.type) {
    case EventType::kProductView:
      if (!event.category.empty()) {
        add_count(profile.categories_viewed, event.category, 1, kMaxCategories);
      }
      break;
    case EventType::kAddToCart:
      add_to_cart(profile, event.product_id, event.quantity, event.price, event.ts);
      break;
    case EventType::kRemoveFromCart:
      remove_from_cart(profile, event.product_id, event.ts);
      break;
    case EventType::kOrderPlaced:
      check_out_cart(profile, event.ts);
      break;
    default:
      break;
  }
}

}  // namespace crm
