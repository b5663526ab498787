// The stored profile encoding: the version-1 and version-2 golden fixtures, random round trips,
// and every kind of damaged input failing cleanly.
#include "state/profile_codec.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

#include "state/byte_codec.h"
#include "tests/state/profile_samples.h"
#include "tests/state/profile_v1_fixture.h"
#include "tests/state/profile_v2_fixture.h"
#include "tests/state/profile_v3_fixture.h"

namespace crm {
namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    out.push_back(kDigits[static_cast<unsigned char>(c) & 0xf]);
  }
  return out;
}

std::string encoded(const Profile& p) {
  std::string out;
  encode_profile(p, out);
  return out;
}

TEST(ProfileCodecFixture, VersionOneBytesDecodeToTheRichProfile) {
  const std::string bytes = from_hex(test::kProfileV1FixtureHex);
  ASSERT_FALSE(bytes.empty());
  ASSERT_EQ(bytes[0], 1);
  Profile decoded;
  const Status s = decode_profile(bytes, decoded);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  // Version 1 kept no activity per link: each reads as the customer's last_seen.
  Profile expected = test::rich_profile_before_v3();
  for (LinkedAnonymousId& link : expected.linked_anonymous_ids)
    link.last_active = expected.last_seen;
  EXPECT_TRUE(test::same_profile(decoded, expected));
}

TEST(ProfileCodecFixture, VersionTwoBytesDecodeToTheRichProfile) {
  const std::string bytes = from_hex(test::kProfileV2FixtureHex);
  ASSERT_FALSE(bytes.empty());
  ASSERT_EQ(bytes[0], 2);
  Profile decoded;
  const Status s = decode_profile(bytes, decoded);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_TRUE(test::same_profile(decoded, test::rich_profile_before_v3()));
}

TEST(ProfileCodecFixture, VersionThreeBytesDecodeToTheRichProfile) {
  const std::string bytes = from_hex(test::kProfileV3FixtureHex);
  ASSERT_FALSE(bytes.empty());
  ASSERT_EQ(bytes[0], 3);
  Profile decoded;
  const Status s = decode_profile(bytes, decoded);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_TRUE(test::same_profile(decoded, test::rich_profile_v3()));
}

// True while version 3 is the current version; when version 4 arrives, this test moves to
// the version-4 fixture and the ones above stay.
TEST(ProfileCodecFixture, EncoderStillWritesVersionThree) {
  ASSERT_EQ(kProfileEncodingVersion, 3);
  EXPECT_EQ(to_hex(encoded(test::rich_profile_v3())), test::kProfileV3FixtureHex);
}

// Prints the current encoding of rich_profile_v3() as a C++ string literal, for a new version's
// fixture: ./state_tests --gtest_also_run_disabled_tests --gtest_filter='*PrintFixture*'
TEST(ProfileCodecFixture, DISABLED_PrintFixture) {
  const std::string hex = to_hex(encoded(test::rich_profile_v3()));
  for (std::size_t i = 0; i < hex.size(); i += 80) {
    std::printf("    \"%s\"\n", hex.substr(i, 80).c_str());
  }
}

TEST(ProfileCodec, RandomProfilesRoundTrip) {
  test::RandomProfiles random(20240601);
  Profile decoded;  // reused: decoding must not leave stale elements or fields behind
  std::string bytes;
  for (int i = 0; i < 2000; ++i) {
    const Profile original = random.next();
    bytes.clear();
    encode_profile(original, bytes);
    const Status s = decode_profile(bytes, decoded);
    ASSERT_TRUE(s.is_ok()) << "profile " << i << ": " << s.to_string();
    ASSERT_TRUE(test::same_profile(decoded, original)) << "profile " << i;
    ASSERT_EQ(encoded(decoded), bytes) << "profile " << i;
  }
}

TEST(ProfileCodec, EncodeAppends) {
  std::string out = "prefix";
  encode_profile(test::rich_profile(), out);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  EXPECT_EQ(out.substr(6), encoded(test::rich_profile()));
}

TEST(ProfileCodec, EmptyVisitorIsSmall) {
  Profile visitor;
  visitor.anonymous_id = "a-123";
  visitor.first_seen = visitor.last_seen = 1'764'000'000'000;
  EXPECT_LE(encoded(visitor).size(), 40u);
}

