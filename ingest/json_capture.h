// The decoder's JSON pass: reads one message as exactly one JSON object, in one forward
// pass with simdjson On-Demand, and captures the fields events.md names into a FieldCapture.
// Every value is visited, ignored ones included, so invalid JSON anywhere (a bad number or
// escape inside an unknown field, a trailing comma) is caught, and nesting deeper than
// kMaxDepth is refused before the parser recurses further.
// Owns the parser, reused across messages: capture() allocates only while the parser grows
// to the largest message seen. Strings without escapes (nearly all) are captured as views
// into the message rather than unescaped into the parser's buffer.
// REQUIRES: external synchronization (one per decoding thread).
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "ingest/field_capture.h"

namespace crm {

class JsonCapture {
 public:
  // events.md: "nesting deeper than 64" is malformed; the top-level object is depth 1.
  static constexpr int kMaxDepth = 64;

  JsonCapture() = default;
  JsonCapture(const JsonCapture&) = delete;
  JsonCapture& operator=(const JsonCapture&) = delete;

  // Reads `bytes` into `out`. False when `bytes` is not exactly one valid JSON object; then
  // `error` says why ("JSON: ...").
  // REQUIRES: simdjson::SIMDJSON_PADDING readable bytes after `bytes`.
  bool capture(std::string_view bytes, FieldCapture& out, std::string& error);

 private:
  using Value = simdjson::ondemand::value;

  // `depth` counts the containers around the value; `slot` (may be null) receives it.
  bool read_object_fields(simdjson::ondemand::object& object, FieldCapture& out);
  bool capture_value(Value& value, CapturedValue& slot, int depth);
  bool capture_items(Value& value, FieldCapture& out, int depth);
  bool capture_item(Value& value, CapturedItem& item, int depth);
  bool visit(Value& value, int depth, CapturedValue* slot);
  bool visit_object(Value& value, int depth);
  bool visit_array(Value& value, int depth);
  bool visit_string(Value& value, std::string_view token, CapturedValue* slot);
  bool read_key(simdjson::ondemand::field& field, std::string_view& key);

  [[gnu::cold]] bool fail(simdjson::error_code code);
  [[gnu::cold]] bool fail(const char* problem);

  simdjson::ondemand::parser parser_;
  // Why the current message failed: a simdjson error, or one of ours when problem_ is set.
  simdjson::error_code error_code_ = simdjson::SUCCESS;
  const char* problem_ = nullptr;
};

}  // namespace crm
