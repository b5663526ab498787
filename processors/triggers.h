// Time-based triggers for marketing automation (semantics.md "Triggers") and the visitor
// retention timer: when each is due and firing those due at a timer's instant. Triggers are
// for customers only; a visitor's cart is kept (it merges on a link) but never triggers.
#pragma once

#include <optional>
#include <vector>

#include "processors/change.h"
#include "processors/model_config.h"
#include "processors/profile.h"

namespace crm {

// cart_abandoned: last add_to_cart + cart_abandoned_after, while the cart is not empty and the
// trigger was not sent for this cart; nullopt otherwise (or for a visitor).
std::optional<TimeMs> cart_abandoned_due(const Profile& profile, const ModelConfig& config);

// payment_reminder of one order: placed_at + unpaid_after for an order placed, neither paid nor
// cancelled, not yet reminded; nullopt otherwise.
std::optional<TimeMs> payment_reminder_due(const OrderEntry& order, const ModelConfig& config);

// The earliest trigger due time of a customer, or nullopt.
std::optional<TimeMs> next_trigger_due(const Profile& profile, const ModelConfig& config);

// Fires every trigger due at or before `instant` (a timer fires before an event at the same
// instant, so an order_placed at the abandon instant is too late), marks it sent and appends
// it to `out`: cart_abandoned first, then payment reminders in order_id order.
void fire_due_triggers(Profile& profile, TimeMs instant, const ModelConfig& config,
                       std::vector<Trigger>& out);

// The instant a visitor has had no activity (by event time, last_seen) for visitor_retention
// and is deleted; nullopt for a customer.
std::optional<TimeMs> visitor_expiry(const Profile& profile, const ModelConfig& config);

}  // namespace crm
