#include "state/profile_codec.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "state/byte_codec.h"

namespace crm {
namespace {

constexpr std::uint8_t kCartHasPrice = 1;

constexpr std::uint8_t kProfileCartAbandonedSent = 1;

constexpr std::uint8_t kOrderPlaced = 1;
constexpr std::uint8_t kOrderPayment = 2;
constexpr std::uint8_t kOrderCancelled = 4;
constexpr std::uint8_t kOrderReminderSent = 8;
constexpr std::uint8_t kOrderItems = 16;  // version 3

constexpr std::uint8_t kPublishedLifecycle = 1;
constexpr std::uint8_t kPublishedRfmSegment = 2;
constexpr std::uint8_t kPublishedValueTier = 4;
constexpr std::uint8_t kPublishedChurnRisk = 8;

constexpr std::uint8_t kKpiBuyer = 1;
constexpr std::uint8_t kKpiRepeatBuyer = 2;
constexpr std::uint8_t kKpiSecondPurchaseCohort = 4;
constexpr std::uint8_t kKpiSecondWithin90Days = 8;

constexpr std::uint8_t kTimerDuePresent = 1;

// Trips when processors/profile.h gains or loses a field, so that no field goes unpersisted:
// encode it here (as a new version: released versions are in use), then update the size.
static_assert(sizeof(Profile) == 680,
              "crm::Profile changed: update encode_profile/decode_profile and this size");

// Wrapping difference and sum, so that deltas of any two int64 round-trip without overflow.
std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t wrapping_add(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

void append_named_counts(std::string& out, const std::vector<NamedCount>& counts) {
  append_varint(out, counts.size());
  for (const NamedCount& c : counts) {
    append_bytes(out, c.name);
    append_svarint(out, c.count);
  }
}

void append_optional_flag(std::uint8_t& flags, std::uint8_t bit, bool present) {
  if (present) flags |= bit;
}

// Reads the fields of version 1, 2 or 3, remembering where it is so that an error can say which
// field of which element failed. Message building happens only on failure.
class ProfileDecoder {
 public:
  ProfileDecoder(std::string_view bytes, std::uint8_t version)
      : bytes_(bytes), in_(bytes), version_(version) {}

  Status decode(Profile& p);

 private:
  // Names the field being read; `index` is the list element, or npos outside lists.
  void at(const char* list, std::size_t index, const char* field) {
    list_ = list;
    index_ = index;
    field_ = field;
  }
  void at(const char* field) { at(nullptr, kNoIndex, field); }

  bool fail(std::string_view what) {
    if (error_.empty()) {
      error_ = "corrupt profile encoding (version ";
      error_ += std::to_string(version_);
      error_ += "): ";
      error_ += what;
      error_ += " at byte ";
      error_ += std::to_string(in_.position());
      error_ += " of ";
      error_ += std::to_string(bytes_.size());
      error_ += " in ";
      if (list_ != nullptr) {
        error_ += list_;
        if (index_ != kNoIndex) {
          error_ += '[';
          error_ += std::to_string(index_);
          error_ += ']';
        }
        error_ += '.';
      }
      error_ += field_;
    }
    return false;
  }

  bool truncated_or_malformed() { return fail(in_.at_end() ? "truncated" : "malformed varint"); }

  bool u8(std::uint8_t& v) { return in_.read_u8(v) || fail("truncated"); }
  bool varint(std::uint64_t& v) { return in_.read_varint(v) || truncated_or_malformed(); }
  bool svarint(std::int64_t& v) { return in_.read_svarint(v) || truncated_or_malformed(); }
  bool fixed64(std::uint64_t& v) { return in_.read_fixed64_le(v) || fail("truncated"); }

  bool str(std::string& s) {
    std::uint64_t n = 0;
    if (!varint(n)) return false;
    std::string_view view;
    if (n > in_.remaining() || !in_.read_raw(static_cast<std::size_t>(n), view)) {
      return fail("truncated string");
    }
    s.assign(view.data(), view.size());  // keeps the string's capacity
    return true;
  }

  bool flags(std::uint8_t& v, std::uint8_t known) {
    if (!u8(v)) return false;
    if ((v & ~known) != 0) return fail("unknown flag bits");
    return true;
  }

  // A count of list elements: each takes at least one byte, so a count above the bytes left
  // is corruption, caught before it becomes a huge allocation.
  bool count(std::size_t& n) {
    std::uint64_t v = 0;
    if (!varint(v)) return false;
    if (v > in_.remaining()) return fail("list count exceeds the bytes left");
    n = static_cast<std::size_t>(v);
    return true;
  }

  bool optional_svarint(std::uint8_t flags_value, std::uint8_t bit, std::optional<TimeMs>& v) {
    if ((flags_value & bit) == 0) {
      v.reset();
      return true;
    }
    std::int64_t x = 0;
    if (!svarint(x)) return false;
    v = x;
    return true;
  }

  bool optional_str(std::uint8_t flags_value, std::uint8_t bit, std::optional<std::string>& v) {
    if ((flags_value & bit) == 0) {
      v.reset();
      return true;
    }
    if (!v) v.emplace();
    return str(*v);
  }

  bool named_counts(const char* list, std::vector<NamedCount>& counts);

  static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

  std::string_view bytes_;
  ByteReader in_;
  std::uint8_t version_;
  const char* list_ = nullptr;
  std::size_t index_ = kNoIndex;
  const char* field_ = "version";
  std::string error_;
};

}  // namespace

void encode_profile(const Profile& p, std::string& out) {
  append_u8(out, kProfileEncodingVersion);
  append_bytes(out, p.customer_id);
  append_bytes(out, p.anonymous_id);
  append_svarint(out, p.first_seen);
  append_svarint(out, p.last_seen);

  append_varint(out, p.visit_hashes.size());
  std::uint64_t previous_hash = 0;
  for (const std::uint64_t h : p.visit_hashes) {
    append_varint(out, h - previous_hash);
    previous_hash = h;
  }

  std::size_t counters = p.counters.size();
  while (counters > 0 && p.counters[counters - 1] == 0) --counters;
  append_varint(out, counters);
  for (std::size_t i = 0; i < counters; ++i) append_svarint(out, p.counters[i]);

  append_svarint(out, p.dwell_ms_total);
  append_named_counts(out, p.channels);
  append_named_counts(out, p.categories_viewed);
  append_named_counts(out, p.categories_bought);
  append_named_counts(out, p.legacy_categories_bought);

  append_varint(out, p.cart.size());
  for (const CartItem& item : p.cart) {
    std::uint8_t flags = 0;
    append_optional_flag(flags, kCartHasPrice, item.price.has_value());
    append_u8(out, flags);
    append_bytes(out, item.product_id);
    append_svarint(out, item.quantity);
    if (item.price) append_svarint(out, *item.price);
    append_svarint(out, item.added_at);
  }
  append_varint(out, p.cart_removals.size());
  for (const CartRemoval& removal : p.cart_removals) {
    append_bytes(out, removal.product_id);
    append_svarint(out, removal.removed_at);
  }
  append_svarint(out, p.last_cart_add);
  append_u8(out, p.cart_abandoned_sent ? kProfileCartAbandonedSent : 0);

  append_varint(out, p.orders.size());
  for (const OrderEntry& o : p.orders) {
    std::uint8_t flags = 0;
    append_optional_flag(flags, kOrderPlaced, o.placed_at.has_value());
    append_optional_flag(flags, kOrderPayment, o.payment.has_value());
    append_optional_flag(flags, kOrderCancelled, o.cancelled_at.has_value());
    append_optional_flag(flags, kOrderReminderSent, o.reminder_sent);
    append_optional_flag(flags, kOrderItems, o.items.has_value());
    append_u8(out, flags);
    append_bytes(out, o.order_id);
    if (o.placed_at) append_svarint(out, *o.placed_at);
    append_svarint(out, o.placed_amount);
    if (o.payment) {
      append_svarint(out, o.payment->paid_at);
      append_bytes(out, o.payment->event_id);
      append_svarint(out, o.payment->amount);
    }
    append_svarint(out, o.refunded);
    if (o.cancelled_at) append_svarint(out, *o.cancelled_at);
    if (o.items) {
      append_u8(out, o.items->rank);
      append_svarint(out, o.items->ts);
      append_fixed64_le(out, o.items->event_hash);
      append_named_counts(out, o.items->categories);
    }
  }

  append_varint(out, p.purchases.size());
  TimeMs previous_paid = 0;
  for (const Purchase& purchase : p.purchases) {
    append_svarint(out, wrapping_sub(purchase.paid_at, previous_paid));
    append_svarint(out, purchase.value);
    previous_paid = purchase.paid_at;
  }
  append_svarint(out, p.monetary_lifetime);

  append_varint(out, p.seen_events.size());
  TimeMs previous_applied = 0;
  for (const SeenEvent& seen : p.seen_events) {
    append_fixed64_le(out, seen.id_hash);
    append_svarint(out, wrapping_sub(seen.applied_at, previous_applied));
    previous_applied = seen.applied_at;
  }

  append_varint(out, p.linked_anonymous_ids.size());
  for (const LinkedAnonymousId& link : p.linked_anonymous_ids) {
    append_bytes(out, link.id);
    append_svarint(out, link.last_active);
  }

  const PublishedClassification& pub = p.published;
  std::uint8_t published = 0;
  append_optional_flag(published, kPublishedLifecycle, pub.lifecycle.has_value());
  append_optional_flag(published, kPublishedRfmSegment, pub.rfm_segment.has_value());
  append_optional_flag(published, kPublishedValueTier, pub.value_tier.has_value());
  append_optional_flag(published, kPublishedChurnRisk, pub.churn_risk.has_value());
  append_u8(out, published);
  if (pub.lifecycle) append_bytes(out, *pub.lifecycle);
  if (pub.rfm_segment) append_bytes(out, *pub.rfm_segment);
  if (pub.value_tier) append_bytes(out, *pub.value_tier);
  if (pub.churn_risk) append_bytes(out, *pub.churn_risk);

  std::uint8_t kpi = 0;
  append_optional_flag(kpi, kKpiBuyer, p.counted_kpi.buyer);
  append_optional_flag(kpi, kKpiRepeatBuyer, p.counted_kpi.repeat_buyer);
  append_optional_flag(kpi, kKpiSecondPurchaseCohort, p.counted_kpi.second_purchase_cohort);
  append_optional_flag(kpi, kKpiSecondWithin90Days, p.counted_kpi.second_within_90_days);
  append_u8(out, kpi);

  append_u8(out, p.timer_due ? kTimerDuePresent : 0);
  if (p.timer_due) append_svarint(out, *p.timer_due);
}

namespace {

bool ProfileDecoder::named_counts(const char* list, std::vector<NamedCount>& counts) {
  std::size_t n = 0;
  at(list, kNoIndex, "count");
  if (!count(n)) return false;
  counts.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    at(list, i, "name");
    if (!str(counts[i].name)) return false;
    at(list, i, "count");
    if (!svarint(counts[i].count)) return false;
  }
  return true;
}

Status ProfileDecoder::decode(Profile& p) {
  std::uint8_t version = 0;
  at("version");
  if (!u8(version)) return Status::corruption(error_);
  // decode_profile dispatched here on this byte: it is version_.

  at("customer_id");
  if (!str(p.customer_id)) return Status::corruption(error_);
  at("anonymous_id");
  if (!str(p.anonymous_id)) return Status::corruption(error_);
  at("first_seen");
  if (!svarint(p.first_seen)) return Status::corruption(error_);
  at("last_seen");
  if (!svarint(p.last_seen)) return Status::corruption(error_);

  std::size_t n = 0;
  at("visit_hashes", kNoIndex, "count");
  if (!count(n)) return Status::corruption(error_);
  p.visit_hashes.resize(n);
  std::uint64_t hash = 0;
  for (std::size_t i = 0; i < n; ++i) {
    at("visit_hashes", i, "gap");
    std::uint64_t gap = 0;
    if (!varint(gap)) return Status::corruption(error_);
    hash += gap;
    p.visit_hashes[i] = hash;
  }

  at("counters", kNoIndex, "count");
  if (!count(n)) return Status::corruption(error_);
  if (n > p.counters.size()) {
    fail("more counters than this build has event types");
    return Status::corruption(error_);
  }
  p.counters.fill(0);
  for (std::size_t i = 0; i < n; ++i) {
    at("counters", i, "value");
    if (!svarint(p.counters[i])) return Status::corruption(error_);
  }

  at("dwell_ms_total");
  if (!svarint(p.dwell_ms_total)) return Status::corruption(error_);
  if (!named_counts("channels", p.channels) ||
      !named_counts("categories_viewed", p.categories_viewed) ||
      !named_counts("categories_bought", p.categories_bought)) {
    return Status::corruption(error_);
  }
  if (version_ < 3) {
    // Counted from every order_paid's items: which orders they came from is not known.
    p.legacy_categories_bought = p.categories_bought;
  } else if (!named_counts("legacy_categories_bought", p.legacy_categories_bought)) {
    return Status::corruption(error_);
  }

  at("cart", kNoIndex, "count");
  if (!count(n)) return Status::corruption(error_);
  p.cart.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    CartItem& item = p.cart[i];
    std::uint8_t f = 0;
    at("cart", i, "flags");
    if (!flags(f, kCartHasPrice)) return Status::corruption(error_);
    at("cart", i, "product_id");
    if (!str(item.product_id)) return Status::corruption(error_);
    at("cart", i, "quantity");
    if (!svarint(item.quantity)) return Status::corruption(error_);
    at("cart", i, "price");
    if (!optional_svarint(f, kCartHasPrice, item.price)) return Status::corruption(error_);
    at("cart", i, "added_at");
    if (!svarint(item.added_at)) return Status::corruption(error_);
  }
  n = 0;
  if (version_ >= 3) {
    at("cart_removals", kNoIndex, "count");
    if (!count(n)) return Status::corruption(error_);
  }
  p.cart_removals.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    at("cart_removals", i, "product_id");
    if (!str(p.cart_removals[i].product_id)) return Status::corruption(error_);
    at("cart_removals", i, "removed_at");
    if (!svarint(p.cart_removals[i].removed_at)) return Status::corruption(error_);
  }
  at("last_cart_add");
  if (!svarint(p.last_cart_add)) return Status::corruption(error_);
  std::uint8_t profile_flags = 0;
  at("profile flags");
  if (!flags(profile_flags, kProfileCartAbandonedSent)) return Status::corruption(error_);
  p.cart_abandoned_sent = (profile_flags & kProfileCartAbandonedSent) != 0;

