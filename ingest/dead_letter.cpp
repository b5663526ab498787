#include "ingest/dead_letter.h"

#include <simdjson.h>

#include <optional>

#include "ingest/payload_encoding.h"
#include "processors/json_writer.h"

namespace crm {
namespace {

template <typename... Visitors>
struct Overloaded : Visitors... {
  using Visitors::operator()...;
};
template <typename... Visitors>
Overloaded(Visitors...) -> Overloaded<Visitors...>;

}  // namespace

std::string dead_letter_id(const MessagePosition& position) {
  return std::visit(Overloaded{
                        [](const KafkaPosition& kafka) {
                          return "dl:" + std::string(kafka.topic) + ":" +
                                 std::to_string(kafka.partition) + ":" +
                                 std::to_string(kafka.offset);
                        },
                        [](const FilePosition& file) {
                          return "dl:" + std::string(file.file) + ":" + std::to_string(file.line);
                        },
                    },
                    position);
}

std::string build_dead_letter_record(const MessagePosition& position, const Rejection& rejection,
                                     std::string_view payload, TimeMs received_at,
                                     std::size_t max_message_bytes) {
  // outputs.md: a too_large message keeps only its first max_message_bytes bytes, with the
  // hash of the whole (the original stays in the input topic until its retention ends).
  const bool truncated =
      rejection.reason == RejectReason::kTooLarge && payload.size() > max_message_bytes;
  const std::string_view kept = truncated ? payload.substr(0, max_message_bytes) : payload;

  std::string out;
  out.reserve(256 + rejection.detail.size() + kept.size() / 3 * 4);
  out.append("{\"event_id\":");
  append_json_string(out, dead_letter_id(position));
  out.append(",\"reason\":");
  append_json_string(out, to_string(rejection.reason));
  out.append(",\"detail\":");
  append_json_string(out, rejection.detail);
  out.append(",\"source\":");
  std::visit(Overloaded{
                 [&](const KafkaPosition& kafka) {
                   out.append("{\"topic\":");
                   append_json_string(out, kafka.topic);
                   out.append(",\"partition\":" + std::to_string(kafka.partition) +
                              ",\"offset\":" + std::to_string(kafka.offset) + "}");
                 },
                 [&](const FilePosition& file) {
                   out.append("{\"file\":");
                   append_json_string(out, file.file);
                   out.append(",\"line\":" + std::to_string(file.line) + "}");
                 },
             },
             position);
  out.append(",\"received_at\":\"");
  append_rfc3339_ms(out, received_at);
  out.append("\",\"payload_bytes\":" + std::to_string(payload.size()));
  out.append(",\"payload_base64\":\"");
  append_base64(out, kept);
  out.push_back('"');
  if (truncated) {
    out.append(",\"truncated\":true,\"payload_sha256\":\"" + sha256_hex(payload) + "\"");
  }
  out.push_back('}');
  return out;
}

bool read_dead_letter_payload(std::string_view record, std::string& payload, std::string& error) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (auto code = parser.parse(record.data(), record.size()).get_object().get(object)) {
    error =
        std::string("dead-letter record is not a JSON object: ") + simdjson::error_message(code);
    return false;
  }
  bool truncated = false;
  if (auto field = object["truncated"]; !field.error()) {
    if (field.get_bool().get(truncated)) {
      error = "dead-letter record: \"truncated\" is not a boolean";
      return false;
    }
  }
  if (truncated) {
    error = "dead-letter record is truncated (too_large): the original bytes are not kept";
    return false;
  }
  std::string_view base64;
  if (object["payload_base64"].get_string().get(base64)) {
    error = "dead-letter record has no \"payload_base64\" string";
    return false;
  }
  std::optional<std::string> bytes = decode_base64(base64);
  if (!bytes) {
    error = "dead-letter record: \"payload_base64\" is not valid base64";
    return false;
  }
  std::uint64_t expected = 0;
  if (auto field = object["payload_bytes"]; !field.error()) {
    if (field.get_uint64().get(expected) || expected != bytes->size()) {
      error = "dead-letter record: payload_bytes does not match the decoded payload";
      return false;
    }
  }
  payload = std::move(*bytes);
  return true;
}

}  // namespace crm
