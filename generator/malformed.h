// Events crmstream must dead-letter, each tagged with the reason code it must get (events.md
// "Bad input"). Each is broken in exactly one way and is otherwise valid, so that the check order
// (size, JSON, event_id, type, ts, ids, the type's other fields, currency) gives its reason and
// no other. Every reason code has at least one defect here, most have several.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "generator/ids.h"
#include "processors/time.h"

namespace crm {

struct MalformedKind {
  std::string_view reason;  // the reason code of events.md
  std::string_view defect;  // what is wrong, for test messages
  bool orders_topic;        // an order event, sent to crm.orders
};

// Who and when the malformed event is about: the shopper of the event just written.
struct MalformedContext {
  std::uint32_t shopper = 0;
  bool registered = false;  // else clickstream defects carry the shopper's anonymous id
  TimeMs ts = 0;
  std::uint64_t event_number = 0;  // a fresh one, so a malformed copy of nothing else
  std::uint64_t order_number = 0;
};

class MalformedWriter {
 public:
  explicit MalformedWriter(const IdFormat& ids) : ids_(ids) {}

  static int kind_count();
  static const MalformedKind& kind(int index);

  // Replaces `json` with malformed event `index` (0 .. kind_count() - 1) and sets `key` to the
  // key its producer would use: its customer key, or empty when it has none.
  void write(int index, const MalformedContext& context, std::string& json, std::string& key) const;

 private:
  const IdFormat& ids_;
};

}  // namespace crm
