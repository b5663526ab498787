// librdkafka properties that kafka.properties may not set because crmstream's guarantees
// (operations.md "Guarantees") rest on its own setting of them, or because a crmstream key
// sets them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace crm {

// Why `key` may not appear in kafka.properties (naming the crmstream key to use instead, when
// there is one), or nullopt when it may be passed through.
std::optional<std::string> forbidden_property_reason(std::string_view key);

}  // namespace crm
