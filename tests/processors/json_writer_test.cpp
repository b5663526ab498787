// The compact JSON writer: structure, escaping, and the contract's value conventions.
#include "processors/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace crm {
namespace {

std::string json_quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonWriterTest, WritesCompactNestedStructures) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a").int_value(1);
  w.key("b").begin_array().int_value(1).int_value(2).begin_object();
  w.key("c").null_value();
  w.end_object().begin_array().end_array().end_array();
  w.key("d").bool_value(true);
  w.key("e").bool_value(false);
  w.key("f").begin_object().end_object();
  w.key("g").raw_value("[1,2]");
  w.end_object();
  EXPECT_EQ(out, R"({"a":1,"b":[1,2,{"c":null},[]],"d":true,"e":false,"f":{},"g":[1,2]})");
}

TEST(JsonWriterTest, AppendsToTheCallersBufferSoItCanBeReused) {
  std::string out = "prefix ";
  JsonWriter(out).begin_array().string_value("x").end_array();
  EXPECT_EQ(out, R"(prefix ["x"])");
  const std::size_t capacity = out.capacity();
  out.clear();
  JsonWriter(out).begin_array().int_value(7).end_array();
  EXPECT_EQ(out, "[7]");
  EXPECT_EQ(out.capacity(), capacity);
}

TEST(JsonWriterTest, WritesIntegersAcrossTheWholeRange) {
  std::string out;
  JsonWriter(out)
      .begin_array()
      .int_value(0)
      .int_value(-42)
      .int_value(std::numeric_limits<std::int64_t>::max())
      .int_value(std::numeric_limits<std::int64_t>::min())
      .end_array();
  EXPECT_EQ(out, "[0,-42,9223372036854775807,-9223372036854775808]");
}

TEST(JsonWriterTest, WritesMoneyTimesAndThreeDecimalNumbers) {
  std::string out;
  JsonWriter(out)
      .begin_array()
      .money_value(2598000)
      .money_value(890000)
      .money_value(12805000)
      .money_value(-15000)
      .time_value(1795341600000)
      .time_value(1795341600120)
      .decimal3_value(24.0)
      .decimal3_value(0.51)
      .decimal3_value(std::numeric_limits<double>::quiet_NaN())
      .end_array();
  EXPECT_EQ(out, R"(["259.8","89","1280.5","-1.5","2026-11-22T10:00:00.000Z",)"
                 R"("2026-11-22T10:00:00.120Z",24.0,0.51,null])");
}

TEST(JsonWriterTest, WritesAnAbsentOptionalStringAsNull) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("from").nullable_string_value(std::optional<std::string>());
  w.key("to").nullable_string_value(std::optional<std::string>("at_risk"));
  w.end_object();
  EXPECT_EQ(out, R"({"from":null,"to":"at_risk"})");
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_quoted(R"(a"b\c)"), R"("a\"b\\c")");
  EXPECT_EQ(json_quoted(std::string_view("\0\x01\n\r\t\x1f", 6)),
            R"("\u0000\u0001\u000a\u000d\u0009\u001f")");
  EXPECT_EQ(json_quoted("/ \x7f"), "\"/ \x7f\"");  // JSON needs neither escaped
  EXPECT_EQ(json_quoted(""), R"("")");
}

TEST(JsonWriterTest, PassesValidUtf8Through) {
  const std::string text = "caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x9B\x92 \xE2\x80\xA8";
  EXPECT_EQ(json_quoted(text), "\"" + text + "\"");
}

TEST(JsonWriterTest, ReplacesEachByteOfInvalidUtf8) {
  EXPECT_EQ(json_quoted("a\x80z"), R"("a\ufffdz")");                  // stray continuation
  EXPECT_EQ(json_quoted("a\xE4\xB8"), R"("a\ufffd\ufffd")");          // truncated at the end
  EXPECT_EQ(json_quoted("\xC0\xAF"), R"("\ufffd\ufffd")");            // overlong '/'
  EXPECT_EQ(json_quoted("\xE0\x80\xAF"), R"("\ufffd\ufffd\ufffd")");  // overlong 3-byte
  EXPECT_EQ(json_quoted("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");  // UTF-16 surrogate
  EXPECT_EQ(json_quoted("\xF4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
  EXPECT_EQ(json_quoted("\xF5"), R"("\ufffd")");
}

TEST(JsonWriterTest, EscapesKeysLikeStrings) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("a\"b").int_value(1).end_object();
  EXPECT_EQ(out, R"({"a\"b":1})");
}

}  // namespace
}  // namespace crm
