// The kinds of shoppers of the synthetic shop and their cadences. Each persona exercises one path
// of the customer model (semantics.md): loyal and VIP buyers reach `loyal` and high value tiers,
// lapsing ones age into at_risk and churned, churn-and-return ones are won back, one-time buyers
// stay first_purchase, browsers never buy, and sign-ups link an anonymous history to a customer.
#pragma once

#include <cstdint>
#include <string_view>

namespace crm {

enum class Persona : std::uint8_t {
  kLoyal,           // buys every 2-4 weeks
  kRegular,         // buys every 1-3 months
  kLapsing,         // buys a few times, then stops
  kChurnAndReturn,  // buys, is silent for longer than any churn window, buys again (win-back)
  kOneTime,         // buys once
  kBrowser,         // never buys; half of them never log in either
  kSignup,          // anonymous visits, then a signup, then a regular buyer; may log in elsewhere
  kVip,             // buys often, big baskets of dear products
};
inline constexpr int kPersonaCount = 8;

std::string_view to_string(Persona persona);

// Persona of the index-th shopper. A low-discrepancy walk through the persona shares, so that even
// a small population holds each persona in about its share.
Persona persona_of(std::uint64_t seed, std::uint32_t index);

struct PersonaTraits {
  int browse_gap_min_days;  // between sessions that do not buy
  int browse_gap_max_days;
  int purchase_gap_min_days;  // between orders
  int purchase_gap_max_days;
  int basket_min_lines;
  int basket_max_lines;
  int purchases_min;  // before the persona stops buying; -1 = never stops
  int purchases_max;
  bool premium;  // picks the dearer products
};

const PersonaTraits& traits(Persona persona);

}  // namespace crm
