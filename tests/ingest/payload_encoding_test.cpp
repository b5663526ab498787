#include "ingest/payload_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace crm {
namespace {

TEST(Base64Test, RoundTripsRfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    std::string out = "x";
    append_base64(out, plain);
    EXPECT_EQ(out, "x" + encoded);
    EXPECT_EQ(decode_base64(encoded), plain);
  }
  const std::string binary("\0\xff\x10\x80 z", 6);
  std::string out;
  append_base64(out, binary);
  EXPECT_EQ(decode_base64(out), binary);
}

TEST(Base64Test, RefusesNonBase64) {
  for (const char* bad : {"Zg=", "Zg", "Z===", "Zg=a", "Zm9v!A==", " Zm9v", "Zm9v\n", "=Zm9"}) {
    EXPECT_FALSE(decode_base64(bad).has_value()) << bad;
  }
}

TEST(Sha256Test, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace crm
