#include "state/outbox_codec.h"

#include "state/byte_codec.h"

namespace crm {

void encode_output_record(const OutputRecord& record, std::string& out) {
  append_u8(out, static_cast<std::uint8_t>(record.topic));
  append_bytes(out, record.key);
  append_bytes(out, record.event_id);
  append_bytes(out, record.json);
}

Status decode_output_record(std::string_view bytes, OutputRecord& record) {
  ByteReader reader(bytes);
  std::uint8_t topic = 0;
  std::string_view key;
  std::string_view event_id;
  std::string_view json;
  if (!reader.read_u8(topic) || topic > static_cast<std::uint8_t>(OutputTopic::kDeadLetter) ||
      !reader.read_bytes(key) || !reader.read_bytes(event_id) || !reader.read_bytes(json) ||
      !reader.at_end()) {
    return Status::corruption("outbox entry does not decode");
  }
  record.topic = static_cast<OutputTopic>(topic);
  record.key.assign(key);
  record.event_id.assign(event_id);
  record.json.assign(json);
  return Status::ok();
}

}  // namespace crm
