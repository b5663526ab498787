// The units configuration values are written in (operations.md "Configuration"): durations
// with a unit, sizes in bytes or binary units, and the day offset of time.day_offset. Parsing
// is exact integer arithmetic; each format_* writes what the matching parse_* reads back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "processors/time.h"

namespace crm {

// "500ms", "30s", "30m", "1h", "7d": digits then one unit, nothing else (no sign, fraction,
// space or bare number: a number without a unit is ambiguous). nullopt if malformed or if
// it overflows int64 milliseconds.
std::optional<TimeMs> parse_duration(std::string_view text);

// The largest unit that writes `ms` exactly: 3600000 -> "1h", 1500 -> "1500ms". ms >= 0.
std::string format_duration(TimeMs ms);

// Bytes as digits ("65536") or digits and a binary unit ("64KiB", "256MiB", "1GiB").
// nullopt if malformed or beyond uint64.
std::optional<std::uint64_t> parse_size(std::string_view text);

// The largest binary unit that writes `bytes` exactly, else the plain byte count.
std::string format_size(std::uint64_t bytes);

// "+08:00" / "-05:30": a sign, two-digit hours 00..23, two-digit minutes 00..59.
std::optional<TimeMs> parse_day_offset(std::string_view text);

// The inverse of parse_day_offset; 0 is "+00:00".
std::string format_day_offset(TimeMs offset);

// "host:port", "[::1]:9464": a host, and a port 0..65535 (0: any free port).
bool is_listen_address(std::string_view address);

}  // namespace crm
