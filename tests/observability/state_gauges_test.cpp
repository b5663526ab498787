// The population and KPI gauges as /metrics shows them, from a real store: every known value is
// a series, 0 when nothing is counted in it, so that a stage emptied reads 0 instead of
// disappearing and the shipped recording rules compute a rate of 0, not no data.
#include "observability/state_gauges.h"

#include <gtest/gtest.h>

#include "observability/metrics.h"
#include "tests/observability/shop_store.h"

namespace crm {
namespace {

TEST(StateGauges, EveryKnownValueIsASeriesWithZeroWhenEmpty) {
  test::ShopStore shop;
  Metrics metrics("t");
  ASSERT_TRUE(refresh_state_gauges(shop.store(), shop.config(), shop.wall(), metrics).is_ok());
  const std::string text = metrics.serialize();
  for (const char* series : {
           R"(crmstream_customers{dimension="lifecycle",value="repeat"} 1)",
           R"(crmstream_customers{dimension="lifecycle",value="churned"} 0)",
           R"(crmstream_customers{dimension="rfm_segment",value="cant_lose_them"} 0)",
           R"(crmstream_customers{dimension="value_tier",value="low"})",
           R"(crmstream_customers{dimension="churn_risk",value="churned"} 0)",
           R"(crmstream_kpi_count{count="buyers"})",
           R"(crmstream_kpi_count{count="second_within_90_days"} 0)",
           R"(crmstream_kpi_count{count="reactivated_from_churned"} 0)",
       }) {
    EXPECT_NE(text.find(series), std::string::npos) << series << "\n" << text;
  }
}

}  // namespace
}  // namespace crm
