#include "processors/json_writer.h"

#include "processors/decimal_format.h"

namespace crm {
namespace {

// Length of the valid UTF-8 sequence starting at text[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const auto continuation = [&](std::size_t k) {
    return k < text.size() && (byte(k) & 0xC0) == 0x80;
  };
  const unsigned char lead = byte(i);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(i + 1) || !continuation(i + 2)) return 0;
    const unsigned char second = byte(i + 1);
    if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
    if (lead == 0xED && second > 0x9F) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) return 0;
    const unsigned char second = byte(i + 1);
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  // Runs of bytes that need no escaping are appended in one call.
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length != 0) {
        i += length;
        continue;
      }
    }
    out.append(text.data() + run_start, i - run_start);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(escape, sizeof escape);
    } else {
      out.append("\\ufffd");
    }
    ++i;
    run_start = i;
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out.push_back('"');
}

void append_int64(std::string& out, std::int64_t value) {
  // Digits come out backwards into a stack buffer; unsigned so that INT64_MIN negates safely.
  char digits[24];
  int length = 0;
  auto magnitude =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  do {
    digits[length++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) out.push_back('-');
  while (length > 0) out.push_back(digits[--length]);
}

void JsonWriter::separate() {
  if (need_comma_) out_->push_back(',');
  need_comma_ = true;
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  out_->push_back('{');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_->push_back('}');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  out_->push_back('[');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_->push_back(']');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  append_json_string(*out_, name);
  out_->push_back(':');
  // The value that follows belongs to this member: no comma before it.
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::string_value(std::string_view text) {
  separate();
  append_json_string(*out_, text);
  return *this;
}

JsonWriter& JsonWriter::nullable_string_value(const std::optional<std::string>& text) {
  return text ? string_value(std::string_view(*text)) : null_value();
}

JsonWriter& JsonWriter::int_value(std::int64_t value) {
  separate();
  append_int64(*out_, value);
  return *this;
}

JsonWriter& JsonWriter::bool_value(bool value) {
  separate();
  out_->append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null_value() {
  separate();
  out_->append("null");
  return *this;
}

JsonWriter& JsonWriter::raw_value(std::string_view json) {
  separate();
  out_->append(json);
  return *this;
}

JsonWriter& JsonWriter::money_value(Money amount) {
  separate();
  out_->push_back('"');
  append_money(*out_, amount);
  out_->push_back('"');
  return *this;
}

JsonWriter& JsonWriter::time_value(TimeMs t) {
  separate();
  out_->push_back('"');
  append_rfc3339_ms(*out_, t);
  out_->push_back('"');
  return *this;
}

JsonWriter& JsonWriter::decimal3_value(double value) {
  separate();
  if (!append_decimal3(*out_, value)) out_->append("null");
  return *this;
}

}  // namespace crm
