#include "app/version.h"

namespace crm {

std::string_view build_version() { return CRM_VERSION; }

}  // namespace crm
