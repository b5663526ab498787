#include "processors/change.h"

namespace crm {

std::string_view to_string(Dimension dimension) {
  switch (dimension) {
    case Dimension::kLifecycle:
      return "lifecycle";
    case Dimension::kRfmSegment:
      return "rfm_segment";
    case Dimension::kValueTier:
      return "value_tier";
    case Dimension::kChurnRisk:
      return "churn_risk";
  }
  return "unknown";  // unreachable for a valid enumerator; keeps -Wreturn-type quiet
}

std::string_view to_string(TriggerType type) {
  switch (type) {
    case TriggerType::kCartAbandoned:
      return "cart_abandoned";
    case TriggerType::kPaymentReminder:
      return "payment_reminder";
  }
  return "unknown";  // unreachable for a valid enumerator
}

}  // namespace crm
