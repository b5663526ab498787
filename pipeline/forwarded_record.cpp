#include "pipeline/forwarded_record.h"

#include "state/byte_codec.h"

namespace crm {

InputRecord ForwardedRecord::input() const {
  InputRecord record{bytes, key, KafkaPosition{topic, partition, offset}};
  record.forward = ForwardId{source, sequence};
  return record;
}

void encode_forwarded_record(const ForwardedRecord& record, std::string& out) {
  append_varint(out, record.bytes.size());
  out.append(record.bytes);
  append_varint(out, record.key.size());
  out.append(record.key);
  append_varint(out, record.topic.size());
  out.append(record.topic);
  append_svarint(out, record.partition);
  append_svarint(out, record.offset);
}

Status decode_forwarded_record(std::string_view value, ForwardedRecord& record) {
  ByteReader in(value);
  std::string_view bytes, key, topic;
  std::int64_t partition = 0;
  if (!in.read_bytes(bytes) || !in.read_bytes(key) || !in.read_bytes(topic) ||
      !in.read_svarint(partition) || !in.read_svarint(record.offset) || !in.at_end()) {
    return Status::corruption("corrupt forwarded record of " + std::to_string(value.size()) +
                              " bytes");
  }
  record.bytes.assign(bytes);
  record.key.assign(key);
  record.topic.assign(topic);
  record.partition = static_cast<std::int32_t>(partition);
  return Status::ok();
}

}  // namespace crm
