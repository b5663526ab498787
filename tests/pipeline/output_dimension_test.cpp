// The dimension label of crmstream_output_events_total stays in its bounded set whatever the
// customer, event and order ids hold (a reminder's id ends with its order id, which may contain
// ':'; cutting the id at its last ':' put order-id fragments into a metric label).
#include "sinks/output_dimension.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace crm {
namespace {

std::vector<OutputRecord> rendered(const ChangeSet& changes) {
  std::vector<OutputRecord> out;
  render_change_set(changes, ModelConfig{}, 0, out);
  return out;
}

ChangeSet tricky_change_set() {
  ChangeSet changes;
  changes.customer_id = "c:\"lifecycle\":x";
  changes.ts = 1'768'039'200'000;
  changes.cause = Cause{CauseKind::kEvent, "e:value_tier"};
  return changes;
}

TEST(OutputDimension, IsTheDimensionTriggerTypeOrReasonNeverAnId) {
  ChangeSet changes = tricky_change_set();
  changes.changes = {{Dimension::kLifecycle, std::nullopt, "registered", false},
                     {Dimension::kChurnRisk, std::nullopt, std::nullopt, false}};
  Trigger reminder;
  reminder.type = TriggerType::kPaymentReminder;
  reminder.order_id = "ORD:2024:17";
  Trigger cart;
  cart.type = TriggerType::kCartAbandoned;
  changes.triggers = {reminder, cart};
  std::vector<std::string> dimensions;
  for (const OutputRecord& record : rendered(changes)) {
    dimensions.push_back(output_dimension(record));
  }
  EXPECT_EQ(dimensions, (std::vector<std::string>{"lifecycle", "churn_risk", "payment_reminder",
                                                  "cart_abandoned"}));
  EXPECT_EQ(output_dimension(render_customer_forgotten("c:\"dimension\":\"x", 0, 0)),
            "customer_forgotten");
}

TEST(OutputDimension, DeadLettersCountByReason) {
  OutputRecord record;
  record.topic = OutputTopic::kDeadLetter;
  record.json = R"({"event_id":"dl:t:0:1","reason":"malformed_json","detail":"x"})";
  EXPECT_EQ(output_dimension(record), "malformed_json");
}

}  // namespace
}  // namespace crm
