// too_large and malformed_json: everything that is not exactly one valid JSON object.
#include <gtest/gtest.h>

#include <string>

#include "decoder_harness.h"

namespace crm {
namespace {

using testing_support::decoded;
using testing_support::DecoderHarness;
using testing_support::kPageView;
using testing_support::rejected;
using testing_support::with;

struct JsonCase {
  std::string name;
  std::string bytes;
};

void PrintTo(const JsonCase& c, std::ostream* os) {
  *os << c.name;
}

class MalformedJsonTest : public testing::TestWithParam<JsonCase> {};

TEST_P(MalformedJsonTest, IsMalformedJson) {
  DecoderHarness harness;
  EXPECT_TRUE(rejected(harness.decode(GetParam().bytes), RejectReason::kMalformedJson, "JSON: "))
      << GetParam().bytes;
  // The decoder recovers: the next valid message decodes.
  EXPECT_TRUE(decoded(harness.decode(kPageView)));
}

// kPageView without its closing brace, to append broken endings to.
const std::string kOpen = kPageView.substr(0, kPageView.size() - 1);

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedJsonTest,
    testing::Values(
        JsonCase{"empty", ""}, JsonCase{"whitespace_only", " \n\t "}, JsonCase{"array", "[1,2]"},
        JsonCase{"string", R"("page_view")"}, JsonCase{"number", "42"}, JsonCase{"null", "null"},
        JsonCase{"true", "true"}, JsonCase{"trailing_object", kPageView + "{}"},
        JsonCase{"trailing_brace", kPageView + "}"}, JsonCase{"trailing_word", kPageView + " x"},
        JsonCase{"trailing_number", kPageView + " 5"},
        JsonCase{"two_lines", kPageView + "\n" + kPageView},
        JsonCase{"truncated_after_value", kOpen},
        JsonCase{"truncated_in_string", kPageView.substr(0, 20)},
        JsonCase{"truncated_after_colon", kOpen + R"(,"x":)"},
        JsonCase{"truncated_nested", kOpen + R"(,"x":{"y":[1,)"},
        JsonCase{"nan", kOpen + R"(,"x":NaN})"}, JsonCase{"infinity", kOpen + R"(,"x":Infinity})"},
        JsonCase{"negative_infinity", kOpen + R"(,"x":-Infinity})"},
        JsonCase{"lone_minus", kOpen + R"(,"x":-})"},
        JsonCase{"leading_zero", kOpen + R"(,"x":01})"},
        JsonCase{"bare_fraction_point", kOpen + R"(,"x":1.})"},
        JsonCase{"plus_sign", kOpen + R"(,"x":+1})"}, JsonCase{"hex", kOpen + R"(,"x":0x10})"},
        JsonCase{"bad_literal", kOpen + R"(,"x":nul})"},
        JsonCase{"bad_true", kOpen + R"(,"x":tru})"},
        JsonCase{"bad_literal_in_array", kOpen + R"(,"x":[true,fals]})"},
        JsonCase{"trailing_comma_object", kOpen + ",}"},
        JsonCase{"trailing_comma_array", kOpen + R"(,"x":[1,2,]})"},
        JsonCase{"missing_colon", kOpen + R"(,"x" 1})"},
        JsonCase{"missing_comma", kOpen + R"( "x":1})"},
        JsonCase{"single_quotes", kOpen + R"(,'x':1})"},
        JsonCase{"unquoted_key", kOpen + R"(,x:1})"},
        JsonCase{"comment", kOpen + R"(,"x":1 /* c */})"},
        JsonCase{"invalid_utf8_in_value", kOpen + ",\"x\":\"\xff\"}"},
        JsonCase{"invalid_utf8_in_key", kOpen + ",\"\xc3\x28\":1}"},
        JsonCase{"overlong_utf8", kOpen + ",\"x\":\"\xc0\xaf\"}"},
        JsonCase{"lone_surrogate_escape", kOpen + R"(,"x":"\udc00"})"},
        JsonCase{"bad_escape", kOpen + R"(,"x":"\x41"})"},
        JsonCase{"short_unicode_escape", kOpen + R"(,"x":"\u12"})"},
        JsonCase{"raw_control_char", kOpen + ",\"x\":\"a\tb\"}"},
        JsonCase{"raw_newline_in_string", kOpen + ",\"x\":\"a\nb\"}"},
        JsonCase{"bad_escape_in_key", kOpen + R"(,"\q":1})"},
        JsonCase{"nul_byte", kOpen + std::string(",\"x\":\0}", 7)},
        JsonCase{"bad_number_inside_items", kOpen + R"(,"items":[{"price":1e}]})"},
        JsonCase{"unclosed_array", kOpen + R"(,"x":[1,2})"}),
    [](const testing::TestParamInfo<JsonCase>& p) { return p.param.name; });

// kPageView with an ignored field nested `levels` containers deep in total (the top-level
// object counts as one).
std::string nested(int levels) {
  return with(kPageView,
              R"("deep":)" + std::string(levels - 1, '[') + std::string(levels - 1, ']'));
}

TEST(DepthTest, SixtyFourLevelsAreFine) {
  DecoderHarness harness;
  EXPECT_TRUE(decoded(harness.decode(nested(64))));
}

TEST(DepthTest, SixtyFiveLevelsAreMalformed) {
  DecoderHarness harness;
  EXPECT_TRUE(rejected(harness.decode(nested(65)), RejectReason::kMalformedJson,
                       "JSON: nesting deeper than 64"));
}

TEST(DepthTest, ObjectsCountLikeArrays) {
  auto objects = [](int levels) {
    std::string inner;
    for (int i = 1; i < levels; ++i) inner += R"({"k":)";
    inner += "1";
    for (int i = 1; i < levels; ++i) inner += "}";
    return with(kPageView, R"("deep":)" + inner);
  };
  DecoderHarness harness;
  // objects(n) nests n-1 objects under the top-level one: n levels.
  EXPECT_TRUE(decoded(harness.decode(objects(64))));
  EXPECT_TRUE(rejected(harness.decode(objects(65)), RejectReason::kMalformedJson, "nesting"));
}

TEST(DepthTest, ItemsElementsCountToo) {
  DecoderHarness harness;
  const std::string order =
      R"({"event_id":"e1","type":"order_shipped","ts":1,"customer_id":"c","order_id":"o",)";
  // top object (1) > items array (2) > element object (3) > "x" value nested n arrays.
  auto with_items = [&](int arrays) {
    return order + R"("items":[{"product_id":"p","x":)" + std::string(arrays, '[') +
           std::string(arrays, ']') + "}]}";
  };
  EXPECT_TRUE(decoded(harness.decode(with_items(61))));
  EXPECT_TRUE(rejected(harness.decode(with_items(62)), RejectReason::kMalformedJson, "nesting"));
}

TEST(DepthTest, VeryDeepInputIsRefusedWithoutRecursingThroughIt) {
  DecoderConfig config;
  config.max_message_bytes = 1 << 20;
  DecoderHarness harness(config);
  EXPECT_TRUE(rejected(harness.decode(nested(60'000)), RejectReason::kMalformedJson, "JSON: "));
  EXPECT_TRUE(rejected(harness.decode("{\"x\":" + std::string(60'000, '[')),
                       RejectReason::kMalformedJson, "JSON: "));
}

TEST(TooLargeTest, LimitIsInclusive) {
  DecoderConfig config;
  config.max_message_bytes = kPageView.size();
  DecoderHarness harness(config);
  EXPECT_TRUE(decoded(harness.decode(kPageView)));
  EXPECT_TRUE(rejected(harness.decode(kPageView + " "), RejectReason::kTooLarge,
                       "message of " + std::to_string(kPageView.size() + 1) + " bytes"));
}

TEST(TooLargeTest, DefaultLimitIs64KiB) {
  DecoderHarness harness;
  std::string padding(65536 - kPageView.size() - 7, 'x');  // 7: ,"p":""
  const std::string exact = with(kPageView, R"("p":")" + padding + "\"");
  ASSERT_EQ(exact.size(), 65536u);
  EXPECT_TRUE(decoded(harness.decode(exact)));
  EXPECT_TRUE(rejected(harness.decode(exact + " "), RejectReason::kTooLarge, "65537 bytes"));
}

TEST(JsonTest, WhitespaceAroundTheObjectIsFine) {
  DecoderHarness harness;
  EXPECT_TRUE(decoded(harness.decode(" \t" + kPageView + "\r\n ")));
}

TEST(JsonTest, EscapedKeysAreMatchedUnescaped) {
  DecoderHarness harness;
  ASSERT_TRUE(decoded(harness.decode(
      R"({"\u0065vent_id":"e1","type":"page_view","t\u0073":1,"anonymous_id":"a\"1"})")));
  EXPECT_EQ(harness.event.event_id, "e1");
  EXPECT_EQ(harness.event.ts, 1);
  EXPECT_EQ(harness.event.anonymous_id, "a\"1");
}

}  // namespace
}  // namespace crm
