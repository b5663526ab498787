// What every state-using command shares: loading the configuration with the exit codes of
// operations.md (2 for a bad configuration, naming the key; 1 for a runtime failure, with the
// cause) and opening the state store of `state.dir`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "config/config.h"
#include "state/store.h"

namespace crm {

// A runtime failure a command reports with exit code 1.
class CommandFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loads the configuration and runs `body` with it; returns body's exit code, 2 on a
// configuration error, 1 on a CommandFailure or other exception (printed as
// "crmstream <command>: <cause>").
int run_command(std::string_view command, const std::string& config_path,
                const std::function<int(const Config&)>& body);

// Opens the state store of config.state.dir or throws CommandFailure naming the cause (another
// process holding the directory included).
std::unique_ptr<StateStore> open_state(const Config& config, OpenMode mode);

// Throws CommandFailure with `what` and the status when it is not ok.
void check(const Status& status, std::string_view what);

}  // namespace crm
