#include "ingest/rejection.h"

namespace crm {

std::string_view to_string(RejectReason reason) {
  switch (reason) {
    case RejectReason::kTooLarge:
      return "too_large";
    case RejectReason::kMalformedJson:
      return "malformed_json";
    case RejectReason::kMissingField:
      return "missing_field";
    case RejectReason::kInvalidField:
      return "invalid_field";
    case RejectReason::kUnknownType:
      return "unknown_type";
    case RejectReason::kCurrencyMismatch:
      return "currency_mismatch";
  }
  return "unknown";
}

}  // namespace crm
