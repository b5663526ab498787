#include "state/erasure_record.h"

#include <cstdio>

#include "processors/experiments.h"
#include "state/byte_codec.h"

namespace crm {
namespace {

constexpr std::string_view kPrefix = "erased/";
constexpr std::uint8_t kVersion = 1;

Status corrupt(std::string_view what) {
  return Status::corruption("corrupt erasure record: " + std::string(what));
}

}  // namespace

std::string erasure_meta_name(std::string_view customer_id) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a_64(customer_id)));
  return std::string(kPrefix) + hex;
}

KeyRange erasure_records_range(TaskId task) {
  KeyRange range{meta_key(task, kPrefix), meta_key(task, kPrefix)};
  ++range.end.back();  // "erased0": just past every name with the prefix
  return range;
}

void encode_erasure_record(const ErasureRecord& record, std::string& out) {
  append_u8(out, kVersion);
  append_svarint(out, record.erased_at);
  append_varint(out, record.seen_events.size());
  for (const SeenEvent& seen : record.seen_events) {
    append_fixed64_le(out, seen.id_hash);
    append_svarint(out, seen.applied_at);
  }
}

Status decode_erasure_record(std::string_view bytes, ErasureRecord& record) {
  ByteReader in(bytes);
  std::uint8_t version = 0;
  if (!in.read_u8(version)) return corrupt("empty");
  if (version != kVersion) return corrupt("unknown version " + std::to_string(version));
  std::uint64_t count = 0;
  if (!in.read_svarint(record.erased_at) || !in.read_varint(count)) return corrupt("truncated");
  if (count > in.remaining()) return corrupt("count exceeds the bytes left");
  record.seen_events.resize(count);
  for (SeenEvent& seen : record.seen_events) {
    if (!in.read_fixed64_le(seen.id_hash) || !in.read_svarint(seen.applied_at)) {
      return corrupt("truncated");
    }
  }
  if (!in.at_end()) return corrupt("trailing bytes");
  return Status::ok();
}

}  // namespace crm
