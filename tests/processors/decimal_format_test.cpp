// The three-decimal rounding and printing of derived intervals and scores (semantics.md).
#include "processors/decimal_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace crm {
namespace {

struct DecimalCase {
  double value;
  const char* printed;
};

TEST(DecimalFormatTest, RoundsToThousandthsAndPrintsShortest) {
  const DecimalCase cases[] = {
      {24.0, "24.0"},        {0.51, "0.51"},
      {0.063, "0.063"},      {0.0005, "0.001"},
      {1.0, "1.0"},          {0.9995, "1.0"},
      {43.0, "43.0"},        {21.5, "21.5"},
      {0.0, "0.0"},          {0.0004, "0.0"},
      {49.0 / 96, "0.51"},   {40.0 / 90, "0.444"},
      {0.1 + 0.2, "0.3"},    {365.0, "365.0"},
      {1.25, "1.25"},        {12.3456, "12.346"},
      {100.0005, "100.001"}, {-1.5, "-1.5"},
      {-0.0004, "0.0"},      {-0.0006, "-0.001"},
      {-0.0, "0.0"},         {1e12, "1000000000000.0"},
  };
  for (const DecimalCase& c : cases) {
    EXPECT_EQ(format_decimal3(c.value), c.printed) << "value " << c.value;
  }
}

TEST(DecimalFormatTest, AppendsToExistingContent) {
  std::string out = "x=";
  EXPECT_TRUE(append_decimal3(out, 96.0));
  EXPECT_EQ(out, "x=96.0");
}

TEST(DecimalFormatTest, RefusesValuesWithoutAnExactForm) {
  for (const double value :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(), 1e300, -1e300}) {
    std::string out = "keep";
    EXPECT_FALSE(append_decimal3(out, value)) << value;
    EXPECT_EQ(out, "keep");
    EXPECT_FALSE(round_to_thousandths(value).has_value());
  }
}

TEST(DecimalFormatTest, RoundingIsFloorOfScaledPlusHalf) {
  EXPECT_EQ(round_to_thousandths(0.0625), 63);  // half rounds up, not to even
  EXPECT_EQ(round_to_thousandths(-0.0625), -62);
  EXPECT_EQ(round_to_thousandths(48.0), 48000);
}

}  // namespace
}  // namespace crm
