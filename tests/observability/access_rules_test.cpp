// The token rule's pieces: constant-time comparison, the bearer check per listener kind, and
// which hosts count as loopback.
#include <gtest/gtest.h>

#include "observability/bearer_token.h"
#include "observability/listen_address.h"

namespace crm {
namespace {

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_TRUE(constant_time_equals("s3cret", "s3cret"));
  EXPECT_FALSE(constant_time_equals("s3cret", "s3creT"));
  EXPECT_FALSE(constant_time_equals("s3cret", "s3cre"));
  EXPECT_FALSE(constant_time_equals("s3cre", "s3cret"));
  EXPECT_FALSE(constant_time_equals("", "x"));
  EXPECT_FALSE(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  EXPECT_TRUE(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  // A prefix padded with NULs is not the same string.
  EXPECT_FALSE(constant_time_equals(std::string_view("ab\0", 3), "ab"));
}

TEST(CheckBearer, LoopbackIsOpen) {
  EXPECT_EQ(check_bearer(true, "", ""), Access::kAllowed);
  EXPECT_EQ(check_bearer(true, "tok", ""), Access::kAllowed);
  EXPECT_EQ(check_bearer(true, "tok", "Bearer wrong"), Access::kAllowed);
}

TEST(CheckBearer, OffLoopbackNeedsTheToken) {
  EXPECT_EQ(check_bearer(false, "tok", "Bearer tok"), Access::kAllowed);
  EXPECT_EQ(check_bearer(false, "tok", "bearer tok"), Access::kAllowed);
  EXPECT_EQ(check_bearer(false, "tok", ""), Access::kUnauthorized);
  EXPECT_EQ(check_bearer(false, "tok", "Bearer"), Access::kUnauthorized);
  EXPECT_EQ(check_bearer(false, "tok", "Bearer tok2"), Access::kUnauthorized);
  EXPECT_EQ(check_bearer(false, "tok", "Bearer to"), Access::kUnauthorized);
  EXPECT_EQ(check_bearer(false, "tok", "Basic dG9rOnRvaw=="), Access::kUnauthorized);
  EXPECT_EQ(check_bearer(false, "tok", "Bearer  tok"), Access::kUnauthorized);
}

TEST(CheckBearer, OffLoopbackWithoutTokenIsOff) {
  EXPECT_EQ(check_bearer(false, "", ""), Access::kForbidden);
  EXPECT_EQ(check_bearer(false, "", "Bearer "), Access::kForbidden);
}

TEST(ListenAddress, Loopback) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("::ffff:127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(is_loopback_host("::"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("128.0.0.1"));
  EXPECT_FALSE(is_loopback_host("example.com"));
  EXPECT_FALSE(is_loopback_host("localhost.example.com"));
}

TEST(ListenAddress, Parses) {
  ListenAddress address;
  ASSERT_TRUE(parse_listen_address("127.0.0.1:9464", address).is_ok());
  EXPECT_EQ(address.host, "127.0.0.1");
  EXPECT_EQ(address.port, 9464);
  ASSERT_TRUE(parse_listen_address("[::1]:0", address).is_ok());
  EXPECT_EQ(address.host, "::1");
  EXPECT_EQ(address.port, 0);
  EXPECT_FALSE(parse_listen_address("9464", address).is_ok());
  EXPECT_FALSE(parse_listen_address(":9464", address).is_ok());
  EXPECT_FALSE(parse_listen_address("host:65536", address).is_ok());
  EXPECT_FALSE(parse_listen_address("::1:9464", address).is_ok());
  EXPECT_FALSE(parse_listen_address("host:", address).is_ok());
  EXPECT_EQ(format_host_port("::1", 80), "[::1]:80");
  EXPECT_EQ(format_host_port("127.0.0.1", 80), "127.0.0.1:80");
}

}  // namespace
}  // namespace crm
