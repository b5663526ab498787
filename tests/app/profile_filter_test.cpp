// ProfileFilter and the CSV line splitter it compares through: quoting as RFC 4180 writes it,
// conditions on columns named by experiments and counters, values that hold '='.
#include "pipeline/profile_filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "processors/evaluate.h"

namespace crm {
namespace {

TEST(SplitCsvLine, UnquotesCellsAndKeepsEmptyOnes) {
  std::vector<std::string> cells{"left", "over", "from", "before", "x"};
  split_csv_line("a,,\"b,c\",\"say \"\"hi\"\"\",\"line\r\nbreak\",\r\n", cells);
  EXPECT_EQ(cells, (std::vector<std::string>{"a", "", "b,c", "say \"hi\"", "line\r\nbreak", ""}));
  split_csv_line("", cells);
  EXPECT_EQ(cells, std::vector<std::string>{""});
}

class ProfileFilterTest : public testing::Test {
 protected:
  ProfileFilterTest() {
    config_.experiments.push_back({"win,back", "salt", 0});
    profile_.customer_id = "c=1";
    profile_.counters[0] = 3;
  }
  bool keeps(const std::vector<std::string>& terms) {
    ProfileFilter filter(config_);
    EXPECT_TRUE(filter.add_conditions(terms).is_ok());
    const CustomerView view = evaluate(profile_, 0, config_, static_thresholds(config_.rfm));
    return filter.matches(profile_, view);
  }
  ModelConfig config_;
  Profile profile_;
};

TEST_F(ProfileFilterTest, MatchesEveryConditionOnItsColumn) {
  EXPECT_TRUE(keeps({}));
  EXPECT_TRUE(keeps({"customer_id=c=1"}));
  EXPECT_TRUE(keeps({"experiments.win,back=treatment", "counters.page_view=3"}));
  EXPECT_TRUE(keeps({"lifecycle=registered", "anonymous_id=", "r="}));
  EXPECT_FALSE(keeps({"lifecycle=registered", "counters.page_view=2"}));
  EXPECT_FALSE(keeps({"customer_id=c"}));
}

TEST_F(ProfileFilterTest, RefusesFieldsTheExportDoesNotHave) {
  ProfileFilter filter(config_);
  Status s = filter.add_conditions(std::vector<std::string>{"counters=3"});
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("the export has no field \"counters\""), std::string::npos);
  EXPECT_NE(s.message().find("experiments.win,back, counters.page_view"), std::string::npos)
      << s.message();
  s = filter.add_conditions(std::vector<std::string>{"channels=web"});  // an object, not a column
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(filter.empty());
}

// A classification value no profile can have is a typo, not an empty export.
TEST_F(ProfileFilterTest, RefusesAClassificationValueThatDoesNotExist) {
  ProfileFilter filter(config_);
  Status s = filter.add_conditions(std::vector<std::string>{"lifecycle=atrisk"});
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("--where lifecycle=atrisk: no lifecycle is called \"atrisk\"; they "
                             "are visitor, returning_visitor, registered, first_purchase, repeat, "
                             "loyal, at_risk, churned"),
            std::string::npos)
      << s.message();
  s = filter.add_conditions(std::vector<std::string>{"rfm_segment=champion"});
  EXPECT_NE(s.message().find("champions, loyal_customers"), std::string::npos) << s.message();
  EXPECT_EQ(filter.add_conditions(std::vector<std::string>{"churn_risk=very_high"}).code(),
            Status::Code::kInvalidArgument);
  EXPECT_TRUE(filter.empty());
  EXPECT_TRUE(filter
                  .add_conditions(std::vector<std::string>{
                      "lifecycle=at_risk", "value_tier=", "rfm_segment=cant_lose_them",
                      "churn_risk=churned"})
                  .is_ok());
}

}  // namespace
}  // namespace crm
