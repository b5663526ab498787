#include "processors/triggers.h"

#include <algorithm>

#include "processors/fold.h"

namespace crm {

std::optional<TimeMs> cart_abandoned_due(const Profile& profile, const ModelConfig& config) {
  if (!profile.is_customer() || profile.cart.empty() || profile.cart_abandoned_sent) {
    return std::nullopt;
  }
  return profile.last_cart_add + config.triggers.cart_abandoned_after;
}

std::optional<TimeMs> payment_reminder_due(const OrderEntry& order, const ModelConfig& config) {
  if (!order.placed_at || order.payment || order.cancelled_at || order.reminder_sent) {
    return std::nullopt;
  }
  return *order.placed_at + config.triggers.unpaid_after;
}

std::optional<TimeMs> next_trigger_due(const Profile& profile, const ModelConfig& config) {
  if (!profile.is_customer()) return std::nullopt;
  std::optional<TimeMs> next = cart_abandoned_due(profile, config);
  for (const OrderEntry& order : profile.orders) {
    if (const auto due = payment_reminder_due(order, config)) {
      next = next ? std::min(*next, *due) : *due;
    }
  }
  return next;
}

void fire_due_triggers(Profile& profile, TimeMs instant, const ModelConfig& config,
                       std::vector<Trigger>& out) {
  if (!profile.is_customer()) return;
  if (const auto due = cart_abandoned_due(profile, config); due && *due <= instant) {
    profile.cart_abandoned_sent = true;
    Trigger& trigger = out.emplace_back();
    trigger.type = TriggerType::kCartAbandoned;
    trigger.items = profile.cart;
  }
  for (OrderEntry& order : profile.orders) {
    if (const auto due = payment_reminder_due(order, config); due && *due <= instant) {
      order.reminder_sent = true;
      Trigger& trigger = out.emplace_back();
      trigger.type = TriggerType::kPaymentReminder;
      trigger.order_id = order.order_id;
      trigger.amount = order.placed_amount;
    }
  }
}

std::optional<TimeMs> visitor_expiry(const Profile& profile, const ModelConfig& config) {
  if (profile.is_customer() || !has_history(profile)) return std::nullopt;
  return profile.last_seen + config.visitor_retention;
}

}  // namespace crm
