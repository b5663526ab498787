#include "config/kafka_property_guard.h"

#include <array>

namespace crm {

namespace {

struct ForbiddenProperty {
  std::string_view key;
  std::string_view reason;
};

constexpr std::string_view kOffsetsReason =
    "may not be set: crmstream commits offsets itself, together with its state (exactly-once "
    "processing)";

// metadata.broker.list is librdkafka's own name of bootstrap.servers, an alias of it.
constexpr std::array<ForbiddenProperty, 7> kForbidden = {{
    {"enable.auto.commit", kOffsetsReason},
    {"enable.auto.offset.store", kOffsetsReason},
    {"enable.idempotence",
     "may not be set: crmstream's producer is always idempotent (no lost or reordered outputs)"},
    {"isolation.level",
     "may not be set: crmstream reads with read_committed (librdkafka's default), and no "
     "crmstream key changes that"},
    {"group.id", "may not be set here: use kafka.group_id"},
    {"bootstrap.servers", "may not be set here: use kafka.brokers"},
    {"metadata.broker.list", "may not be set here: use kafka.brokers"},
}};

}  // namespace

std::optional<std::string> forbidden_property_reason(std::string_view key) {
  for (const ForbiddenProperty& property : kForbidden) {
    if (property.key == key) return std::string(property.reason);
  }
  return std::nullopt;
}

}  // namespace crm
