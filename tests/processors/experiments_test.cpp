// semantics.md "Experiments": holdout if FNV-1a-64(salt + ":" + customer_id) mod 10000 <
// holdout_percent x 100, a real comparison whatever the number of decimals (rounding the
// product to whole buckets held out bucket 3333 at 33.333 % and nobody at 0.004 %).
#include "processors/experiments.h"

#include <gtest/gtest.h>

#include <string>

namespace crm {
namespace {

constexpr std::string_view kSalt = "winback-q4";

std::uint64_t bucket_of(const std::string& customer_id) {
  return fnv1a_64(std::string(kSalt) + ":" + customer_id) % 10000;
}

// A customer id whose bucket is `bucket`.
std::string customer_in_bucket(std::uint64_t bucket) {
  for (int i = 0;; ++i) {
    const std::string id = "c-" + std::to_string(i);
    if (bucket_of(id) == bucket) return id;
  }
}

Variant variant(double holdout_percent, const std::string& customer_id) {
  return variant_of(ExperimentConfig{"x", std::string(kSalt), holdout_percent}, customer_id);
}

TEST(Experiments, TheBucketIsComparedWithThePercentageTimesAHundred) {
  const std::string b0 = customer_in_bucket(0);
  const std::string b7 = customer_in_bucket(7);
  const std::string b1249 = customer_in_bucket(1249);
  const std::string b1250 = customer_in_bucket(1250);
  const std::string b3333 = customer_in_bucket(3333);
  EXPECT_EQ(variant(12.5, b1249), Variant::kHoldout);
  EXPECT_EQ(variant(12.5, b1250), Variant::kTreatment);
  EXPECT_EQ(variant(33.333, b3333), Variant::kHoldout) << "3333 < 3333.3";
  EXPECT_EQ(variant(33.33, b3333), Variant::kTreatment) << "3333 < 3333 is false";
  EXPECT_EQ(variant(0.004, b0), Variant::kHoldout) << "0 < 0.4";
  EXPECT_EQ(variant(0.07, b7), Variant::kTreatment) << "7 < 7 is false, in doubles too";
  EXPECT_EQ(variant(0, b0), Variant::kTreatment);
  EXPECT_EQ(variant(100, customer_in_bucket(9999)), Variant::kHoldout);
}

}  // namespace
}  // namespace crm
