#include "config/env_substitution.h"

#include <cstdlib>

namespace crm {

namespace {

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

bool is_valid_name(std::string_view name) {
  if (name.empty() || !is_name_start(name.front())) return false;
  for (char c : name) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

// The text of one `${...}` without its braces: "NAME" or "NAME:-default".
std::string expand(std::string_view inside, const EnvLookup& env) {
  const std::size_t separator = inside.find(":-");
  const std::string_view name = inside.substr(0, separator);
  if (!is_valid_name(name)) {
    throw EnvSubstitutionError("invalid environment variable reference ${" + std::string(inside) +
                               "}");
  }
  std::optional<std::string> value = env(std::string(name));
  if (separator == std::string_view::npos) {
    if (!value) {
      throw EnvSubstitutionError("environment variable " + std::string(name) + " is not set");
    }
    return *value;
  }
  if (!value || value->empty()) return std::string(inside.substr(separator + 2));
  return *value;
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string substitute_env(std::string_view text, const EnvLookup& env) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find("${", pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      throw EnvSubstitutionError("unterminated environment variable reference (a ${ without })");
    }
    out.append(text.substr(pos, open - pos));
    out += expand(text.substr(open + 2, close - open - 2), env);
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace crm
