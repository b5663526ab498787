// A small, fast, seedable generator (SplitMix64) with the few draws the synthetic shop needs.
// Deterministic for a seed on every platform, unlike std::distributions.
#pragma once

#include <cstdint>

namespace crm {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  // SplitMix64's finalizer. A bijection on 64 bits, so distinct inputs give distinct outputs:
  // ids made of mix(salt ^ counter) are unique without remembering the ones handed out.
  static constexpr std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  std::uint64_t next() { return mix(state_ += 0x9E3779B97F4A7C15ull); }
  // Uniform in [0, bound).
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }
  // Uniform in [lo, hi], both included; lo when hi < lo.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return hi <= lo
               ? lo
               : lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double probability) { return unit() < probability; }

 private:
  std::uint64_t state_;
};

}  // namespace crm
