// The stored form of a counter in the counts family (populations, KPI counters, daily KPI
// buckets): 8 bytes, little-endian two's complement. Fixed width so a value is rewritten in
// place without resizing and can never be mistaken for a truncated one. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "state/byte_codec.h"
#include "state/status.h"

namespace crm {

inline void append_count_value(std::string& out, std::int64_t value) {
  append_fixed64_le(out, static_cast<std::uint64_t>(value));
}

inline Status decode_count_value(std::string_view bytes, std::int64_t& value) {
  ByteReader in(bytes);
  std::uint64_t raw = 0;
  if (!in.read_fixed64_le(raw) || !in.at_end()) {
    return Status::corruption("corrupt counter value of " + std::to_string(bytes.size()) +
                              " bytes (expected 8)");
  }
  value = static_cast<std::int64_t>(raw);
  return Status::ok();
}

}  // namespace crm
