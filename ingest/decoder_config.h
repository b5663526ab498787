// What the event decoder needs to know (events.md "Bad input", money and currency).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "processors/time.h"

namespace crm {

// An exact decimal exchange rate: value = digits / 10^scale ("1.08" -> {108, 2}).
struct DecimalRate {
  std::int64_t digits = 0;
  int scale = 0;
  friend bool operator==(const DecimalRate&, const DecimalRate&) = default;
};

struct DecoderConfig {
  std::size_t max_message_bytes = 65536;
  // Events with ts more than this ahead of the wall clock are invalid_field; 0 = off.
  // Only `run` and `demo` check it (a replay is reproducible).
  TimeMs max_future_skew = 24 * kHourMs;
  std::string currency = "USD";
  std::map<std::string, DecimalRate, std::less<>> currency_rates;  // code -> value in `currency`
};

}  // namespace crm
