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
  // bucket < holdout_percent x 100 as a real comparison (33.333 % holds out buckets 0..3333).
  // The product is rounded to a millionth of a bucket first, so that a percentage with no
  // exact binary value compares as written (0.07 x 100 is 7.000000000000001 in doubles).
  const double threshold = std::round(experiment.holdout_percent * 100 * 1e6) / 1e6;
  const auto bucket = static_cast<double>(hash % 10000);
  return bucket < threshold ? Variant::kHoldout : Variant::kTreatment;
}

}  // namespace crm
