// JsonWriter: appends compact JSON (no whitespace) to a caller's std::string, so that one buffer
// can be reused from record to record without reallocating. It knows the contract's value
// conventions (outputs.md): money as a quoted exact decimal, times as quoted RFC 3339 UTC with
// milliseconds, derived intervals and scores as three-decimal numbers.
//
// Strings and keys are escaped: '"' and '\' with a backslash, every control character below
// 0x20 as \u00XX, valid UTF-8 passed through unchanged. Input is validated upstream, but each
// byte of an invalid UTF-8 sequence becomes \ufffd so that the output is always valid JSON.
//
// The writer trusts its caller for structure (a key before each value inside an object, every
// begin matched by an end) and keeps one bit of state: whether the next item needs a comma.
// Not thread-safe: one writer per buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "processors/money.h"
#include "processors/time.h"

namespace crm {

// Appends `text` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view text);

// Appends the decimal digits of `value` ("-42"), without a std::string temporary.
void append_int64(std::string& out, std::int64_t value);

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(&out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();

  // An object member's name; the next call writes its value.
  JsonWriter& key(std::string_view name);

  JsonWriter& string_value(std::string_view text);
  // null when absent.
  JsonWriter& nullable_string_value(const std::optional<std::string>& text);
  JsonWriter& int_value(std::int64_t value);
  JsonWriter& bool_value(bool value);
  JsonWriter& null_value();
  // Already-rendered JSON, appended as it is.
  JsonWriter& raw_value(std::string_view json);
  JsonWriter& money_value(Money amount);  // "259.8"
  JsonWriter& time_value(TimeMs t);       // "2026-11-22T10:00:00.000Z"
  // 24.0, 0.51 (decimal_format.h); null for a value that has no such form (NaN, infinity).
  JsonWriter& decimal3_value(double value);

  std::string& buffer() { return *out_; }

 private:
  // Writes the comma that separates this item from the previous one at the same level.
  void separate();

  std::string* out_;
  bool need_comma_ = false;
};

}  // namespace crm
