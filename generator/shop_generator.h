// The synthetic shop of `crmstream generate` and the demo: a stream of clickstream and order
// events (events.md) from shoppers with personas (persona.h), deterministic for a seed, with the
// imperfections of real traffic mixed in: late events, duplicates, wrong keys and topics, and
// malformed events tagged with the reason crmstream must dead-letter them for.
//
// Streaming: memory grows with the number of customers, not of events. Events leave roughly in
// ts order: every event's ts is at least the highest ts yielded before it minus max_lateness.
// Not thread-safe: one generator per thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "generator/persona.h"
#include "processors/time.h"

namespace crm {

struct GeneratorOptions {
  std::uint64_t seed = 1;
  int customers = 1000;                 // shoppers, visitors who never sign up included
  TimeMs start = 1'735'689'600'000;     // 2025-01-01T00:00:00Z
  TimeMs duration = 365 * kDayMs;       // event time span: every ts is in [start, start + duration)
  std::int64_t max_events = 0;          // lines to yield at most; 0 = until the span ends
  double malformed_fraction = 0.002;    // valid events followed by a malformed one
  double duplicate_fraction = 0.01;     // valid events sent again later as the same bytes
  double late_fraction = 0.01;          // valid events held back behind later ones
  TimeMs max_lateness = kDayMs;         // how far a late event or a duplicate may lag
  double wrong_key_fraction = 0.002;    // keyed by event_id, not the customer key: a producer bug
  double wrong_topic_fraction = 0.001;  // sent to the other topic
};

struct GeneratedEvent {
  enum Stream : std::uint8_t { kClickstream, kOrders };

  std::string json;  // one JSON object, no newline
  std::string key;   // the message key its producer uses: the customer key; empty = no key
  Stream stream = kClickstream;
  TimeMs ts = 0;  // the event time it denotes; a malformed event's is that of its neighbour
  bool duplicate = false;  // the same bytes as an event yielded before
  // The reason code crmstream must dead-letter it with; nullopt for a valid event.
  std::optional<std::string> intended_rejection;
};

struct GeneratorStats {
  std::int64_t events = 0;                             // lines yielded, of every kind
  std::int64_t malformed = 0;                          // of which deliberately malformed
  std::int64_t duplicates = 0;                         // of which resends of an earlier line
  std::int64_t late = 0;                               // valid events held back behind later ones
  std::int64_t orders = 0;                             // orders placed
  std::array<std::int64_t, kPersonaCount> shoppers{};  // by persona
};

class ShopGenerator {
 public:
  // Throws std::invalid_argument for options out of range (negative counts or durations,
  // fractions outside [0, 1]).
  explicit ShopGenerator(const GeneratorOptions& options);
  ~ShopGenerator();
  ShopGenerator(const ShopGenerator&) = delete;
  ShopGenerator& operator=(const ShopGenerator&) = delete;

  // Fills `out` with the next event, reusing its buffers; false once the span or max_events is
  // exhausted.
  bool next(GeneratedEvent& out);

  // What has been yielded so far.
  const GeneratorStats& stats() const;
  const GeneratorOptions& options() const;
  // The persona of the shopper whose customer_id is IdFormat::append_customer(shopper).
  Persona persona(std::uint32_t shopper) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm
