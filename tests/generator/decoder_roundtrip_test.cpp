// The generator against the real decoder: every valid line decodes to what the generator meant,
// and every malformed one is dead-lettered with the reason it was made for, and only that one.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "generator/ids.h"
#include "generator/malformed.h"
#include "generator/shop_generator.h"
#include "ingest/decoder.h"

namespace crm {
namespace {

struct Decoder {
  DecodeOutcome decode(std::string_view json) {
    arena.reset();
    return decoder.decode(json, arena, std::nullopt, event);
  }

  EventDecoder decoder{DecoderConfig{}};
  EventArena arena;
  Event event;
};

std::string describe(const DecodeOutcome& outcome) {
  return outcome.ok() ? std::string("decoded")
                      : std::string(to_string(outcome.reason())) + ": " + outcome.detail();
}

TEST(GeneratorDecoding, ValidLinesDecodeAndMalformedOnesGetTheirReason) {
  GeneratorOptions options;
  options.seed = 11;
  options.customers = 300;
  options.duration = 200 * kDayMs;
  options.malformed_fraction = 0.01;
  ShopGenerator generator(options);
  Decoder d;
  GeneratedEvent e;
  std::map<std::string, int> reasons;
  std::int64_t valid = 0;
  std::int64_t keyed_by_customer = 0;
  while (generator.next(e)) {
    const DecodeOutcome outcome = d.decode(e.json);
    if (e.intended_rejection) {
      ASSERT_FALSE(outcome.ok()) << e.json.substr(0, 300);
      ASSERT_EQ(to_string(outcome.reason()), *e.intended_rejection) << describe(outcome) << "\n"
                                                                    << e.json.substr(0, 300);
      ++reasons[*e.intended_rejection];
      continue;
    }
    ASSERT_TRUE(outcome.ok()) << describe(outcome) << "\n" << e.json;
    ++valid;
    ASSERT_EQ(d.event.ts, e.ts) << e.json;
    keyed_by_customer += d.event.customer_key() == e.key;
  }
  EXPECT_GT(valid, 20'000);
  // A few are keyed by event_id on purpose (wrong_key_fraction).
  EXPECT_GT(keyed_by_customer, valid * 99 / 100);
  for (const char* reason : {"too_large", "malformed_json", "missing_field", "invalid_field",
                             "unknown_type", "currency_mismatch"}) {
    EXPECT_GT(reasons[reason], 0) << reason;
  }
}

TEST(GeneratorDecoding, EachMalformedKindGetsItsReason) {
  const IdFormat ids(5);
  const MalformedWriter writer(ids);
  Decoder d;
  std::set<std::string_view> reasons;
  for (const bool registered : {true, false}) {
    for (int i = 0; i < MalformedWriter::kind_count(); ++i) {
      const MalformedKind& kind = MalformedWriter::kind(i);
      MalformedContext context;
      context.shopper = 41;
      context.registered = registered;
      context.ts = 1'740'000'000'000;
      context.event_number = 1000 + static_cast<std::uint64_t>(i);
      context.order_number = 77;
      std::string json;
      std::string key;
      writer.write(i, context, json, key);
      const DecodeOutcome outcome = d.decode(json);
      ASSERT_FALSE(outcome.ok()) << kind.defect << ": " << json.substr(0, 300);
      EXPECT_EQ(to_string(outcome.reason()), kind.reason)
          << kind.defect << ": " << describe(outcome) << "\n"
          << json.substr(0, 300);
      EXPECT_EQ(json.find('\n'), std::string::npos) << kind.defect;
      reasons.insert(kind.reason);
    }
  }
  EXPECT_EQ(reasons.size(), 6u);
}

// The same malformed event with the defect repaired would decode: each kind is broken in one
// way only. Checked for the oversized one by raising the size limit.
TEST(GeneratorDecoding, OversizedEventIsOtherwiseValid) {
  const IdFormat ids(5);
  const MalformedWriter writer(ids);
  for (int i = 0; i < MalformedWriter::kind_count(); ++i) {
    if (MalformedWriter::kind(i).reason != "too_large") continue;
    std::string json;
    std::string key;
    writer.write(i, MalformedContext{}, json, key);
    EXPECT_GT(json.size(), 65'536u);
    DecoderConfig config;
    config.max_message_bytes = 1 << 20;
    EventDecoder decoder(config);
    EventArena arena;
    Event event;
    const DecodeOutcome outcome = decoder.decode(json, arena, std::nullopt, event);
    EXPECT_TRUE(outcome.ok()) << describe(outcome);
  }
}

}  // namespace
}  // namespace crm