TEST(ProfileCodec, EveryTruncationFailsCleanly) {
  test::RandomProfiles random(7);
  std::vector<std::string> encodings = {encoded(test::rich_profile())};
  for (int i = 0; i < 20; ++i) encodings.push_back(encoded(random.next()));
  Profile decoded;
  for (const std::string& full : encodings) {
    for (std::size_t n = 0; n < full.size(); ++n) {
      const Status s = decode_profile(std::string_view(full).substr(0, n), decoded);
      ASSERT_TRUE(s.is_corruption()) << "prefix of " << n << " of " << full.size() << " bytes";
      ASSERT_FALSE(s.message().empty());
    }
  }
}

TEST(ProfileCodec, TruncationNamesTheField) {
  const std::string full = encoded(test::rich_profile());
  Profile decoded;
  const Status s = decode_profile(std::string_view(full).substr(0, 3), decoded);
  EXPECT_NE(s.message().find("truncated"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("customer_id"), std::string::npos) << s.message();
}

TEST(ProfileCodec, RandomDamageNeverCrashes) {
  const std::string full = encoded(test::rich_profile());
  std::mt19937_64 rng(99);
  Profile decoded;
  int failures = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string damaged = full;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      damaged[1 + rng() % (damaged.size() - 1)] = static_cast<char>(rng());
    }
    const Status s = decode_profile(damaged, decoded);
    if (!s.is_ok()) {
      ASSERT_TRUE(s.is_corruption()) << s.to_string();
      ++failures;
    }
  }
  EXPECT_GT(failures, 0);
}

TEST(ProfileCodec, RandomBytesNeverCrash) {
  std::mt19937_64 rng(3);
  Profile decoded;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes(rng() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (!bytes.empty()) bytes[0] = 1;
    const Status s = decode_profile(bytes, decoded);
    ASSERT_TRUE(s.is_ok() || s.is_corruption());
  }
}

TEST(ProfileCodec, UnknownVersionIsAnError) {
  std::string bytes = encoded(test::rich_profile());
  Profile decoded;
  for (const int version : {0, 4, 255}) {
    bytes[0] = static_cast<char>(version);
    const Status s = decode_profile(bytes, decoded);
    ASSERT_TRUE(s.is_corruption());
    EXPECT_NE(s.message().find("version " + std::to_string(version) + " is unknown"),
              std::string::npos)
        << s.message();
  }
  EXPECT_TRUE(decode_profile("", decoded).is_corruption());
}

TEST(ProfileCodec, TrailingBytesAreCorruption) {
  std::string bytes = encoded(test::rich_profile());
  bytes.push_back('\0');
  Profile decoded;
  const Status s = decode_profile(bytes, decoded);
  ASSERT_TRUE(s.is_corruption());
  EXPECT_NE(s.message().find("trailing"), std::string::npos) << s.message();
}

// version 1, two empty strings, first_seen 0, last_seen 0, then the visit_hashes count.
std::string header_then_visit_count(std::uint64_t count) {
  std::string bytes = {1, 0, 0, 0, 0};
  append_varint(bytes, count);
  return bytes;
}

TEST(ProfileCodec, HugeListCountIsCorruptionNotAnAllocation) {
  Profile decoded;
  const Status s = decode_profile(header_then_visit_count(std::uint64_t{1} << 60), decoded);
  ASSERT_TRUE(s.is_corruption());
  EXPECT_NE(s.message().find("visit_hashes.count"), std::string::npos) << s.message();
}

TEST(ProfileCodec, OverlongVarintIsCorruption) {
  std::string bytes = {1, 0, 0};
  bytes.append(10, static_cast<char>(0xff));  // first_seen: more than 64 bits
  bytes.push_back(0);
  Profile decoded;
  EXPECT_TRUE(decode_profile(bytes, decoded).is_corruption());
}

TEST(ProfileCodec, CountersBeyondTheEventTypesAreCorruption) {
  std::string bytes = header_then_visit_count(0);
  append_varint(bytes, kEventTypeCount + 1);
  for (int i = 0; i <= kEventTypeCount; ++i) append_svarint(bytes, 1);
  Profile decoded;
  const Status s = decode_profile(bytes, decoded);
  ASSERT_TRUE(s.is_corruption());
  EXPECT_NE(s.message().find("event types"), std::string::npos) << s.message();
}

TEST(ProfileCodec, UnknownFlagBitsAreCorruption) {
  Profile p;
  p.customer_id = "c";
  std::string bytes = encoded(p);
  bytes[bytes.size() - 2] = static_cast<char>(0x10);  // counted_kpi knows four bits
  Profile decoded;
  const Status s = decode_profile(bytes, decoded);
  ASSERT_TRUE(s.is_corruption());
  EXPECT_NE(s.message().find("counted_kpi"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace crm
