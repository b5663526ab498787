// What the JSON pass of the decoder hands to validation: for each field events.md names, how
// often it appeared, its JSON kind and its text, captured in one forward pass before any
// field is judged. Capturing first and validating after keeps the contract's check order
// ("JSON errors anywhere win", then event_id, type, ts, ...) independent of the order the
// producer wrote the fields in.
// Views point into the message (the decoder's padded copy of it, in the event arena) or,
// for strings with escapes, into the JSON parser's string buffer, which the next message
// overwrites.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace crm {

enum class JsonKind : std::uint8_t { kAbsent, kNull, kString, kNumber, kBool, kObject, kArray };

// One field of an object: the first occurrence's kind and text, and the occurrence count
// (saturating at 2, as only "more than once" matters).
struct CapturedValue {
  JsonKind kind = JsonKind::kAbsent;
  std::uint8_t count = 0;
  std::string_view text;  // a string unescaped, or a number's token as written
  // `text` is a view into the message itself (a string without escapes, a number), not
  // into the parser's scratch buffer, so it lives as long as the message copy does.
  bool in_message = false;

  // events.md: "A field whose value is null is absent."
  bool present() const { return kind != JsonKind::kAbsent && kind != JsonKind::kNull; }
};

// The top-level fields any event type validates.
enum class FieldId : std::uint8_t {
  kEventId,
  kType,
  kTs,
  kCustomerId,
  kAnonymousId,
  kSessionId,
  kChannel,
  kOrderId,
  kProductId,
  kCategory,
  kPage,
  kQuery,
  kTopic,
  kAmount,
  kPrice,
  kQuantity,
  kDwellMs,
  kCurrency,
  kItems,
  kUnknown,  // any other key: walked for JSON validity, never captured
};
inline constexpr int kFieldIdCount = static_cast<int>(FieldId::kUnknown);

// The fields of an `items` element.
enum class ItemFieldId : std::uint8_t { kProductId, kCategory, kQuantity, kPrice, kUnknown };
inline constexpr int kItemFieldIdCount = static_cast<int>(ItemFieldId::kUnknown);

FieldId field_id_of(std::string_view key);
ItemFieldId item_field_id_of(std::string_view key);
std::string_view field_name(FieldId id);
std::string_view item_field_name(ItemFieldId id);

struct CapturedItem {
  JsonKind kind = JsonKind::kAbsent;  // the element's own kind; fields only when kObject
  std::array<CapturedValue, kItemFieldIdCount> fields{};

  const CapturedValue& operator[](ItemFieldId id) const { return fields[static_cast<int>(id)]; }
};

struct FieldCapture {
  std::array<CapturedValue, kFieldIdCount> fields{};
  // The elements of the first `items` value, when that value is an array.
  std::vector<CapturedItem> items;

  const CapturedValue& operator[](FieldId id) const { return fields[static_cast<int>(id)]; }
  CapturedValue& operator[](FieldId id) { return fields[static_cast<int>(id)]; }

  // Keeps the items vector's capacity.
  void clear() {
    fields.fill(CapturedValue{});
    items.clear();
  }
};

}  // namespace crm
