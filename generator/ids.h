// The ids the synthetic shop hands out: ASCII (no JSON escaping needed), 1..128 bytes, unique
// and deterministic for a seed. Hashed ids come from a bijective mix of a counter, so they are
// unique without a set of the ids already used.
#pragma once

#include <cstdint>
#include <string>

namespace crm {

class IdFormat {
 public:
  explicit IdFormat(std::uint64_t seed);

  // "cust-42": the shop's own account numbers, the same for every seed.
  static void append_customer(std::string& out, std::uint32_t shopper);
  // "anon-<16 hex>": the cookie of one of the shopper's devices.
  void append_anonymous(std::string& out, std::uint32_t shopper, std::uint8_t device) const;
  // "sess-<16 hex>"
  void append_session(std::string& out, std::uint32_t shopper, std::uint32_t session) const;
  // "ord-<n>": a counter, as shops number their orders.
  static void append_order(std::string& out, std::uint64_t order_number);
  // "evt-<16 hex>"
  void append_event(std::string& out, std::uint64_t event_number) const;

 private:
  std::uint64_t anonymous_salt_;
  std::uint64_t session_salt_;
  std::uint64_t event_salt_;
};

}  // namespace crm
