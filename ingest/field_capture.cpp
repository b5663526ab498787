#include "ingest/field_capture.h"

namespace crm {
namespace {

constexpr std::array<std::string_view, kFieldIdCount> kFieldNames = {
    "event_id", "type",       "ts",       "customer_id", "anonymous_id", "session_id", "channel",
    "order_id", "product_id", "category", "page",        "query",        "topic",      "amount",
    "price",    "quantity",   "dwell_ms", "currency",    "items",
};

constexpr std::array<std::string_view, kItemFieldIdCount> kItemFieldNames = {
    "product_id", "category", "quantity", "price"};

}  // namespace

FieldId field_id_of(std::string_view key) {
  // Called for every key of every message: the length and one byte pick the only candidate,
  // so each key costs one comparison.
  auto candidate = [&](FieldId id) {
    return key == kFieldNames[static_cast<int>(id)] ? id : FieldId::kUnknown;
  };
  if (key.size() < 2) return FieldId::kUnknown;
  switch (key.size()) {
    case 2:
      return candidate(FieldId::kTs);
    case 4:
      return candidate(key[0] == 't' ? FieldId::kType : FieldId::kPage);
    case 5:
      switch (key[0]) {
        case 'p':
          return candidate(FieldId::kPrice);
        case 'i':
          return candidate(FieldId::kItems);
        case 'q':
          return candidate(FieldId::kQuery);
        case 't':
          return candidate(FieldId::kTopic);
        default:
          return FieldId::kUnknown;
      }
    case 6:
      return candidate(FieldId::kAmount);
    case 7:
      return candidate(FieldId::kChannel);
    case 8:
      switch (key[0]) {
        case 'e':
          return candidate(FieldId::kEventId);
        case 'o':
          return candidate(FieldId::kOrderId);
        case 'c':
          return candidate(key[1] == 'a' ? FieldId::kCategory : FieldId::kCurrency);
        case 'q':
          return candidate(FieldId::kQuantity);
        case 'd':
          return candidate(FieldId::kDwellMs);
        default:
          return FieldId::kUnknown;
      }
    case 10:
      return candidate(key[0] == 's' ? FieldId::kSessionId : FieldId::kProductId);
    case 11:
      return candidate(FieldId::kCustomerId);
    case 12:
      return candidate(FieldId::kAnonymousId);
    default:
      return FieldId::kUnknown;
  }
}

ItemFieldId item_field_id_of(std::string_view key) {
  for (int i = 0; i < kItemFieldIdCount; ++i) {
    if (key == kItemFieldNames[i]) return static_cast<ItemFieldId>(i);
  }
  return ItemFieldId::kUnknown;
}

std::string_view field_name(FieldId id) {
  return id == FieldId::kUnknown ? "?" : kFieldNames[static_cast<int>(id)];
}

std::string_view item_field_name(ItemFieldId id) {
  return id == ItemFieldId::kUnknown ? "?" : kItemFieldNames[static_cast<int>(id)];
}

}  // namespace crm
