// The profile export (outputs.md "Profile export"): the example byte for byte, visitors and
// non-buyers, the fields added at the end, and the CSV form.
#include "processors/export_record.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/processors/output_test_support.h"

namespace crm {
namespace {

constexpr TimeMs kNow = 1795341600000;  // 2026-11-22T10:00:00.000Z

using test_support::config_with_experiment;
using test_support::minify;
using test_support::segment_index;

Profile example_profile() {
  Profile profile;
  profile.customer_id = "c-1042";
  profile.first_seen = 1787213700000;  // 2026-08-20T08:15:00.000Z
  profile.last_seen = 1795199405250;   // 2026-11-20T18:30:05.250Z
  for (std::uint64_t visit = 1; visit <= 12; ++visit) profile.visit_hashes.push_back(visit);
  profile.counters[static_cast<std::size_t>(EventType::kPageView)] = 40;
  profile.counters[static_cast<std::size_t>(EventType::kOrderPlaced)] = 3;
  profile.counters[static_cast<std::size_t>(EventType::kOrderPaid)] = 3;
  return profile;
}

// Three purchases over 43 days, the last 40 days before kNow: E = 21.5, at_risk_after 43.0,
// churned_after = clamp(86, 90, 365) = 90.0, score 40 / 90.
CustomerView example_view(const ModelConfig& config) {
  CustomerView view;
  view.lifecycle = LifecycleStage::kRepeat;
  view.purchases = 3;
  view.monetary_lifetime = 5123000;
  view.last_purchase = kNow - 40 * kDayMs;
  view.first_purchase = *view.last_purchase - 43 * kDayMs;
  RfmView rfm;
  rfm.r = 4;
  rfm.f = 3;
  rfm.m = 3;
  rfm.recency_days = 40;
  rfm.frequency = 3;
  rfm.monetary = 5123000;
  rfm.segment = segment_index(config, "potential_loyalists");
  rfm.tier = ValueTier::kMedium;
  view.rfm = rfm;
  ChurnView churn;
  churn.level = ChurnLevel::kMedium;
  churn.score = 40.0 / 90.0;
  churn.days_since_last_purchase = 40;
  churn.expected_interval_days = 21.5;
  churn.at_risk_after_days = 43.0;
  churn.churned_after_days = 90.0;
  view.churn = churn;
  return view;
}

constexpr std::string_view kZeroExtras =
    R"(,"dwell_ms_total":0,"channels":{},"top_categories_viewed":{},)"
    R"("top_categories_bought":{},"cart_items":0,"unpaid_orders":0})";

TEST(ExportRecordTest, ExampleOfOutputsMd) {
  const ModelConfig config = config_with_experiment();
  std::string out;
  render_export_json(example_profile(), example_view(config), config, out);
  // The example with its "..." filled in; the fields added within the schema follow counters.
  std::string expected = minify(R"(
{"customer_id": "c-1042", "lifecycle": "repeat", "rfm_segment": "potential_loyalists",
 "value_tier": "medium", "r": 4, "f": 3, "m": 3, "recency_days": 40,
 "frequency": 3, "monetary": "512.3", "purchases": 3, "monetary_lifetime": "512.3",
 "first_purchase": "2026-08-31T10:00:00.000Z", "last_purchase": "2026-10-13T10:00:00.000Z",
 "expected_interval_days": 21.5,
 "at_risk_after_days": 43.0, "churned_after_days": 90.0,
 "churn_risk": "medium", "churn_score": 0.444,
 "first_seen": "2026-08-20T08:15:00.000Z", "last_seen": "2026-11-20T18:30:05.250Z",
 "visits": 12, "experiments": {"winback-q4": "treatment"},
 "counters": {"page_view": 40, "product_view": 0, "search": 0, "add_to_cart": 0,
              "remove_from_cart": 0, "favorite": 0, "signup": 0, "login": 0, "inquiry": 0,
              "order_placed": 3, "order_paid": 3, "order_shipped": 0, "order_delivered": 0,
              "order_cancelled": 0, "order_refunded": 0}})");
  expected.pop_back();  // the closing brace comes after the added fields
  expected += kZeroExtras;
  EXPECT_EQ(out, expected + "\n");
}

TEST(ExportRecordTest, AppendsOneLinePerCallToTheSameBuffer) {
  const ModelConfig config;
  const Profile profile = example_profile();
  const CustomerView view = example_view(config);
  std::string out;
  render_export_json(profile, view, config, out);
  const std::string one = out;
  render_export_json(profile, view, config, out);
  EXPECT_EQ(out, one + one);
  EXPECT_EQ(one.find('\n'), one.size() - 1);
}

TEST(ExportRecordTest, VisitorHasAnonymousIdAndNoBuyerFieldsOrExperiments) {
  const ModelConfig config = config_with_experiment();
  Profile profile;
  profile.anonymous_id = "a-77";
  profile.first_seen = kNow - kDayMs;
  profile.last_seen = kNow;
  profile.visit_hashes = {5, 9};
  profile.counters[static_cast<std::size_t>(EventType::kPageView)] = 2;
  CustomerView view;
  view.lifecycle = LifecycleStage::kReturningVisitor;
  std::string out;
  render_export_json(profile, view, config, out);
  EXPECT_EQ(out, std::string(R"({"anonymous_id":"a-77","lifecycle":"returning_visitor",)"
                             R"("purchases":0,"monetary_lifetime":"0",)"
                             R"("first_seen":"2026-11-21T10:00:00.000Z",)"
                             R"("last_seen":"2026-11-22T10:00:00.000Z","visits":2,)"
                             R"("counters":{"page_view":2,"product_view":0,"search":0,)"
                             R"("add_to_cart":0,"remove_from_cart":0,"favorite":0,"signup":0,)"
                             R"("login":0,"inquiry":0,"order_placed":0,"order_paid":0,)"
                             R"("order_shipped":0,"order_delivered":0,"order_cancelled":0,)"
                             R"("order_refunded":0})") +
                     std::string(kZeroExtras) + "\n");
}

TEST(ExportRecordTest, NonBuyerCustomerKeepsExperimentsAndLeavesRfmAndChurnOut) {
  const ModelConfig config = config_with_experiment();
  Profile profile;
  profile.customer_id = "c-1";
  CustomerView view;
  view.lifecycle = LifecycleStage::kRegistered;
  std::string out;
  render_export_json(profile, view, config, out);
  EXPECT_NE(out.find(R"("experiments":{"winback-q4":"holdout"})"), std::string::npos);
  for (const char* absent : {"\"r\"", "rfm_segment", "value_tier", "recency_days", "\"monetary\"",
                             "first_purchase", "last_purchase", "expected_interval_days",
                             "churn_risk", "churn_score", "at_risk_after_days"}) {
    EXPECT_EQ(out.find(absent), std::string::npos) << absent;
  }
}

TEST(ExportRecordTest, AddedFieldsRankCountsAndCountOpenOrders) {
  const ModelConfig config;
  Profile profile = example_profile();
  profile.dwell_ms_total = 93000;
  profile.channels = {{"web", 5}, {"app", 9}, {"email", 5}};
  for (int i = 0; i < 12; ++i) {
    profile.categories_viewed.push_back({"cat" + std::to_string(i), i % 4});
  }
  profile.categories_bought = {{"shoes", 1}};
  profile.cart.push_back({"p-1", 3, std::nullopt, kNow});
  profile.cart.push_back({"p-2", 1, 10000, kNow});
  OrderEntry unpaid;
  unpaid.order_id = "o-1";
  unpaid.placed_at = kNow;
  OrderEntry paid = unpaid;
  paid.order_id = "o-2";
  paid.payment = Payment{kNow, "p", 10000};
  OrderEntry cancelled = unpaid;
  cancelled.order_id = "o-3";
  cancelled.cancelled_at = kNow;
  profile.orders = {unpaid, paid, cancelled};
  std::string out;
  render_export_json(profile, example_view(config), config, out);
  const std::size_t start = out.find(R"(,"dwell_ms_total")");
  ASSERT_NE(start, std::string::npos);
  EXPECT_EQ(out.substr(start),
            R"(,"dwell_ms_total":93000,"channels":{"app":9,"email":5,"web":5},)"
            R"("preferred_channel":"app",)"
            R"("top_categories_viewed":{"cat11":3,"cat3":3,"cat7":3,"cat10":2,"cat2":2,)"
            R"("cat6":2,"cat1":1,"cat5":1,"cat9":1,"cat0":0},)"
            R"("top_categories_bought":{"shoes":1},"cart_items":2,"unpaid_orders":1})"
            "\n");
}

TEST(ExportRecordTest, CsvHeaderAndBuyerRow) {
  const ModelConfig config = config_with_experiment();
  EXPECT_EQ(export_csv_header(config),
            "customer_id,anonymous_id,lifecycle,rfm_segment,value_tier,r,f,m,recency_days,"
            "frequency,monetary,purchases,monetary_lifetime,first_purchase,last_purchase,"
            "expected_interval_days,at_risk_after_days,churned_after_days,churn_risk,"
            "churn_score,first_seen,last_seen,visits,experiments.winback-q4,"
            "counters.page_view,counters.product_view,counters.search,counters.add_to_cart,"
            "counters.remove_from_cart,counters.favorite,counters.signup,counters.login,"
            "counters.inquiry,counters.order_placed,counters.order_paid,counters.order_shipped,"
            "counters.order_delivered,counters.order_cancelled,counters.order_refunded,"
            "dwell_ms_total,preferred_channel,cart_items,unpaid_orders\r\n");
  std::string out;
  render_export_csv(example_profile(), example_view(config), config, out);
  EXPECT_EQ(out,
            "c-1042,,repeat,potential_loyalists,medium,4,3,3,40,3,512.3,3,512.3,"
            "2026-08-31T10:00:00.000Z,2026-10-13T10:00:00.000Z,21.5,43.0,90.0,medium,0.444,"
            "2026-08-20T08:15:00.000Z,2026-11-20T18:30:05.250Z,12,treatment,"
            "40,0,0,0,0,0,0,0,0,3,3,0,0,0,0,0,,0,0\r\n");
}

TEST(ExportRecordTest, CsvVisitorRowHasEmptyCellsWhereFieldsDoNotApply) {
  const ModelConfig config = config_with_experiment();
  Profile profile;
  profile.anonymous_id = "a-77";
  profile.first_seen = kNow;
  profile.last_seen = kNow;
  profile.channels = {{"web", 1}};
  CustomerView view;
  std::string out;
  render_export_csv(profile, view, config, out);
  EXPECT_EQ(out,
            ",a-77,visitor,,,,,,,,,0,0,,,,,,,,2026-11-22T10:00:00.000Z,"
            "2026-11-22T10:00:00.000Z,0,,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,web,0,0\r\n");
  // As many cells as header columns.
  const auto cells = [](const std::string& line) {
    return std::count(line.begin(), line.end(), ',');
  };
  EXPECT_EQ(cells(out), cells(export_csv_header(config)));
}

TEST(ExportRecordTest, CsvQuotesCellsWithSeparatorsQuotesAndLineBreaks) {
  const ModelConfig config;
  Profile profile;
  profile.customer_id = "c,\"1\"\n";
  CustomerView view;
  view.lifecycle = LifecycleStage::kRegistered;
  std::string out;
  render_export_csv(profile, view, config, out);
  EXPECT_EQ(out.rfind("\"c,\"\"1\"\"\n\",,registered,", 0), 0u) << out;
}

}  // namespace
}  // namespace crm
