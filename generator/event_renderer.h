// Writes a planned event as the JSON a shop's producer would send (events.md), mixing the
// accepted forms of timestamps and amounts, optional fields present or absent, explicit nulls and
// fields crmstream ignores. Everything it writes is valid: malformed events are malformed.h's job.
#pragma once

#include <cstdint>
#include <string>

#include "generator/catalog.h"
#include "generator/event_queue.h"
#include "generator/ids.h"
#include "generator/json_line.h"
#include "generator/random.h"
#include "generator/shop_state.h"

namespace crm {

class EventRenderer {
 public:
  EventRenderer(const Catalog& catalog, const IdFormat& ids, const OrderBook& orders)
      : catalog_(catalog), ids_(ids), orders_(orders) {}

  // Appends the event's JSON object to `json` and sets `key` to its customer key (customer_id,
  // else anonymous_id), as a producer keys the message. `rng` picks the wire forms.
  void render(const PendingEvent& event, std::uint64_t event_number, SplitMix64& rng,
              std::string& json, std::string& key) const;

 private:
  void write_order_fields(const PendingEvent& event, SplitMix64& rng, JsonLine& line) const;
  void write_product(std::uint32_t product, JsonLine& line) const;

  const Catalog& catalog_;
  const IdFormat& ids_;
  const OrderBook& orders_;
};

}  // namespace crm
