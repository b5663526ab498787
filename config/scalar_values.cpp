#include "config/scalar_values.h"

#include <charconv>
#include <cmath>

#include "config/number_text.h"
#include "config/units.h"
#include "ingest/decimal.h"

namespace crm {

namespace {

template <typename Number>
std::optional<Number> parse_whole(const std::string& text) {
  Number value{};
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (text.empty() || result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

std::string describe_duration(TimeMs min) {
  return min > 0 ? "a duration > 0 with a unit (500ms, 30s, 30m, 1h, 7d)"
                 : "a duration with a unit (500ms, 30s, 30m, 1h, 7d; 0s for none)";
}

}  // namespace

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

std::string read_string(const ConfigNode& node) {
  return node.text();
}

std::string read_nonempty_string(const ConfigNode& node) {
  std::string text = node.text();
  if (text.empty()) node.fail("must not be empty");
  return text;
}

bool read_bool(const ConfigNode& node) {
  // YAML 1.2's core schema: not 1.1's yes/no/on/off, whose meaning surprises.
  const std::string text = node.text();
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  node.fail("must be true or false, got " + quoted(text));
}

std::int64_t read_integer(const ConfigNode& node, std::int64_t min) {
  const std::string text = node.text();
  const auto value = parse_whole<std::int64_t>(text);
  if (!value) node.fail("must be a whole number, got " + quoted(text));
  if (*value < min) node.fail("must be >= " + std::to_string(min) + ", got " + text);
  return *value;
}

double read_number_in(const ConfigNode& node, double min, double max) {
  const std::string text = node.text();
  const auto value = parse_whole<double>(text);
  if (!value || !std::isfinite(*value)) node.fail("must be a number, got " + quoted(text));
  if (*value < min || *value > max) {
    node.fail("must be between " + format_number(min) + " and " + format_number(max) + ", got " +
              text);
  }
  return *value;
}

double read_positive_number(const ConfigNode& node) {
  const std::string text = node.text();
  const auto value = parse_whole<double>(text);
  if (!value || !std::isfinite(*value)) node.fail("must be a number, got " + quoted(text));
  if (*value <= 0) node.fail("must be > 0, got " + text);
  return *value;
}

TimeMs read_duration(const ConfigNode& node, TimeMs min) {
  const std::string text = node.text();
  const auto value = parse_duration(text);
  if (!value || *value < min)
    node.fail("must be " + describe_duration(min) + ", got " + quoted(text));
  return *value;
}

std::uint64_t read_size(const ConfigNode& node, std::uint64_t min) {
  const std::string text = node.text();
  const auto value = parse_size(text);
  if (!value) {
    node.fail("must be a size: a number of bytes, or a number with KiB, MiB or GiB, got " +
              quoted(text));
  }
  if (*value < min) {
    node.fail("must be at least " + std::to_string(min) + (min == 1 ? " byte" : " bytes") +
              ", got " + text);
  }
  return *value;
}

Money read_money(const ConfigNode& node) {
  const std::string text = node.text();
  const auto value = parse_money_string(text);
  if (!value) {
    node.fail("must be an amount >= 0 with at most 4 decimal places (\"129.90\"), got " +
              quoted(text));
  }
  return *value;
}

}  // namespace crm