  at("orders", kNoIndex, "count");
  if (!count(n)) return Status::corruption(error_);
  p.orders.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    OrderEntry& o = p.orders[i];
    std::uint8_t f = 0;
    at("orders", i, "flags");
    const std::uint8_t known = kOrderPlaced | kOrderPayment | kOrderCancelled | kOrderReminderSent |
                               (version_ >= 3 ? kOrderItems : 0);
    if (!flags(f, known)) return Status::corruption(error_);
    at("orders", i, "order_id");
    if (!str(o.order_id)) return Status::corruption(error_);
    at("orders", i, "placed_at");
    if (!optional_svarint(f, kOrderPlaced, o.placed_at)) return Status::corruption(error_);
    at("orders", i, "placed_amount");
    if (!svarint(o.placed_amount)) return Status::corruption(error_);
    if ((f & kOrderPayment) != 0) {
      if (!o.payment) o.payment.emplace();
      at("orders", i, "payment.paid_at");
      if (!svarint(o.payment->paid_at)) return Status::corruption(error_);
      at("orders", i, "payment.event_id");
      if (!str(o.payment->event_id)) return Status::corruption(error_);
      at("orders", i, "payment.amount");
      if (!svarint(o.payment->amount)) return Status::corruption(error_);
    } else {
      o.payment.reset();
    }
    at("orders", i, "refunded");
    if (!svarint(o.refunded)) return Status::corruption(error_);
    at("orders", i, "cancelled_at");
    if (!optional_svarint(f, kOrderCancelled, o.cancelled_at)) return Status::corruption(error_);
    o.reminder_sent = (f & kOrderReminderSent) != 0;
    if ((f & kOrderItems) == 0) {
      o.items.reset();
      continue;
    }
    if (!o.items) o.items.emplace();
    at("orders", i, "items.rank");
    if (!u8(o.items->rank)) return Status::corruption(error_);
    if (o.items->rank > 1) {
      fail("an unknown rank");
      return Status::corruption(error_);
    }
    at("orders", i, "items.ts");
    if (!svarint(o.items->ts)) return Status::corruption(error_);
    at("orders", i, "items.event_hash");
    if (!fixed64(o.items->event_hash)) return Status::corruption(error_);
    if (!named_counts("orders.items.categories", o.items->categories)) {
      return Status::corruption(error_);
    }
  }

  at("purchases", kNoIndex, "count");
  if (!count(n)) return Status::corruption(error_);
  p.purchases.resize(n);
  TimeMs paid_at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t delta = 0;
    at("purchases", i, "paid_at");
    if (!svarint(delta)) return Status::corruption(error_);
    paid_at = wrapping_add(paid_at, delta);
    p.purchases[i].paid_at = paid_at;
    at("purchases", i, "value");
    if (!svarint(p.purchases[i].value)) return Status::corruption(error_);
  }
  at("monetary_lifetime");
  if (!svarint(p.monetary_lifetime)) return Status::corruption(error_);

  at("seen_events", kNoIndex, "count");
  if (!count(n)) return Status::corruption(error_);
  p.seen_events.resize(n);
  TimeMs applied_at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    at("seen_events", i, "id_hash");
    if (!fixed64(p.seen_events[i].id_hash)) return Status::corruption(error_);
    std::int64_t delta = 0;
    at("seen_events", i, "applied_at");
    if (!svarint(delta)) return Status::corruption(error_);
    applied_at = wrapping_add(applied_at, delta);
    p.seen_events[i].applied_at = applied_at;
  }

  at("linked_anonymous_ids", kNoIndex, "count");
  if (!count(n)) return Status::corruption(error_);
  p.linked_anonymous_ids.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    LinkedAnonymousId& link = p.linked_anonymous_ids[i];
    at("linked_anonymous_ids", i, "id");
    if (!str(link.id)) return Status::corruption(error_);
    if (version_ == 1) {
      // Version 1 kept no activity per link. The customer's last event is the latest the link
      // can have had, so no link expires earlier than it should.
      link.last_active = p.last_seen;
      continue;
    }
    at("linked_anonymous_ids", i, "last_active");
    if (!svarint(link.last_active)) return Status::corruption(error_);
  }

  std::uint8_t f = 0;
  at("published", kNoIndex, "flags");
  if (!flags(f, kPublishedLifecycle | kPublishedRfmSegment | kPublishedValueTier |
                    kPublishedChurnRisk)) {
    return Status::corruption(error_);
  }
  PublishedClassification& pub = p.published;
  at("published", kNoIndex, "lifecycle");
  if (!optional_str(f, kPublishedLifecycle, pub.lifecycle)) return Status::corruption(error_);
  at("published", kNoIndex, "rfm_segment");
  if (!optional_str(f, kPublishedRfmSegment, pub.rfm_segment)) return Status::corruption(error_);
  at("published", kNoIndex, "value_tier");
  if (!optional_str(f, kPublishedValueTier, pub.value_tier)) return Status::corruption(error_);
  at("published", kNoIndex, "churn_risk");
  if (!optional_str(f, kPublishedChurnRisk, pub.churn_risk)) return Status::corruption(error_);

  at("counted_kpi");
  if (!flags(f, kKpiBuyer | kKpiRepeatBuyer | kKpiSecondPurchaseCohort | kKpiSecondWithin90Days)) {
    return Status::corruption(error_);
  }
  p.counted_kpi.buyer = (f & kKpiBuyer) != 0;
  p.counted_kpi.repeat_buyer = (f & kKpiRepeatBuyer) != 0;
  p.counted_kpi.second_purchase_cohort = (f & kKpiSecondPurchaseCohort) != 0;
  p.counted_kpi.second_within_90_days = (f & kKpiSecondWithin90Days) != 0;

  at("timer_due");
  if (!flags(f, kTimerDuePresent) || !optional_svarint(f, kTimerDuePresent, p.timer_due)) {
    return Status::corruption(error_);
  }

  at("end");
  if (!in_.at_end()) {
    fail("trailing bytes after the last field");
    return Status::corruption(error_);
  }
  return Status::ok();
}

}  // namespace

Status decode_profile(std::string_view bytes, Profile& profile) {
  if (bytes.empty()) return Status::corruption("corrupt profile encoding: empty value");
  const auto version = static_cast<std::uint8_t>(bytes[0]);
  switch (version) {
    case 1:
    case 2:
    case 3:
      return ProfileDecoder(bytes, version).decode(profile);
    default:
      return Status::corruption("profile encoding version " + std::to_string(version) +
                                " is unknown (this build reads version " +
                                std::to_string(kProfileEncodingVersion) +
                                " and older): written by a newer crmstream, or not a profile");
  }
}

}  // namespace crm
