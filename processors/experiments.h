// A/B holdout assignment (semantics.md "Experiments"): stable across restarts and instances.
#pragma once

#include <cstdint>
#include <string_view>

#include "processors/model_config.h"

namespace crm {

enum class Variant : std::uint8_t { kTreatment, kHoldout };
std::string_view to_string(Variant variant);  // "treatment" | "holdout"

// 64-bit FNV-1a of bytes (offset basis 14695981039346656037, prime 1099511628211).
std::uint64_t fnv1a_64(std::string_view bytes, std::uint64_t hash = 14695981039346656037ull);

// holdout if FNV-1a-64(salt + ":" + customer_id) mod 10000 < holdout_percent x 100.
Variant variant_of(const ExperimentConfig& experiment, std::string_view customer_id);

}  // namespace crm
