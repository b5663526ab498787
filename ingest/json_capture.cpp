#include "ingest/json_capture.h"

#include <utility>

#include "ingest/exact_decimal.h"

namespace crm {
namespace {

namespace od = simdjson::ondemand;

// raw_json_token() runs up to the next token, so it may carry trailing whitespace.
std::string_view trim_trailing_space(std::string_view token) {
  while (!token.empty()) {
    const char c = token.back();
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    token.remove_suffix(1);
  }
  return token;
}

JsonKind kind_of(od::json_type type) {
  switch (type) {
    case od::json_type::object: return JsonKind::kObject;
    case od::json_type::array: return JsonKind::kArray;
    case od::json_type::number: return JsonKind::kNumber;
    case od::json_type::string: return JsonKind::kString;
    case od::json_type::boolean: return JsonKind::kBool;
    case od::json_type::null: return JsonKind::kNull;
  }
  return JsonKind::kAbsent;
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
  const char* end = start;
  // Stage 1 has checked that the string is closed, so the scan stops inside the message.
  while (*end != '"' && *end != '\\') ++end;
  if (*end == '"') {
    key = std::string_view(start, static_cast<std::size_t>(end - start));
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
    if (id == FieldId::kUnknown) {
      if (!walk(value, 1)) return false;
    } else if (id == FieldId::kItems && out[id].count == 0) {
      if (!capture_items(value, out, 1)) return false;
    } else if (!capture_value(value, out[id], 1)) {
      return false;
    }
  }
  return true;
}

// Records the first occurrence of a named field; later ones only count (and are walked).
bool JsonCapture::capture_value(Value& value, CapturedValue& slot, int depth) {
  if (slot.count > 0) {
    slot.count = 2;
    return walk(value, depth);
  }
  slot.count = 1;
  od::json_type type;
  if (auto code = value.type().get(type)) return fail(code);
  slot.kind = kind_of(type);
  if (type == od::json_type::object || type == od::json_type::array) return walk(value, depth);
  return walk_scalar(value, type, &slot);
}

bool JsonCapture::capture_items(Value& value, FieldCapture& out, int depth) {
  CapturedValue& slot = out[FieldId::kItems];
  slot.count = 1;
  od::json_type type;
  if (auto code = value.type().get(type)) return fail(code);
  slot.kind = kind_of(type);
  if (type != od::json_type::array) {
    return walk(value, depth);  // validation reports the wrong kind
  }
  if (depth + 1 > kMaxDepth) return fail("nesting deeper than 64");
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
  od::json_type type;
  if (auto code = value.type().get(type)) return fail(code);
  item.kind = kind_of(type);
  if (type != od::json_type::object) return walk(value, depth);
  if (depth + 1 > kMaxDepth) return fail("nesting deeper than 64");
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
                        ? walk(child, depth + 1)
                        : capture_value(child, item.fields[static_cast<int>(id)], depth + 1);
    if (!ok) return false;
  }
  return true;
}

// Visits a value completely so that the whole document is validated. `depth` counts the
// containers around `value`.
bool JsonCapture::walk(Value& value, int depth) {
  od::json_type type;
  if (auto code = value.type().get(type)) return fail(code);
  switch (type) {
    case od::json_type::object: {
      if (depth + 1 > kMaxDepth) return fail("nesting deeper than 64");
      od::object object;
      if (auto code = value.get_object().get(object)) return fail(code);
      for (auto field_result : object) {
        od::field field;
        if (auto code = std::move(field_result).get(field)) return fail(code);
        std::string_view key;
        if (!read_key(field, key)) return false;
        Value child = field.value();
        if (!walk(child, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::array: {
      if (depth + 1 > kMaxDepth) return fail("nesting deeper than 64");
      od::array array;
      if (auto code = value.get_array().get(array)) return fail(code);
      for (auto element_result : array) {
        Value element;
        if (auto code = std::move(element_result).get(element)) return fail(code);
        if (!walk(element, depth + 1)) return false;
      }
      return true;
    }
    default:
      return walk_scalar(value, type, nullptr);
  }
}

// Validates a scalar; `slot` (when given) receives a string's unescaped value or a number's
// token as written, which money parsing needs exactly (never via double).
bool JsonCapture::walk_scalar(Value& value, od::json_type type, CapturedValue* slot) {
  switch (type) {
    case od::json_type::string: {
      // Without a backslash the string is its own unescaped value: stage 1 has validated its
      // UTF-8 and refused raw control characters, so it can be viewed in place.
      const std::string_view token = value.raw_json_token();  // starts at the quote
      const char* const start = token.data() + 1;
      const char* end = start;
      while (*end != '"' && *end != '\\') ++end;
      if (*end == '"') {
        if (slot != nullptr) {
          slot->text = std::string_view(start, static_cast<std::size_t>(end - start));
          slot->in_message = true;
        }
        return true;
      }
      std::string_view unescaped;
      if (auto code = value.get_string().get(unescaped)) return fail(code);
      if (slot != nullptr) slot->text = unescaped;
      return true;
    }
    case od::json_type::number: {
      // On-Demand checks a number only when it is converted; check the grammar here, for
      // numbers of any size (NaN and Infinity never reach this: type() refuses them).
      const std::string_view token = trim_trailing_space(value.raw_json_token());
      if (!is_json_number(token)) return fail("invalid number");
      if (slot != nullptr) {
        slot->text = token;
        slot->in_message = true;
      }
      return true;
    }
    case od::json_type::boolean: {
      bool flag = false;
      if (auto code = value.get_bool().get(flag)) return fail(code);
      return true;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto code = value.is_null().get(is_null)) return fail(code);
      return is_null || fail("invalid literal");
    }
    default:
      return fail(simdjson::INCORRECT_TYPE);
  }
}

}  // namespace crm
