// `${VAR}` and `${VAR:-default}` in configuration values (operations.md "Configuration"), so
// that secrets come from the environment instead of the file. The lookup is a parameter so
// that tests need not touch the process environment.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace crm {

// The value of an environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the process environment (getenv).
EnvLookup process_environment();

// Why a value could not be substituted; the loader adds the key path.
class EnvSubstitutionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Replaces every `${NAME}` (NAME: a letter or '_', then letters, digits, '_') by the value of
// NAME, and every `${NAME:-default}` by the value of NAME or, when NAME is unset or empty (as
// the shell does), by the default text, which runs to the first '}'. The replacement text is
// not scanned again. A '$' not followed by '{' is kept as it is. Throws EnvSubstitutionError
// naming the variable when NAME is unset and has no default, or when a `${` is malformed.
std::string substitute_env(std::string_view text, const EnvLookup& env);

}  // namespace crm
