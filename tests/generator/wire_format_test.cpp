// Every wire form of a timestamp or an amount denotes exactly the value it was given, as the
// decoder's own parsers read it, and the stream mixes all of them.
#include "generator/wire_format.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>

#include "generator/shop_generator.h"
#include "ingest/decimal.h"
#include "ingest/timestamp.h"

namespace crm {
namespace {

std::string unquoted(const std::string& value) {
  return value.front() == '"' ? value.substr(1, value.size() - 2) : value;
}

TEST(WireFormat, EveryTsFormIsTheSameInstant) {
  SplitMix64 rng(1);
  for (const TimeMs t : {TimeMs{1'735'689'600'000}, TimeMs{1'735'689'600'001},
                         TimeMs{1'740'787'199'999}, TimeMs{1'767'225'599'000}, TimeMs{0}}) {
    for (const TsForm form : {TsForm::kUtcMillis, TsForm::kUtcMicros, TsForm::kWholeSecond,
                              TsForm::kOffset, TsForm::kEpochMillis}) {
      for (int repeat = 0; repeat < 20; ++repeat) {  // several offsets and extra digits
        std::string value;
        append_ts(value, t, form, rng);
        if (form == TsForm::kEpochMillis) {
          EXPECT_EQ(value, std::to_string(t));
          continue;
        }
        ASSERT_EQ(value.front(), '"') << value;
        EXPECT_EQ(parse_rfc3339(unquoted(value)), std::optional<TimeMs>(t)) << value;
      }
    }
  }
}

TEST(WireFormat, WholeSecondFormDropsOnlyZeroMilliseconds) {
  SplitMix64 rng(1);
  std::string value;
  append_ts(value, 1'735'689'605'000, TsForm::kWholeSecond, rng);
  EXPECT_EQ(value, "\"2025-01-01T00:00:05Z\"");
  value.clear();
  append_ts(value, 1'735'689'605'250, TsForm::kWholeSecond, rng);
  EXPECT_EQ(value, "\"2025-01-01T00:00:05.250Z\"");
}

TEST(WireFormat, EveryMoneyFormIsTheSameAmount) {
  for (const Money m : {Money{0}, Money{9900}, Money{1'299'000}, Money{1'299'900},
                        Money{12'345'678'900}, Money{5000}}) {
    for (const MoneyForm form : {MoneyForm::kNumber, MoneyForm::kString, MoneyForm::kPaddedString,
                                 MoneyForm::kExponentNumber}) {
      std::string value;
      append_money_as(value, m, form);
      const bool quoted = value.front() == '"';
      EXPECT_EQ(quoted, form == MoneyForm::kString || form == MoneyForm::kPaddedString) << value;
      const std::optional<Money> read =
          quoted ? parse_money_string(unquoted(value)) : parse_money_number(value);
      EXPECT_EQ(read, std::optional<Money>(m)) << value;
    }
  }
  std::string value;
  append_money_as(value, 1'299'000, MoneyForm::kString);
  EXPECT_EQ(value, "\"129.90\"");
  value.clear();
  append_money_as(value, 1'299'000, MoneyForm::kPaddedString);
  EXPECT_EQ(value, "\"129.90000\"");
  value.clear();
  append_money_as(value, 1'299'000, MoneyForm::kExponentNumber);
  EXPECT_EQ(value, "12990e-2");
}

TEST(WireFormat, TheStreamMixesEveryForm) {
  GeneratorOptions options;
  options.customers = 200;
  options.duration = 60 * kDayMs;
  ShopGenerator generator(options);
  GeneratedEvent e;
  const std::regex micros(R"("ts":"[^"]*\.\d{6}Z")");
  const std::regex whole_second(R"("ts":"[^".]*:\d\dZ")");
  const std::regex offset(R"("ts":"[^"]*[+-]\d\d:\d\d")");
  std::map<std::string, int> seen;
  while (generator.next(e)) {
    if (e.intended_rejection) continue;
    const std::string& j = e.json;
    seen["epoch ms"] += j.find("\"ts\":17") != std::string::npos;
    seen["micros"] += std::regex_search(j, micros);
    seen["whole second"] += std::regex_search(j, whole_second);
    seen["offset"] += std::regex_search(j, offset);
    seen["amount string"] += j.find("\"amount\":\"") != std::string::npos;
    seen["amount exponent"] += j.find("e-2,") != std::string::npos;
    seen["padded string"] += j.find("0000\"") != std::string::npos;
    seen["items"] += j.find("\"items\":[") != std::string::npos;
    seen["currency"] += j.find("\"currency\":\"USD\"") != std::string::npos;
    seen["channel null"] += j.find("\"channel\":null") != std::string::npos;
    seen["no channel"] += j.find("\"channel\"") == std::string::npos;
    seen["ignored nested field"] += j.find("\"context\":{") != std::string::npos;
    seen["escaped text"] += j.find("\\\"summer\\\"") != std::string::npos;
    seen["both ids"] += j.find("\"customer_id\"") != std::string::npos &&
                        j.find("\"anonymous_id\"") != std::string::npos;
    seen["clicks without session"] += j.find("\"type\":\"order_") == std::string::npos &&
                                      j.find("\"session_id\"") == std::string::npos;
  }
  for (const auto& [form, count] : seen) EXPECT_GT(count, 0) << form;
  EXPECT_EQ(seen.size(), 15u);
}

}  // namespace
}  // namespace crm
