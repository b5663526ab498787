// The several ways real producers write a timestamp or an amount (events.md "Common fields",
// "Money"). The generator mixes them so that every accepted form is exercised, and each form
// here denotes exactly the instant or amount it is given: a decoder must read back the same value.
#pragma once

#include <cstdint>
#include <string>

#include "generator/random.h"
#include "processors/money.h"
#include "processors/time.h"

namespace crm {

enum class TsForm : std::uint8_t {
  kUtcMillis,    // "2025-03-01T18:04:05.123Z"
  kUtcMicros,    // "2025-03-01T18:04:05.123456Z": sub-millisecond digits, truncated on decode
  kWholeSecond,  // "2025-03-01T18:04:05Z" when t has no milliseconds, else as kUtcMillis
  kOffset,       // "2025-03-02T02:04:05.123+08:00": local time at some offset, same instant
  kEpochMillis,  // 1740852245123
};

// Appends `t` as a JSON value in `form`; `rng` picks the offset or the extra digits.
void append_ts(std::string& out, TimeMs t, TsForm form, SplitMix64& rng);

enum class MoneyForm : std::uint8_t {
  kNumber,          // 129.9
  kString,          // "129.90"
  kPaddedString,    // "129.90000": more decimals than 4, all trailing zeros
  kExponentNumber,  // 12990e-2
};

// Appends the non-negative amount `m` as a JSON value in `form`.
void append_money_as(std::string& out, Money m, MoneyForm form);

}  // namespace crm
