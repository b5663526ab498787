// libFuzzer entry for the event decoder and the dead-letter round trip: any bytes give an
// Event that satisfies the contract's invariants or a Rejection with a detail, and the
// dead-letter record of any message gives the message back (tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ingest/dead_letter.h"
#include "ingest/decoder.h"
#include "ingest/event_validation.h"
#include "ingest/timestamp.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void check_event(const crm::Event& e) {
  check(!e.event_id.empty() && e.event_id.size() <= crm::kMaxIdBytes);
  check(crm::is_event_time(e.ts));
  check(!e.customer_key().empty() && e.customer_key().size() <= crm::kMaxIdBytes);
  check(!e.channel.empty() && e.channel.size() <= crm::kMaxChannelBytes);
  check(e.quantity >= 1 && e.dwell_ms.value_or(0) >= 0);
  check(e.amount.value_or(0) >= 0 && e.price.value_or(0) >= 0);
  if (crm::is_order_event(e.type)) check(!e.customer_id.empty() && !e.order_id.empty());
  for (const crm::OrderItem& item : e.items) {
    check(!item.product_id.empty() && item.quantity >= 1 && item.price.value_or(0) >= 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const crm::DecoderConfig config = [] {
    crm::DecoderConfig c;
    c.max_message_bytes = 4096;
    c.currency_rates["EUR"] = crm::DecimalRate{108, 2};
    return c;
  }();
  static crm::EventDecoder decoder(config);
  static crm::EventArena arena;
  arena.reset();

  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  crm::Event event;
  const crm::DecodeOutcome outcome =
      decoder.decode(bytes, arena, crm::TimeMs{1'795'341'600'000}, event);
  if (outcome.ok()) {
    check_event(event);
    return 0;
  }
  check(!outcome.detail().empty());
  const std::string record =
      crm::build_dead_letter_record(crm::KafkaPosition{"crm.orders", 1, 2}, outcome.rejection(),
                                    bytes, 0, config.max_message_bytes);
  std::string payload;
  std::string error;
  const bool read = crm::read_dead_letter_payload(record, payload, error);
  check(outcome.reason() == crm::RejectReason::kTooLarge ? !read : read && payload == bytes);
  return 0;
}
