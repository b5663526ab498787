// Loads the YAML configuration file (operations.md "Configuration") into Config, validated
// once: every key absent keeps its default, every key present is checked, and any problem is
// a ConfigError naming the key path (`rfm.segments[2].r`) and what is wrong.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "config/config_error.h"
#include "config/env_substitution.h"

namespace crm {

// The file at `path`, with `${VAR}` taken from the process environment. An empty file is the
// default configuration. Throws ConfigError (with an empty path when the file cannot be read).
Config load_config_file(const std::string& path);
Config load_config_file(const std::string& path, const EnvLookup& env);

// The same from YAML text, with `${VAR}` taken from `env`.
Config load_config_string(std::string_view yaml, const EnvLookup& env);

}  // namespace crm
