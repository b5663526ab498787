// What the pipeline's work costs without the pipeline: the bounds a benchmark sets its figures
// against. The model's fold alone, in memory, and one durable RocksDB put per event alone; a
// pipeline that does both (and reads Kafka, and writes outputs) cannot be faster than either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "processors/profile.h"
#include "state/status.h"

namespace crm {

// Decodes each payload (EventDecoder, default configuration) and folds the valid ones into
// `profiles`, keyed by customer key, with apply_event; the clock is the running maximum ts of
// the events applied. No storage, timers, visitor merges or outputs. Returns how many were
// decoded; `keys`, when given, gets the customer key of each, in order.
std::int64_t fold_in_memory(std::span<const std::string_view> payloads,
                            std::unordered_map<std::string, Profile>& profiles,
                            std::vector<std::string>* keys = nullptr);

// Puts, for each of `keys` in order, `values.at(key)` as that customer's profile (task 0) into
// a fresh state store at `dir` (StateStore: the pipeline's column families and options, WAL
// on, no sync), `batch_size` puts per write. Sets `seconds` to the time the puts took.
Status put_one_per_key(const std::string& dir, std::uint64_t memory_budget,
                       std::span<const std::string> keys,
                       const std::unordered_map<std::string, std::string>& values,
                       std::size_t batch_size, double& seconds);

}  // namespace crm
