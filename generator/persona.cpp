#include "generator/persona.h"

#include <array>

#include "generator/random.h"

namespace crm {
namespace {

constexpr std::array<std::string_view, kPersonaCount> kNames = {
    "loyal", "regular", "lapsing", "churn_and_return", "one_time", "browser", "signup", "vip",
};

// Shares of the population, in persona order; they add up to 1.
constexpr std::array<double, kPersonaCount> kShares = {
    0.10, 0.20, 0.12, 0.08, 0.15, 0.18, 0.12, 0.05,
};

constexpr std::array<PersonaTraits, kPersonaCount> kTraits = {{
    {2, 7, 14, 28, 1, 3, -1, -1, false},   // loyal
    {5, 20, 30, 90, 1, 3, -1, -1, false},  // regular
    {4, 12, 20, 45, 1, 3, 2, 4, false},    // lapsing
    {4, 10, 15, 30, 1, 3, 2, 3, false},    // churn_and_return: the purchases before the silence
    {20, 60, 0, 0, 1, 2, 1, 1, false},     // one_time
    {3, 30, 0, 0, 0, 0, 0, 0, false},      // browser
    {4, 14, 20, 60, 1, 3, -1, -1, false},  // signup, once signed up
    {1, 5, 7, 21, 4, 10, -1, -1, true},    // vip
}};

}  // namespace

std::string_view to_string(Persona persona) {
  return kNames[static_cast<std::size_t>(persona)];
}

Persona persona_of(std::uint64_t seed, std::uint32_t index) {
  // Weyl sequence with the golden ratio's fraction: consecutive shoppers land far apart in [0,1).
  constexpr double kGolden = 0.6180339887498949;
  const double start = static_cast<double>(SplitMix64::mix(seed) >> 11) * 0x1.0p-53;
  double u = start + kGolden * static_cast<double>(index);
  u -= static_cast<double>(static_cast<std::uint64_t>(u));
  for (int p = 0; p < kPersonaCount; ++p) {
    u -= kShares[static_cast<std::size_t>(p)];
    if (u < 0) return static_cast<Persona>(p);
  }
  return Persona::kVip;  // rounding of the shares' sum
}

const PersonaTraits& traits(Persona persona) {
  return kTraits[static_cast<std::size_t>(persona)];
}

}  // namespace crm
