#include "processors/experiments.h"

#include <cmath>

namespace crm {

std::string_view to_string(Variant variant) {
  return variant == Variant::kHoldout ? "holdout" : "treatment";
}

std::uint64_t fnv1a_64(std::string_view bytes, std::uint64_t hash) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

Variant variant_of(const ExperimentConfig& experiment, std::string_view customer_id) {
  // Hashing the three parts in sequence equals hashing their concatenation, without a copy.
  std::uint64_t hash = fnv1a_64(experiment.salt);
  hash = fnv1a_64(":", hash);
  hash = fnv1a_64(customer_id, hash);
  // holdout_percent has at most two useful decimals: 12.5 % -> 1250 of 10000 buckets.
  const auto holdout_buckets = static_cast<std::uint64_t>(std::llround(experiment.holdout_percent * 100));
  return hash % 10000 < holdout_buckets ? Variant::kHoldout : Variant::kTreatment;
}

}  // namespace crm
