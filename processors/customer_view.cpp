#include "processors/customer_view.h"

namespace crm {

// These names are the published form (outputs.md, export, population gauges): never rename.
std::string_view to_string(LifecycleStage stage) {
  switch (stage) {
    case LifecycleStage::kVisitor:
      return "visitor";
    case LifecycleStage::kReturningVisitor:
      return "returning_visitor";
    case LifecycleStage::kRegistered:
      return "registered";
    case LifecycleStage::kFirstPurchase:
      return "first_purchase";
    case LifecycleStage::kRepeat:
      return "repeat";
    case LifecycleStage::kLoyal:
      return "loyal";
    case LifecycleStage::kAtRisk:
      return "at_risk";
    case LifecycleStage::kChurned:
      return "churned";
  }
  return "visitor";  // unreachable for a valid enum; keeps -Wreturn-type quiet
}

std::string_view to_string(ValueTier tier) {
  switch (tier) {
    case ValueTier::kLow:
      return "low";
    case ValueTier::kMedium:
      return "medium";
    case ValueTier::kHigh:
      return "high";
  }
  return "low";
}

std::string_view to_string(ChurnLevel level) {
  switch (level) {
    case ChurnLevel::kLow:
      return "low";
    case ChurnLevel::kMedium:
      return "medium";
    case ChurnLevel::kHigh:
      return "high";
    case ChurnLevel::kChurned:
      return "churned";
  }
  return "low";
}

}  // namespace crm
