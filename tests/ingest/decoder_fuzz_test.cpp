// Randomised robustness test of the decoder: mutants of valid events (bit flips, byte
// inserts and deletes, truncation, splicing, deep nesting, odd numbers and escapes) must
// each give an Event that satisfies the contract's invariants, or a Rejection with a
// detail. Fixed seed, so a failure reproduces; the iteration is printed with it.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "ingest/decoder.h"
#include "ingest/event_validation.h"
#include "ingest/timestamp.h"

namespace crm {
namespace {

const std::vector<std::string> kCorpus = {
    R"({"event_id":"e1","type":"page_view","ts":"2026-11-22T10:00:00Z","anonymous_id":"a1","page":"/","dwell_ms":1200})",
    R"({"event_id":"e2","type":"product_view","ts":1795341600000,"customer_id":"c1","product_id":"p1","category":"shoes","price":"89.90","currency":"EUR","channel":"app"})",
    R"({"event_id":"e3","type":"search","ts":"2026-11-22T18:00:00.250+08:00","anonymous_id":"a\u00e9","query":"red shoes","session_id":"s"})",
    R"({"event_id":"e4","type":"add_to_cart","ts":1.7953416e12,"anonymous_id":"a1","product_id":"p1","quantity":2,"price":19.99})",
    R"({"event_id":"e5","type":"remove_from_cart","ts":5,"customer_id":"c1","product_id":"p1"})",
    R"({"event_id":"e6","type":"favorite","ts":"2026-11-22t10:00:00.123456z","anonymous_id":"a","product_id":"p"})",
    R"({"event_id":"e7","type":"signup","ts":100,"customer_id":"c1","anonymous_id":"a1","extra":{"utm":["x",1,null,true]}})",
    R"({"event_id":"e8","type":"login","ts":100,"customer_id":"c\"1","anonymous_id":null})",
    R"({"event_id":"e9","type":"inquiry","ts":100,"anonymous_id":"a","topic":"returns"})",
    R"({"event_id":"o1","type":"order_placed","ts":100,"customer_id":"c1","order_id":"o1","amount":"129.90","items":[{"product_id":"p1","category":"shoes","quantity":1,"price":"99.90"},{"product_id":"p2","price":30}]})",
    R"({"event_id":"o2","type":"order_paid","ts":"2026-11-22T10:00:00Z","customer_id":"c1","order_id":"o1","amount":129.9,"currency":"USD"})",
    R"({"event_id":"o3","type":"order_shipped","ts":101,"customer_id":"c1","order_id":"o1"})",
    R"({"event_id":"o4","type":"order_delivered","ts":102,"customer_id":"c1","order_id":"o1","items":[]})",
    R"({"event_id":"o5","type":"order_cancelled","ts":103,"customer_id":"c1","order_id":"o1"})",
    R"({"event_id":"o6","type":"order_refunded","ts":104,"customer_id":"c1","order_id":"o1","amount":1e1,"currency":"EUR"})",
};

// Fragments that steer mutants toward the interesting corners of the grammar.
const std::vector<std::string> kFragments = {
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "null",
    "true",
    "-",
    "1e999",
    "0.00001",
    "NaN",
    "\\u0000",
    "\\ud800",
    "\\\"",
    "\xff",
    "\xc3",
    "\xe2\x82",
    "  ",
    "\"ts\":",
    "\"amount\":",
    "\"items\":[{",
    "\"event_id\":\"",
    "\"type\":\"order_paid\"",
    "253402300800000",
    "-0",
    "1.5",
    "1E+2",
    "\"9999-12-31T23:59:60Z\"",
};

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  std::string mutant() {
    std::string s = pick(kCorpus);
    const int rounds = 1 + static_cast<int>(below(4));
    for (int i = 0; i < rounds; ++i) mutate(s);
    return s;
  }

 private:
  std::size_t below(std::size_t n) { return n == 0 ? 0 : rng_() % n; }
  const std::string& pick(const std::vector<std::string>& v) { return v[below(v.size())]; }

  void mutate(std::string& s) {
    const std::size_t at = below(s.size() + 1);
    switch (below(9)) {
      case 0:  // bit flip
        if (!s.empty()) s[at % s.size()] ^= static_cast<char>(1u << below(8));
        break;
      case 1:  // random byte in
        s.insert(at, 1, static_cast<char>(below(256)));
        break;
      case 2:  // bytes out
        s.erase(at, 1 + below(8));
        break;
      case 3:  // truncation
        s.resize(at);
        break;
      case 4: {  // splice with another event
        const std::string& other = pick(kCorpus);
        s = s.substr(0, at) + other.substr(below(other.size()));
        break;
      }
      case 5:  // grammar fragment in
        s.insert(at, pick(kFragments));
        break;
      case 6: {  // deep nesting around the insertion point
        const std::size_t depth = 50 + below(30);
        s.insert(at, std::string(depth, below(2) ? '[' : '{'));
        break;
      }
      case 7: {  // a nested value as an extra field, balanced, near the depth limit
        const std::size_t depth = 60 + below(8);
        const std::string value = std::string(depth, '[') + std::string(depth, ']');
        if (s.size() > 1) s.insert(s.size() - 1, ",\"deep\":" + value);
        break;
      }
      default:  // duplicate a slice
        if (!s.empty()) s.insert(at, s.substr(below(s.size()), below(16)));
        break;
    }
  }

  std::mt19937_64 rng_;
};

