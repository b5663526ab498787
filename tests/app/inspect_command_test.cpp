// `crmstream inspect`: one profile as the export record at its task's clock, with its order
// ledger, cart, links and what each of its timers is due; visitors with --visitor; unknown ids.
#include <gtest/gtest.h>

#include <string>

#include "tests/app/shop_state.h"

namespace crm {
namespace {

using test::run_crmstream;
using test::ShopState;

TEST(InspectCommand, ShowsTheLedgerCartAndPendingTimersOfACustomer) {
  ShopState shop;
  shop.build();
  const auto run = run_crmstream({"inspect", "--config", shop.config_path(), "--customer", "c3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with(R"({"task":0,"clock":"2026-01-31T10:03:00.000Z",)"
                                  R"("profile":{"customer_id":"c3","lifecycle":"registered",)"))
      << run.out;
  // Placed at 10:01, unpaid: reminded 30 minutes later; p1 added at 10:02: abandoned an hour
  // later. The stored timer is the earlier of the two; a non-buyer has no view crossing. The
  // login from a3 is a link even though a3 had no visitor profile; it expires 180 days later.
  EXPECT_TRUE(run.out.ends_with(
      R"("cart_items":1,"unpaid_orders":1},)"
      R"("ledger":[{"order_id":"o4","placed_at":"2026-01-31T10:01:00.000Z",)"
      R"("placed_amount":"19.98","paid_at":null,"refunded":"0","cancelled_at":null,)"
      R"("reminder_sent":false}],"purchases":[],)"
      R"("cart":[{"product_id":"p1","quantity":2,"price":"9.99",)"
      R"("added_at":"2026-01-31T10:02:00.000Z"}],"linked_anonymous_ids":["a3"],)"
      R"("timers":{"stored":"2026-01-31T10:31:00.000Z","next":"2026-01-31T10:31:00.000Z",)"
      R"("view_crossing":null,"cart_abandoned":"2026-01-31T11:02:00.000Z",)"
      R"("payment_reminders":[{"order_id":"o4","due":"2026-01-31T10:31:00.000Z"}],)"
      R"("visitor_expiry":null,"link_expiry":"2026-07-30T10:00:00.000Z"}})"
      "\n"))
      << run.out;
}

TEST(InspectCommand, ShowsPaymentsAndMergedVisitors) {
  ShopState shop;
  shop.build();
  const auto run = run_crmstream({"inspect", "--config", shop.config_path(), "--customer", "c1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(R"("ledger":[{"order_id":"o1","placed_at":"2026-01-01T09:10:00.000Z",)"
                         R"("placed_amount":"100","paid_at":"2026-01-01T09:12:00.000Z",)"
                         R"("paid_amount":"100","payment_event_id":"e4","refunded":"0",)"
                         R"("cancelled_at":null,"reminder_sent":false},)"
                         R"({"order_id":"o2","placed_at":null,"placed_amount":"0",)"
                         R"("paid_at":"2026-01-11T09:00:00.000Z","paid_amount":"50.5",)"
                         R"("payment_event_id":"e5","refunded":"0","cancelled_at":null,)"
                         R"("reminder_sent":false}],)"
                         R"("purchases":[{"paid_at":"2026-01-01T09:12:00.000Z","value":"100"},)"
                         R"({"paid_at":"2026-01-11T09:00:00.000Z","value":"50.5"}],"cart":[],)"
                         R"("linked_anonymous_ids":["a1"],)"),
            std::string::npos)
      << run.out;
  // A buyer's next timer is a view crossing (its recency or lifecycle moving on).
  EXPECT_EQ(run.out.find(R"("view_crossing":null)"), std::string::npos) << run.out;
}

TEST(InspectCommand, VisitorsByAnonymousId) {
  ShopState shop;
  shop.build();
  auto run =
      run_crmstream({"inspect", "--config", shop.config_path(), "--customer", "a2", "--visitor"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Deleted 180 days after its last activity.
  EXPECT_TRUE(
      run.out.ends_with(R"("visitor_expiry":"2026-07-30T10:03:00.000Z","link_expiry":null}})"
                        "\n"))
      << run.out;

  run = run_crmstream({"inspect", "--config", shop.config_path(), "--customer", "a1", "--visitor"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("visitor a1 not found: it was linked to customer c1"), std::string::npos)
      << run.err;

  // Customer and visitor keys are separate namespaces.
  run = run_crmstream({"inspect", "--config", shop.config_path(), "--customer", "a2"});
  EXPECT_EQ(run.exit_code, 1);
}

TEST(InspectCommand, UnknownCustomerIsARuntimeFailure) {
  ShopState shop;
  shop.build();
  const auto run =
      run_crmstream({"inspect", "--config", shop.config_path(), "--customer", "nobody"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "crmstream inspect: customer nobody not found\n");
}

}  // namespace
}  // namespace crm
