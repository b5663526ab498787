// The build's version, from the CMake project (crmstream_build_info, --version).
#pragma once

#include <string_view>

namespace crm {

std::string_view build_version();

}  // namespace crm
