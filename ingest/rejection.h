// Why an input message was not turned into an Event (events.md "Bad input"): a reason code,
// the contract's word for it, and a human detail naming the field and the problem. The
// outcome of one decode is either success or one Rejection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace crm {

enum class RejectReason : std::uint8_t {
  kTooLarge,          // bigger than limits.max_message_bytes
  kMalformedJson,     // not exactly one valid JSON object
  kMissingField,      // a required field is absent or null
  kInvalidField,      // wrong type, out of range, too long, duplicated, unparseable ts, future ts
  kUnknownType,       // `type` is a string but not a known type
  kCurrencyMismatch,  // `currency` differs from the configured one and has no rate
};

// The events.md code: "too_large", "malformed_json", "missing_field", ...
std::string_view to_string(RejectReason reason);

struct Rejection {
  RejectReason reason = RejectReason::kMalformedJson;
  std::string detail;  // never empty: `ts: not RFC 3339 or epoch ms: "yesterday"`
};

// Success, or the Rejection. Success carries nothing (the Event is an out-parameter), so
// the success path never allocates.
class [[nodiscard]] DecodeOutcome {
 public:
  DecodeOutcome() = default;  // success
  DecodeOutcome(RejectReason reason, std::string detail)
      : rejection_(Rejection{reason, std::move(detail)}) {}

  bool ok() const { return !rejection_.has_value(); }
  explicit operator bool() const { return ok(); }
  // REQUIRES: !ok()
  const Rejection& rejection() const { return *rejection_; }
  RejectReason reason() const { return rejection_->reason; }
  const std::string& detail() const { return rejection_->detail; }

 private:
  std::optional<Rejection> rejection_;
};

}  // namespace crm
