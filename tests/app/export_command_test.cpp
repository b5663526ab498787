// `crmstream export`: JSON lines and CSV of every task's profiles in global key order, each
// evaluated at its own task's clock; --where filters; --output; the read-only view beside a
// writer that still holds the directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/profile_export.h"
#include "tests/app/shop_state.h"

namespace crm {
namespace {

using test::run_crmstream;
using test::ShopState;

const std::string kCounters =
    R"("counters":{"page_view":0,"product_view":0,"search":0,"add_to_cart":0,)"
    R"("remove_from_cart":0,"favorite":0,"signup":0,"login":0,"inquiry":0,"order_placed":0,)"
    R"("order_paid":1,"order_shipped":0,"order_delivered":0,"order_cancelled":0,)"
    R"("order_refunded":0})";

// c2's only purchase is 9 days before task 0's clock (9 days 22 hours).
const std::string kC2Line =
    R"({"customer_id":"c2","lifecycle":"first_purchase","rfm_segment":"new_customers",)"
    R"("value_tier":"low","r":5,"f":1,"m":1,"recency_days":9,"frequency":1,"monetary":"30",)"
    R"("purchases":1,"monetary_lifetime":"30","first_purchase":"2026-01-21T12:00:00.000Z",)"
    R"("last_purchase":"2026-01-21T12:00:00.000Z","expected_interval_days":30.0,)"
    R"("at_risk_after_days":60.0,"churned_after_days":120.0,"churn_risk":"low",)"
    R"("churn_score":0.075,"first_seen":"2026-01-21T12:00:00.000Z",)"
    R"("last_seen":"2026-01-21T12:00:00.000Z","visits":0,)" +
    kCounters +
    R"(,"dwell_ms_total":0,"channels":{"unknown":1},"preferred_channel":"unknown",)"
    R"("top_categories_viewed":{},"top_categories_bought":{},"cart_items":0,"unpaid_orders":0})";

// c15's only purchase is 99 days (and 20 hours) before task 1's clock: past at_risk_after (60)
// there, though only 29 days before task 0's clock.
const std::string kC15Line =
    R"({"customer_id":"c15","lifecycle":"at_risk","rfm_segment":"about_to_sleep",)"
    R"("value_tier":"medium","r":3,"f":1,"m":2,"recency_days":99,"frequency":1,)"
    R"("monetary":"250","purchases":1,"monetary_lifetime":"250",)"
    R"("first_purchase":"2026-01-01T12:00:00.000Z","last_purchase":"2026-01-01T12:00:00.000Z",)"
    R"("expected_interval_days":30.0,"at_risk_after_days":60.0,"churned_after_days":120.0,)"
    R"("churn_risk":"high","churn_score":0.825,"first_seen":"2026-01-01T12:00:00.000Z",)"
    R"("last_seen":"2026-01-01T12:00:00.000Z","visits":0,)" +
    kCounters +
    R"(,"dwell_ms_total":0,"channels":{"unknown":1},"preferred_channel":"unknown",)"
    R"("top_categories_viewed":{},"top_categories_bought":{},"cart_items":0,"unpaid_orders":0})";

std::vector<std::string> lines_of(const std::string& text, char end = '\n') {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line, end);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The value of "customer_id" or "anonymous_id" of each JSON line.
std::vector<std::string> keys_of(const std::vector<std::string>& lines) {
  std::vector<std::string> keys;
  for (const std::string& line : lines) {
    const std::size_t start = line.find("_id\":\"") + 6;
    keys.push_back(line.substr(start, line.find('"', start) - start));
  }
  return keys;
}

TEST(ExportCommand, JsonLinesInGlobalKeyOrderAtEachTasksClock) {
  ShopState shop;
  shop.build();
  const auto run = run_crmstream({"export", "--config", shop.config_path()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> lines = lines_of(run.out);
  // Customers of both tasks merged by key, then visitors (a10 is task 1's, a2 task 0's).
  EXPECT_EQ(keys_of(lines), (std::vector<std::string>{"c1", "c15", "c2", "c3", "a10", "a2"}));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[1], kC15Line);
  EXPECT_EQ(lines[2], kC2Line);
  EXPECT_NE(lines[0].find(R"("lifecycle":"repeat")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[3].find(R"("lifecycle":"registered")"), std::string::npos) << lines[3];
  EXPECT_NE(lines[5].find(R"({"anonymous_id":"a2","lifecycle":"visitor")"), std::string::npos)
      << lines[5];
}

TEST(ExportCommand, CsvHasTheHeaderAndOneRowPerProfile) {
  ShopState shop;
  shop.build();
  const auto run = run_crmstream({"export", "--config", shop.config_path(), "--format", "csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\r\n"), std::string::npos);
  const std::vector<std::string> rows = lines_of(run.out);
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_TRUE(rows[0].starts_with("customer_id,anonymous_id,lifecycle,rfm_segment,value_tier,r,"))
      << rows[0];
  EXPECT_TRUE(
      rows[3].starts_with("c2,,first_purchase,new_customers,low,5,1,1,9,1,30,1,30,"
                          "2026-01-21T12:00:00.000Z,2026-01-21T12:00:00.000Z,30.0,60.0,"
                          "120.0,low,0.075,"))
      << rows[3];
  EXPECT_TRUE(rows[6].starts_with(",a2,visitor,,,,,,,,,0,0,,,,,,,,")) << rows[6];
}

TEST(ExportCommand, WhereKeepsProfilesWhoseFieldsAllMatch) {
  ShopState shop;
  shop.build();
  auto run = run_crmstream(
      {"export", "--config", shop.config_path(), "--where", "lifecycle=first_purchase"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(lines_of(run.out), std::vector<std::string>{kC2Line});

  run = run_crmstream({"export", "--config", shop.config_path(), "--where", "churn_risk=high",
                       "--where", "value_tier=medium"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(lines_of(run.out), std::vector<std::string>{kC15Line});

  run = run_crmstream({"export", "--config", shop.config_path(), "--where", "churn_risk=high",
                       "--where", "value_tier=low"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");

  // Fields left out of a record (a non-buyer's RFM) are empty; nested counters are columns.
  run = run_crmstream({"export", "--config", shop.config_path(), "--where",
                       "rfm_segment=", "--where", "counters.page_view=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(keys_of(lines_of(run.out)), (std::vector<std::string>{"a10", "a2"}));
}

TEST(ExportCommand, UnknownWhereFieldIsBadUsage) {
  ShopState shop;
  shop.build();
  auto run = run_crmstream({"export", "--config", shop.config_path(), "--where", "colour=red"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("--where colour=red: the export has no field \"colour\"; its fields are "
                         "customer_id, anonymous_id, lifecycle,"),
            std::string::npos)
      << run.err;

  run = run_crmstream({"export", "--config", shop.config_path(), "--where", "lifecycle"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("expected field=value"), std::string::npos) << run.err;

  run = run_crmstream({"export", "--config", shop.config_path(), "--format", "xml"});
  EXPECT_EQ(run.exit_code, 2);
}

TEST(ExportCommand, OutputFileHoldsTheSameLines) {
  ShopState shop;
  shop.build();
  const std::string file = shop.path("export.jsonl");
  const auto to_file = run_crmstream({"export", "--config", shop.config_path(), "--output", file});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_NE(to_file.err.find("6 of 6 profiles written to " + file), std::string::npos)
      << to_file.err;
  std::ifstream in(file);
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, run_crmstream({"export", "--config", shop.config_path()}).out);
  EXPECT_FALSE(std::filesystem::exists(file + ".partial"));
}

TEST(ExportCommand, ReadsBesideAWriterThatHoldsTheDirectory) {
  ShopState shop;
  std::unique_ptr<StateStore> writer = shop.open();
  ASSERT_TRUE(writer);
  shop.apply(*writer, 0, test::kTask0Events);
  shop.apply(*writer, 1, test::kTask1Events);

  // The writer still holds the lock: export opens a secondary view of what it wrote.
  const auto run =
      run_crmstream({"export", "--config", shop.config_path(), "--where", "customer_id=c2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(lines_of(run.out), std::vector<std::string>{kC2Line});

  // And a later write is seen by the next export.
  shop.apply(*writer, 0,
             {R"({"event_id":"e11","type":"order_paid","ts":"2026-01-31T11:00:00Z",)"
              R"("customer_id":"c2","order_id":"o5","amount":"10"})"});
  const auto after =
      run_crmstream({"export", "--config", shop.config_path(), "--where", "customer_id=c2"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.out.find(R"("purchases":2)"), std::string::npos) << after.out;
  ASSERT_TRUE(writer->close().is_ok());
}

TEST(ExportCommand, MissingStateIsARuntimeFailure) {
  ShopState shop;  // nothing built
  const auto run = run_crmstream({"export", "--config", shop.config_path()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("holds no state"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace crm
