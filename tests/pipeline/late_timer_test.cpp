// Timers made due by late events fire at once with the clock as their instant. Two late events
// of one customer at the same clock used to give two different cart_abandoned events the same
// id ("c-1:t<clock>:cart_abandoned"), seen first in a 8-partition Kafka run; a late firing is
// now caused by its event.
#include <gtest/gtest.h>

#include <set>

#include "tests/pipeline/engine_harness.h"

namespace crm::test {
namespace {

std::string add_to_cart(const std::string& id, const std::string& ts, const std::string& sku) {
  return R"({"event_id":")" + id + R"(","type":"add_to_cart","ts":")" + ts +
         R"(","customer_id":"c-1","product_id":")" + sku + R"(","quantity":1})";
}

TEST(LateTimers, TwoLateFiringsAtOneClockInstantKeepUniqueIds) {
  EngineHarness harness;
  harness.replay({
      // Another customer moves the clock to noon.
      R"({"event_id":"v-1","type":"page_view","ts":"2026-11-20T12:00:00Z","customer_id":"c-2"})",
      // Late: the cart is abandoned an hour after its add, long before the clock.
      add_to_cart("a-1", "2026-11-20T10:00:00Z", "sku-a"),
      // The order empties the cart; the next add starts a new one, abandoned as late.
      R"({"event_id":"o-1","type":"order_placed","ts":"2026-11-20T10:10:00Z","customer_id":"c-1",)"
      R"("order_id":"ord-1","amount":"5","items":[{"product_id":"sku-a","price":"5"}]})",
      add_to_cart("a-2", "2026-11-20T10:20:00Z", "sku-b"),
  });
  std::vector<std::string> abandoned;  // the unpaid order's payment_reminder aside
  std::set<std::string> ids;
  for (const std::string& line : harness.outputs("crm.triggers")) {
    if (json_field(line, "type") != "cart_abandoned") continue;
    abandoned.push_back(line);
    ids.insert(json_field(line, "event_id"));
  }
  ASSERT_EQ(abandoned.size(), 2u);
  EXPECT_EQ(ids, (std::set<std::string>{"c-1:ea-1:cart_abandoned", "c-1:ea-2:cart_abandoned"}));
}

}  // namespace
}  // namespace crm::test
