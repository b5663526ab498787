#include "ingest/field_capture.h"

namespace crm {
namespace {

constexpr std::array<std::string_view, kFieldIdCount> kFieldNames = {
    "event_id", "type",     "ts",    "customer_id", "anonymous_id", "session_id", "channel",
    "order_id", "product_id", "category", "page", "query", "topic", "amount",
    "price",    "quantity", "dwell_ms", "currency", "items",
};

constexpr std::array<std::string_view, kItemFieldIdCount> kItemFieldNames = {
    "product_id", "category", "quantity", "price"};

}  // namespace

FieldId field_id_of(std::string_view key) {
  // Called for every key of every message: dispatch on length, then compare the few names of
  // that length.
  auto is = [&](FieldId id) { return key == kFieldNames[static_cast<int>(id)]; };
  switch (key.size()) {
    case 2:
      if (is(FieldId::kTs)) return FieldId::kTs;
      break;
    case 4:
      if (is(FieldId::kType)) return FieldId::kType;
      if (is(FieldId::kPage)) return FieldId::kPage;
      break;
    case 5:
      if (is(FieldId::kPrice)) return FieldId::kPrice;
      if (is(FieldId::kItems)) return FieldId::kItems;
      if (is(FieldId::kQuery)) return FieldId::kQuery;
      if (is(FieldId::kTopic)) return FieldId::kTopic;
      break;
    case 6:
      if (is(FieldId::kAmount)) return FieldId::kAmount;
      break;
    case 7:
      if (is(FieldId::kChannel)) return FieldId::kChannel;
      break;
    case 8:
      if (is(FieldId::kEventId)) return FieldId::kEventId;
      if (is(FieldId::kOrderId)) return FieldId::kOrderId;
      if (is(FieldId::kCategory)) return FieldId::kCategory;
      if (is(FieldId::kQuantity)) return FieldId::kQuantity;
      if (is(FieldId::kDwellMs)) return FieldId::kDwellMs;
      if (is(FieldId::kCurrency)) return FieldId::kCurrency;
      break;
    case 10:
      if (is(FieldId::kSessionId)) return FieldId::kSessionId;
      if (is(FieldId::kProductId)) return FieldId::kProductId;
      break;
    case 11:
      if (is(FieldId::kCustomerId)) return FieldId::kCustomerId;
      break;
    case 12:
      if (is(FieldId::kAnonymousId)) return FieldId::kAnonymousId;
      break;
    default:
      break;
  }
  return FieldId::kUnknown;
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
