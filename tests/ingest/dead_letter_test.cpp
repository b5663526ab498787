#include "ingest/dead_letter.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/payload_encoding.h"

namespace crm {
namespace {

constexpr TimeMs kReceived = 1'795'341'600'120;  // 2026-11-22T10:00:00.120Z

TEST(DeadLetterTest, KafkaSourceRecord) {
  const std::string payload = R"({"event_id":"e1","ts":"yesterday"})";
  const Rejection rejection{RejectReason::kInvalidField,
                            R"(ts: not RFC 3339 or epoch ms: "yesterday")"};
  const std::string record = build_dead_letter_record(KafkaPosition{"crm.orders", 3, 88121},
                                                      rejection, payload, kReceived, 65536);
  EXPECT_EQ(record, R"({"event_id":"dl:crm.orders:3:88121","reason":"invalid_field",)"
                    R"("detail":"ts: not RFC 3339 or epoch ms: \"yesterday\"",)"
                    R"("source":{"topic":"crm.orders","partition":3,"offset":88121},)"
                    R"("received_at":"2026-11-22T10:00:00.120Z","payload_bytes":34,)"
                    R"("payload_base64":"eyJldmVudF9pZCI6ImUxIiwidHMiOiJ5ZXN0ZXJkYXkifQ=="})");
  std::string back;
  std::string error;
  ASSERT_TRUE(read_dead_letter_payload(record, back, error)) << error;
  EXPECT_EQ(back, payload);
}

TEST(DeadLetterTest, FileSourceRecord) {
  const std::string payload = "{\"a\":\xff}";  // not UTF-8: the bytes survive in base64
  const std::string record = build_dead_letter_record(
      FilePosition{"events-2026-11.jsonl", 12},
      Rejection{RejectReason::kMalformedJson, "JSON: The input is not valid UTF-8"}, payload,
      kReceived, 65536);
  EXPECT_EQ(record, R"({"event_id":"dl:events-2026-11.jsonl:12","reason":"malformed_json",)"
                    R"("detail":"JSON: The input is not valid UTF-8",)"
                    R"("source":{"file":"events-2026-11.jsonl","line":12},)"
                    R"("received_at":"2026-11-22T10:00:00.120Z","payload_bytes":7,)"
                    R"("payload_base64":"eyJhIjr/fQ=="})");
  std::string back;
  std::string error;
  ASSERT_TRUE(read_dead_letter_payload(record, back, error)) << error;
  EXPECT_EQ(back, payload);
}

TEST(DeadLetterTest, EmptyPayload) {
  const std::string record = build_dead_letter_record(
      KafkaPosition{"crm.clickstream", 0, 0},
      Rejection{RejectReason::kMalformedJson, "JSON: empty message"}, "", kReceived, 65536);
  EXPECT_NE(record.find(R"("payload_bytes":0,"payload_base64":""})"), std::string::npos) << record;
  std::string back = "x";
  std::string error;
  ASSERT_TRUE(read_dead_letter_payload(record, back, error)) << error;
  EXPECT_EQ(back, "");
}

TEST(DeadLetterTest, TooLargeKeepsTheFirstBytesAndHashesTheWhole) {
  std::string payload = R"({"event_id":"big","pad":")" + std::string(100, 'z') + "\"}";
  const std::string record = build_dead_letter_record(
      KafkaPosition{"crm.clickstream", 7, 5},
      Rejection{RejectReason::kTooLarge,
                "message of 128 bytes exceeds limits.max_message_bytes (16)"},
      payload, kReceived, 16);
  std::string kept_base64;
  append_base64(kept_base64, payload.substr(0, 16));
  EXPECT_EQ(record, R"({"event_id":"dl:crm.clickstream:7:5","reason":"too_large",)"
                    R"x("detail":"message of 128 bytes exceeds limits.max_message_bytes (16)",)x"
                    R"("source":{"topic":"crm.clickstream","partition":7,"offset":5},)"
                    R"("received_at":"2026-11-22T10:00:00.120Z","payload_bytes":)" +
                        std::to_string(payload.size()) + R"(,"payload_base64":")" + kept_base64 +
                        R"(","truncated":true,"payload_sha256":")" + sha256_hex(payload) + R"("})");
  std::string back;
  std::string error;
  EXPECT_FALSE(read_dead_letter_payload(record, back, error));
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
}

TEST(DeadLetterTest, DetailAndNamesAreEscaped) {
  const std::string record = build_dead_letter_record(
      FilePosition{"dir/we\"ird\n.jsonl", 1},
      Rejection{RejectReason::kInvalidField, "page: \"\x01\xc3\""}, "x", kReceived, 65536);
  EXPECT_NE(record.find(R"("event_id":"dl:dir/we\"ird\u000a.jsonl:1")"), std::string::npos)
      << record;
  EXPECT_NE(record.find(R"("detail":"page: \"\u0001\ufffd\"")"), std::string::npos) << record;
  std::string back;
  std::string error;
  ASSERT_TRUE(read_dead_letter_payload(record, back, error)) << error;
  EXPECT_EQ(back, "x");
}

TEST(DeadLetterTest, ReadBackRefusesBrokenRecords) {
  std::string back;
  std::string error;
  EXPECT_FALSE(read_dead_letter_payload("not json", back, error));
  EXPECT_FALSE(read_dead_letter_payload(R"({"reason":"x"})", back, error));
  EXPECT_NE(error.find("payload_base64"), std::string::npos);
  EXPECT_FALSE(read_dead_letter_payload(R"({"payload_base64":"@@@@"})", back, error));
  EXPECT_FALSE(
      read_dead_letter_payload(R"({"payload_bytes":4,"payload_base64":"Zm9v"})", back, error));
  EXPECT_NE(error.find("payload_bytes"), std::string::npos);
  EXPECT_TRUE(read_dead_letter_payload(R"({"payload_base64":"Zm9v"})", back, error));
  EXPECT_EQ(back, "foo");
}

TEST(DeadLetterTest, Ids) {
  EXPECT_EQ(dead_letter_id(KafkaPosition{"crm.orders", 3, 88121}), "dl:crm.orders:3:88121");
  EXPECT_EQ(dead_letter_id(FilePosition{"in.jsonl", 12}), "dl:in.jsonl:12");
}

}  // namespace
}  // namespace crm
