// Helpers shared by the config tests: load YAML text with a fixed environment, and capture
// the ConfigError a text must raise.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/config_loader.h"

namespace crm::testing {

using Environment = std::map<std::string, std::string>;

inline EnvLookup lookup_in(Environment environment) {
  return [environment = std::move(environment)](const std::string& name) {
    const auto found = environment.find(name);
    return found == environment.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
}

inline Config load(std::string_view yaml, Environment environment = {}) {
  return load_config_string(yaml, lookup_in(std::move(environment)));
}

// The error loading `yaml` raises; fails the test (and returns an empty error) if none.
inline ConfigError load_error(std::string_view yaml, Environment environment = {}) {
  try {
    load(yaml, std::move(environment));
  } catch (const ConfigError& error) {
    return error;
  }
  ADD_FAILURE() << "no ConfigError for:\n" << yaml;
  return ConfigError("", "");
}

}  // namespace crm::testing