// What every decoded Event must satisfy, whatever the input was.
void expect_invariants(const Event& e, const std::string& input) {
  SCOPED_TRACE(input);
  EXPECT_FALSE(e.event_id.empty());
  EXPECT_LE(e.event_id.size(), kMaxIdBytes);
  EXPECT_TRUE(is_event_time(e.ts));
  EXPECT_FALSE(e.customer_key().empty());
  EXPECT_LE(e.customer_id.size(), kMaxIdBytes);
  EXPECT_LE(e.anonymous_id.size(), kMaxIdBytes);
  EXPECT_FALSE(e.channel.empty());
  EXPECT_LE(e.channel.size(), kMaxChannelBytes);
  for (std::string_view text : {e.product_id, e.category, e.page, e.query, e.topic}) {
    EXPECT_LE(text.size(), kMaxTextBytes);
  }
  EXPECT_GE(e.quantity, 1);
  EXPECT_GE(e.dwell_ms.value_or(0), 0);
  EXPECT_GE(e.amount.value_or(0), 0);
  EXPECT_GE(e.price.value_or(0), 0);
  if (is_order_event(e.type)) {
    EXPECT_FALSE(e.customer_id.empty());
    EXPECT_FALSE(e.order_id.empty());
    EXPECT_LE(e.order_id.size(), kMaxIdBytes);
  } else {
    EXPECT_TRUE(e.items.empty());
  }
  if (e.type == EventType::kOrderPaid || e.type == EventType::kOrderPlaced ||
      e.type == EventType::kOrderRefunded) {
    EXPECT_TRUE(e.amount.has_value());
  }
  for (const OrderItem& item : e.items) {
    EXPECT_FALSE(item.product_id.empty());
    EXPECT_LE(item.product_id.size(), kMaxTextBytes);
    EXPECT_LE(item.category.size(), kMaxTextBytes);
    EXPECT_GE(item.quantity, 1);
    EXPECT_GE(item.price.value_or(0), 0);
  }
}

TEST(DecoderFuzzTest, MutantsDecodeOrRejectWithADetail) {
  DecoderConfig config;
  config.max_message_bytes = 4096;
  config.currency_rates["EUR"] = DecimalRate{108, 2};
  EventDecoder decoder(config);
  EventArena arena;
  Mutator mutator(0x5eed'c0de'2026ULL);
  std::array<int, 6> reasons{};
  int valid = 0;
  constexpr int kIterations = 200'000;
  for (int i = 0; i < kIterations; ++i) {
    if (i % 1000 == 0) arena.reset();
    const std::string input = mutator.mutant();
    const std::optional<TimeMs> wall_now =
        i % 2 == 0 ? std::optional<TimeMs>(1'795'341'600'000) : std::nullopt;
    Event event;
    const DecodeOutcome outcome = decoder.decode(input, arena, wall_now, event);
    if (outcome.ok()) {
      ++valid;
      expect_invariants(event, input);
    } else {
      ++reasons[static_cast<int>(outcome.reason())];
      ASSERT_FALSE(outcome.detail().empty()) << "iteration " << i << ": " << input;
    }
    if (i % 16 == 0) {  // decoding is a pure function of the bytes (and wall clock)
      Event again;
      const DecodeOutcome repeat = decoder.decode(input, arena, wall_now, again);
      ASSERT_EQ(repeat.ok(), outcome.ok()) << "iteration " << i;
      if (!repeat.ok()) {
        EXPECT_EQ(repeat.reason(), outcome.reason());
        EXPECT_EQ(repeat.detail(), outcome.detail());
      } else {
        EXPECT_EQ(again.event_id, event.event_id);
        EXPECT_EQ(again.ts, event.ts);
      }
    }
    if (testing::Test::HasFailure()) {
      FAIL() << "iteration " << i << ": " << input;
    }
  }
  for (int r = 0; r < 6; ++r)
    RecordProperty(std::string(to_string(static_cast<RejectReason>(r))), reasons[r]);
  RecordProperty("decoded", valid);
  // The mix is sane: mutants reach both outcomes and most reasons.
  EXPECT_GT(valid, kIterations / 50);
  EXPECT_GT(reasons[static_cast<int>(RejectReason::kMalformedJson)], kIterations / 10);
  EXPECT_GT(reasons[static_cast<int>(RejectReason::kInvalidField)], 0);
  EXPECT_GT(reasons[static_cast<int>(RejectReason::kMissingField)], 0);
  EXPECT_GT(reasons[static_cast<int>(RejectReason::kUnknownType)], 0);
}

}  // namespace
}  // namespace crm
