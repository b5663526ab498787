// The column families of the state store, one per kind of record, so each has the table
// options its access pattern needs (point lookups vs. queue-like range scans) and can be
// scanned without skipping over the others. Plain constants.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace crm {

enum class Family : std::uint8_t {
  kProfiles,  // task | kind | key -> encoded Profile (profile_codec.h)
  kLinks,     // task | anonymous_id -> the customer it was linked to
  kTimers,    // task | due | kind | key -> the engine's timer payload
  kOutbox,    // task | sequence -> an output event waiting for delivery
  kCounts,    // task | name -> int64 (count_value.h): populations, KPI counters, daily buckets
  kMeta,      // task | name -> task clock, input positions, quantile thresholds, outbox sequence,
              // erasure records (erasure_record.h)
  kForwards,  // owner task | source task | sequence -> an input record forwarded to its owner
};
inline constexpr std::size_t kFamilyCount = 7;

// The RocksDB column family name; stored on disk, so never renamed.
constexpr std::string_view family_name(Family family) {
  switch (family) {
    case Family::kProfiles:
      return "profiles";
    case Family::kLinks:
      return "links";
    case Family::kTimers:
      return "timers";
    case Family::kOutbox:
      return "outbox";
    case Family::kCounts:
      return "counts";
    case Family::kMeta:
      return "meta";
    case Family::kForwards:
      return "forwards";
  }
  return "unknown";
}

constexpr std::size_t family_index(Family family) {
  return static_cast<std::size_t>(family);
}

}  // namespace crm
