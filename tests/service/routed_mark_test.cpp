// The mark a task commits with a message it applied for another task's partition
// (service/routed_mark.h): its name is unique per message and inside the owner's range, and its
// value reads back as the message.
#include "service/routed_mark.h"

#include <gtest/gtest.h>

namespace crm {
namespace {

TEST(RoutedMark, ReadsBackAsTheMessage) {
  const RoutedMessage message{7, 1, 123456789012};
  RoutedMessage read;
  ASSERT_TRUE(decode_routed_mark(encode_routed_mark(message), read).is_ok());
  EXPECT_EQ(read.home, 7);
  EXPECT_EQ(read.input, 1u);
  EXPECT_EQ(read.offset, 123456789012);
  EXPECT_NE(routed_mark_name(message), routed_mark_name({7, 0, 123456789012}));
  EXPECT_NE(routed_mark_name(message), routed_mark_name({7, 1, 12345678901}));
}

TEST(RoutedMark, TheOwnersRangeHoldsItsMarksOnly) {
  const std::string key = meta_key(3, routed_mark_name({9, 0, 5}));
  const KeyRange range = routed_marks_range(3);
  EXPECT_GE(key, range.begin);
  EXPECT_LT(key, range.end);
  EXPECT_GE(meta_key(4, routed_mark_name({9, 0, 5})), range.end);
  EXPECT_LT(meta_key(3, "offset/crm.orders"), range.begin);
}

TEST(RoutedMark, AnUnreadableMarkIsCorruption) {
  RoutedMessage read;
  for (const char* bad : {"", "1/0", "1/2/3", "x/0/3", "1/0/3/", "1/0/-3", "1/0/3x"}) {
    EXPECT_TRUE(decode_routed_mark(bad, read).is_corruption()) << bad;
  }
}

}  // namespace
}  // namespace crm
