// Typed reads of one configuration value: the scalar's text (after `${VAR}` substitution)
// parsed as the key's type, failing with the key path, what was expected, and what was got.
#pragma once

#include <cstdint>
#include <string>

#include "config/config_names.h"
#include "config/config_node.h"
#include "processors/money.h"
#include "processors/time.h"

namespace crm {

std::string read_string(const ConfigNode& node);
std::string read_nonempty_string(const ConfigNode& node);
bool read_bool(const ConfigNode& node);  // true | false
std::int64_t read_integer(const ConfigNode& node, std::int64_t min);
double read_positive_number(const ConfigNode& node);  // finite, > 0
double read_number_in(const ConfigNode& node, double min, double max);
TimeMs read_duration(const ConfigNode& node, TimeMs min);  // min 0: "0s" allowed
std::uint64_t read_size(const ConfigNode& node, std::uint64_t min);
Money read_money(const ConfigNode& node);  // exact, via parse_money_string

// Quotes a value for a message: got "sometimes".
std::string quoted(const std::string& text);

template <typename Value, std::size_t N>
Value read_choice(const ConfigNode& node, const std::array<Spelling<Value>, N>& names) {
  const std::string text = node.text();
  if (auto value = value_named(names, text)) return *value;
  node.fail("must be " + describe_names(names) + ", got " + quoted(text));
}

}  // namespace crm
