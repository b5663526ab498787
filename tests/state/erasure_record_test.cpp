// The erasure record a forget leaves (state/erasure_record.h): round trip, damaged bytes, and its
// meta names, which hide the customer id and stay inside their own range.
#include "state/erasure_record.h"

#include <gtest/gtest.h>

#include <string>

namespace crm {
namespace {

std::string encoded(const ErasureRecord& record) {
  std::string out;
  encode_erasure_record(record, out);
  return out;
}

TEST(ErasureRecord, RoundTrips) {
  const ErasureRecord record{1'768'039'200'000, {{0x0123'4567'89ab'cdef, 5}, {~0ull, -7}}};
  ErasureRecord decoded;
  ASSERT_TRUE(decode_erasure_record(encoded(record), decoded).is_ok());
  EXPECT_EQ(decoded.erased_at, record.erased_at);
  ASSERT_EQ(decoded.seen_events.size(), 2u);
  EXPECT_EQ(decoded.seen_events[1].id_hash, ~0ull);
  EXPECT_EQ(decoded.seen_events[1].applied_at, -7);
}

TEST(ErasureRecord, DamagedBytesAreCorruption) {
  const std::string full = encoded({42, {{7, 8}}});
  ErasureRecord decoded;
  for (std::size_t n = 0; n < full.size(); ++n) {
    EXPECT_TRUE(decode_erasure_record(full.substr(0, n), decoded).is_corruption()) << n;
  }
  EXPECT_TRUE(decode_erasure_record(full + "x", decoded).is_corruption());
  std::string other_version = full;
  other_version[0] = 2;
  EXPECT_NE(decode_erasure_record(other_version, decoded).message().find("version 2"),
            std::string::npos);
}

TEST(ErasureRecord, NamesHideTheIdAndStayInTheirRange) {
  const std::string name = erasure_meta_name("c-1042");
  EXPECT_EQ(name.find("c-1042"), std::string::npos);
  EXPECT_EQ(name.size(), 7u + 16u);
  EXPECT_NE(name, erasure_meta_name("c-1043"));
  const KeyRange range = erasure_records_range(3);
  const std::string key = meta_key(3, name);
  EXPECT_TRUE(range.begin <= key && key < range.end);
  for (const std::string& other : {meta_key(3, "clock"), meta_key(4, name), meta_key(2, name)}) {
    EXPECT_FALSE(range.begin <= other && other < range.end) << other;
  }
}

}  // namespace
}  // namespace crm
