// Opening the state directory read-write for the commands that change or copy state beside no
// pipeline (forget, backup). A running crmstream holds the directory's lock; those commands
// then fail with Busy, and its message names the holder's pid and says how the operation
// reaches the running process instead, since that is what the operator needs next.
#pragma once

#include <memory>
#include <string_view>

#include "config/config.h"
#include "state/store.h"

namespace crm {

// NotFound when config.state.dir holds no state (a mistyped path must not become a new, empty
// store); Busy with `instead` appended when another process holds it; otherwise as
// StateStore::open.
Status open_state_exclusively(const Config& config, std::string_view instead,
                              std::unique_ptr<StateStore>& store);

}  // namespace crm
