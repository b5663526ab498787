#include "ingest/json_capture.h"

#include <utility>

#include "ingest/exact_decimal.h"

namespace crm {
namespace {

namespace od = simdjson::ondemand;

constexpr const char* kTooDeep = "nesting deeper than 64";

// raw_json_token() runs up to the next token, so it may carry trailing whitespace.
std::string_view trim_trailing_space(std::string_view token) {
  while (!token.empty()) {
    const char c = token.back();
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    token.remove_suffix(1);
  }
  return token;
}

// The kind a value has, from its first byte (JSON needs no more).
JsonKind kind_of(char first) {
  switch (first) {
    case '{':
      return JsonKind::kObject;
    case '[':
      return JsonKind::kArray;
    case '"':
      return JsonKind::kString;
    case 't':
    case 'f':
      return JsonKind::kBool;
    case 'n':
      return JsonKind::kNull;
    default:
      return JsonKind::kNumber;  // confirmed (or refused) by visit()
  }
}

// Length of the string that starts at `start` if it holds no backslash, else -1.
// Stage 1 has checked that every string is closed, so the scan stays inside the message.
std::ptrdiff_t plain_string_length(const char* start) {
  const char* end = start;
  while (*end != '"' && *end != '\\') ++end;
  return *end == '"' ? end - start : -1;
}

}  // namespace

bool JsonCapture::fail(simdjson::error_code code) {
  error_code_ = code;
  return false;
}

bool JsonCapture::fail(const char* problem) {
  problem_ = problem;
  return false;
}

bool JsonCapture::capture(std::string_view bytes, FieldCapture& out, std::string& error) {
  out.clear();
  error_code_ = simdjson::SUCCESS;
  problem_ = nullptr;
  bool ok = false;
  od::document document;
  if (auto code =
          parser_.iterate(bytes.data(), bytes.size(), bytes.size() + simdjson::SIMDJSON_PADDING)
              .get(document)) {
    ok = fail(code);
  } else {
    od::object object;
    if (auto object_code = document.get_object().get(object)) {
      ok = object_code == simdjson::INCORRECT_TYPE ? fail("top level is not an object")
                                                   : fail(object_code);
    } else if (read_object_fields(object, out)) {
      // current_location() is in bounds only when something follows the object.
      ok = document.current_location().error() != simdjson::SUCCESS ||
           fail("trailing bytes after the object");
    }
  }
  if (!ok) {
    error.assign("JSON: ");
    if (problem_ != nullptr) {
      error.append(problem_);
    } else if (error_code_ == simdjson::EMPTY) {
      error.append("empty message");
    } else {
      error.append(simdjson::error_message(error_code_));
    }
  }
  return ok;
}

// Keys almost never hold escapes: those without a backslash are read in place; the rest are
// unescaped (and their escapes validated) by simdjson.
bool JsonCapture::read_key(od::field& field, std::string_view& key) {
  const char* const start = field.key().raw();
  const std::ptrdiff_t length = plain_string_length(start);
  if (length >= 0) {
    key = std::string_view(start, static_cast<std::size_t>(length));
    return true;
  }
  if (auto code = field.unescaped_key().get(key)) return fail(code);
  return true;
}

bool JsonCapture::read_object_fields(od::object& object, FieldCapture& out) {
  for (auto field_result : object) {
    od::field field;
    if (auto code = std::move(field_result).get(field)) return fail(code);
    std::string_view key;
    if (!read_key(field, key)) return false;
    Value value = field.value();
    const FieldId id = field_id_of(key);
    bool ok = false;
    if (id == FieldId::kUnknown) {
      ok = visit(value, 1, nullptr);
    } else if (id == FieldId::kItems && out[id].count == 0) {
      ok = capture_items(value, out, 1);
    } else {
      ok = capture_value(value, out[id], 1);
    }
    if (!ok) return false;
  }
  return true;
}

// Records the first occurrence of a named field; later ones only count (and are visited).
bool JsonCapture::capture_value(Value& value, CapturedValue& slot, int depth) {
  if (slot.count > 0) {
    slot.count = 2;
    return visit(value, depth, nullptr);
  }
  slot.count = 1;
  return visit(value, depth, &slot);
}

bool JsonCapture::capture_items(Value& value, FieldCapture& out, int depth) {
  CapturedValue& slot = out[FieldId::kItems];
  slot.count = 1;
  if (value.raw_json_token()[0] != '[') return visit(value, depth, &slot);  // wrong kind
  slot.kind = JsonKind::kArray;
  if (depth + 1 > kMaxDepth) return fail(kTooDeep);
  od::array array;
  if (auto code = value.get_array().get(array)) return fail(code);
  for (auto element_result : array) {
    Value element;
    if (auto code = std::move(element_result).get(element)) return fail(code);
    if (!capture_item(element, out.items.emplace_back(), depth + 1)) return false;
  }
  return true;
}

bool JsonCapture::capture_item(Value& value, CapturedItem& item, int depth) {
  const char first = value.raw_json_token()[0];
  item.kind = kind_of(first);
  if (first != '{') return visit(value, depth, nullptr);
  if (depth + 1 > kMaxDepth) return fail(kTooDeep);
  od::object object;
  if (auto code = value.get_object().get(object)) return fail(code);
  for (auto field_result : object) {
    od::field field;
    if (auto code = std::move(field_result).get(field)) return fail(code);
    std::string_view key;
    if (!read_key(field, key)) return false;
    Value child = field.value();
    const ItemFieldId id = item_field_id_of(key);
    const bool ok = id == ItemFieldId::kUnknown
                        ? visit(child, depth + 1, nullptr)
                        : capture_value(child, item.fields[static_cast<int>(id)], depth + 1);
    if (!ok) return false;
  }
  return true;
}

// Checks a value completely, so that the whole document is validated, dispatching on its
// first byte. Scalars are checked here from their token and left for the iterator to step
// over; On-Demand would otherwise check a number or literal only when it is converted.
bool JsonCapture::visit(Value& value, int depth, CapturedValue* slot) {
  const std::string_view token = value.raw_json_token();
  const char first = token[0];
  if (slot != nullptr) slot->kind = kind_of(first);
  switch (first) {
    case '"':
      return visit_string(value, token, slot);
    case '{':
      return visit_object(value, depth);
    case '[':
      return visit_array(value, depth);
    case 't':
      return trim_trailing_space(token) == "true" || fail("invalid literal");
    case 'f':
      return trim_trailing_space(token) == "false" || fail("invalid literal");
    case 'n':
      return trim_trailing_space(token) == "null" || fail("invalid literal");
    case ',':
    case ':':
    case '}':
    case ']':
      return fail("expected a value");
    default: {
      // Numbers of any size are checked against the JSON grammar (NaN, Infinity, 01, 1.
      // are refused); money needs the token as written, never a double.
      const std::string_view number = trim_trailing_space(token);
      if (!is_json_number(number)) {
        return fail(first == '-' || (first >= '0' && first <= '9') ? "invalid number"
                                                                   : "invalid value");
      }
      if (slot != nullptr) {
        slot->text = number;
        slot->in_message = true;
      }
      return true;
    }
  }
}

bool JsonCapture::visit_string(Value& value, std::string_view token, CapturedValue* slot) {
  // Without a backslash the string is its own unescaped value: stage 1 has validated its
  // UTF-8 and refused raw control characters, so it can be viewed in place.
  const std::ptrdiff_t length = plain_string_length(token.data() + 1);
  if (length >= 0) {
    if (slot != nullptr) {
      slot->text = std::string_view(token.data() + 1, static_cast<std::size_t>(length));
      slot->in_message = true;
    }
    return true;
  }
  std::string_view unescaped;
  if (auto code = value.get_string().get(unescaped)) return fail(code);
  if (slot != nullptr) slot->text = unescaped;
  return true;
}

bool JsonCapture::visit_object(Value& value, int depth) {
  if (depth + 1 > kMaxDepth) return fail(kTooDeep);
  od::object object;
  if (auto code = value.get_object().get(object)) return fail(code);
  for (auto field_result : object) {
    od::field field;
    if (auto code = std::move(field_result).get(field)) return fail(code);
    std::string_view key;
    if (!read_key(field, key)) return false;
    Value child = field.value();
    if (!visit(child, depth + 1, nullptr)) return false;
  }
  return true;
}

bool JsonCapture::visit_array(Value& value, int depth) {
  if (depth + 1 > kMaxDepth) return fail(kTooDeep);
  od::array array;
  if (auto code = value.get_array().get(array)) return fail(code);
  for (auto element_result : array) {
    Value element;
    if (auto code = std::move(element_result).get(element)) return fail(code);
    if (!visit(element, depth + 1, nullptr)) return false;
  }
  return true;
}

}  // namespace crm
