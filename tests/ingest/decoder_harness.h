// Test support for the decoder tests: a decoder, its arena and the last Event, plus the
// minimal valid events the tables start from.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/decoder.h"

namespace crm::testing_support {

// 2026-11-22T10:00:00Z
inline constexpr TimeMs kTs = 1'795'341'600'000;

// Valid events of each family; tests splice fields in before the closing brace.
inline const std::string kPageView =
    R"({"event_id":"e1","type":"page_view","ts":"2026-11-22T10:00:00Z","anonymous_id":"a1"})";
inline const std::string kOrderPaid =
    R"({"event_id":"e1","type":"order_paid","ts":1795341600000,"customer_id":"c1",)"
    R"("order_id":"o1","amount":"10"})";

// `json` with `fields` (",\"k\":v" or "\"k\":v,") inserted before its final '}'.
inline std::string with(std::string json, std::string_view fields) {
  json.insert(json.size() - 1, std::string(",") + std::string(fields));
  return json;
}

struct DecoderHarness {
  explicit DecoderHarness(DecoderConfig config = {}) : decoder(config) {}

  DecodeOutcome decode(std::string_view json, std::optional<TimeMs> wall_now = std::nullopt) {
    return decoder.decode(json, arena, wall_now, event);
  }

  EventDecoder decoder;
  EventArena arena;
  Event event;
};

// gtest assertion helpers: the reason and a detail fragment, or success.
inline ::testing::AssertionResult rejected(const DecodeOutcome& outcome, RejectReason reason,
                                           std::string_view detail_part = {}) {
  if (outcome.ok()) {
    return ::testing::AssertionFailure() << "decoded, expected " << to_string(reason);
  }
  if (outcome.detail().empty()) return ::testing::AssertionFailure() << "empty detail";
  if (outcome.reason() != reason || outcome.detail().find(detail_part) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "got " << to_string(outcome.reason()) << " \"" << outcome.detail() << "\", expected "
           << to_string(reason) << " with \"" << detail_part << "\"";
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult decoded(const DecodeOutcome& outcome) {
  if (outcome.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << to_string(outcome.reason()) << " \"" << outcome.detail() << "\"";
}

}  // namespace crm::testing_support
