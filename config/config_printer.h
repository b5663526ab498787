// The effective configuration as YAML (what `crmstream check-config` prints): every key with
// the value in force, defaults included, secrets (http.token and credential-like
// kafka.properties) shown as `***`. The output loads back to the same configuration, secrets
// aside.
#pragma once

#include <string>

#include "config/config.h"

namespace crm {

std::string print_config(const Config& config);

}  // namespace crm
