// Appends one JSON object by hand, member by member, to a reused string: the generator writes
// millions of events a second, and processors' JsonWriter escapes every key and id, which costs
// a third of the generator's time. Here keys are the caller's literals and values the caller
// vouches for (generated ids, catalog names: ASCII, nothing to escape) go in as they are; free
// text goes through append_json_string.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "processors/json_writer.h"

namespace crm {

class JsonLine {
 public:
  // Opens an object at the end of `out`; close() ends it.
  explicit JsonLine(std::string& out) : out_(out) { out_.push_back('{'); }

  // Writes `"name":` after a comma when needed and returns the buffer for the value.
  std::string& member(std::string_view name) {
    put_name(grow(name.size() + (first_ ? 3 : 4)), name);
    return out_;
  }
  // A string the caller vouches needs no escaping.
  void plain(std::string_view name, std::string_view value) {
    char* at = put_name(grow(name.size() + value.size() + (first_ ? 5 : 6)), name);
    *at++ = '"';
    std::memcpy(at, value.data(), value.size());
    at[value.size()] = '"';
  }
  // A string appended by `append_value(out)`, quoted, not escaped: for generated ids.
  template <typename AppendValue>
  void plain_from(std::string_view name, AppendValue&& append_value) {
    std::string& out = member(name);
    out.push_back('"');
    append_value(out);
    out.push_back('"');
  }
  // Free text, escaped.
  void text(std::string_view name, std::string_view value) {
    append_json_string(member(name), value);
  }
  void integer(std::string_view name, std::int64_t value) { append_digits(member(name), value); }
  // A value as it is: a number token, null, a nested object or array, or deliberately bad bytes.
  void raw(std::string_view name, std::string_view token) { member(name).append(token); }
  void close() { out_.push_back('}'); }

  static void append_digits(std::string& out, std::int64_t value) {
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr);
  }

 private:
  // Makes room for `size` more bytes and returns where they start: one resize instead of a
  // push_back per character, which costs a call and a capacity check each.
  char* grow(std::size_t size) {
    const std::size_t at = out_.size();
    out_.resize(at + size);
    return out_.data() + at;
  }
  // Writes `,"name":` (no comma first) at `at`; returns the byte after it.
  char* put_name(char* at, std::string_view name) {
    if (!first_) *at++ = ',';
    first_ = false;
    *at++ = '"';
    std::memcpy(at, name.data(), name.size());
    at += name.size();
    *at++ = '"';
    *at++ = ':';
    return at;
  }

  std::string& out_;
  bool first_ = true;
};

}  // namespace crm
