// What the model emits when a customer changes: segment changes per dimension, churn-risk
// changes and triggers, grouped by the instant and cause that produced them. sinks/ and
// output_event.h turn a ChangeSet into the JSON of outputs.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "processors/customer_view.h"
#include "processors/profile.h"

namespace crm {

enum class CauseKind : std::uint8_t { kEvent, kTime, kRescore, kErasure };

struct Cause {
  CauseKind kind = CauseKind::kEvent;
  std::string event_id;  // the input event's id, for kEvent
};

// Emission order within one instant is this enum's order (semantics.md).
enum class Dimension : std::uint8_t { kLifecycle, kRfmSegment, kValueTier, kChurnRisk };
std::string_view to_string(Dimension dimension);  // "lifecycle", "rfm_segment", ...

struct DimensionChange {
  Dimension dimension = Dimension::kLifecycle;
  std::optional<std::string> from;  // null the first time
  std::optional<std::string> to;    // null when the dimension stops applying
  bool win_back = false;            // lifecycle only: a purchase out of at_risk or churned
};

enum class TriggerType : std::uint8_t { kCartAbandoned, kPaymentReminder };
std::string_view to_string(TriggerType type);

struct Trigger {
  TriggerType type = TriggerType::kCartAbandoned;
  std::vector<CartItem> items;  // cart_abandoned
  std::string order_id;         // payment_reminder
  Money amount = 0;             // payment_reminder: the placed amount
};

// Everything one customer emits at one instant for one cause.
struct ChangeSet {
  std::string customer_id;
  TimeMs ts = 0;
  Cause cause;
  std::vector<DimensionChange> changes;  // in Dimension order
  std::vector<Trigger> triggers;
  CustomerView view;  // the customer after the change: the "profile" and churn fields
};

}  // namespace crm
