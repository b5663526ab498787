// Output events (outputs.md): the examples byte for byte, event ids for every cause, nulls,
// non-buyers, triggers, erasure, and escaping of odd customer ids.
#include "processors/output_event.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "processors/time.h"
#include "tests/processors/output_test_support.h"

namespace crm {
namespace {

constexpr TimeMs kNow = 1795341600000;  // 2026-11-22T10:00:00.000Z
constexpr TimeMs kEmittedAt = kNow + 120;

using test_support::config_with_experiment;
using test_support::minify;
using test_support::segment_index;

// The customer of outputs.md's examples: three purchases, the last 49 days before kNow.
CustomerView example_view(const ModelConfig& config) {
  CustomerView view;
  view.lifecycle = LifecycleStage::kAtRisk;
  view.purchases = 3;
  view.monetary_lifetime = 12805000;
  view.last_purchase = kNow - 49 * kDayMs;
  view.first_purchase = *view.last_purchase - 48 * kDayMs;
  RfmView rfm;
  rfm.r = 4;
  rfm.f = 3;
  rfm.m = 4;
  rfm.recency_days = 49;
  rfm.frequency = 3;
  rfm.monetary = 12805000;
  rfm.segment = segment_index(config, "potential_loyalists");
  rfm.tier = ValueTier::kHigh;
  view.rfm = rfm;
  ChurnView churn;
  churn.level = ChurnLevel::kHigh;
  churn.score = 49.0 / 96.0;
  churn.days_since_last_purchase = 49;
  churn.expected_interval_days = 24.0;
  churn.at_risk_after_days = 48.0;
  churn.churned_after_days = 96.0;
  view.churn = churn;
  return view;
}

ChangeSet example_change_set(const ModelConfig& config) {
  ChangeSet changes;
  changes.customer_id = "c-1042";
  changes.ts = kNow;
  changes.cause.kind = CauseKind::kTime;
  changes.changes.push_back({Dimension::kLifecycle, "repeat", "at_risk", false});
  changes.changes.push_back({Dimension::kChurnRisk, "medium", "high", false});
  changes.view = example_view(config);
  return changes;
}

// A registered customer without purchases: no RFM or churn view.
ChangeSet registered_change_set(std::string customer_id, Cause cause,
                                std::vector<DimensionChange> dimension_changes) {
  ChangeSet changes;
  changes.customer_id = std::move(customer_id);
  changes.ts = kNow;
  changes.cause = std::move(cause);
  changes.changes = std::move(dimension_changes);
  changes.view.lifecycle = LifecycleStage::kRegistered;
  return changes;
}

TEST(OutputEventTest, SegmentChangeExampleOfOutputsMd) {
  const ModelConfig config = config_with_experiment();
  std::vector<OutputRecord> records;
  render_change_set(example_change_set(config), config, kEmittedAt, records);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].topic, OutputTopic::kSegmentChanges);
  EXPECT_EQ(records[0].key, "c-1042");
  EXPECT_EQ(records[0].event_id, "c-1042:t1795341600000:lifecycle");
  EXPECT_EQ(records[0].json, minify(R"({
  "event_id": "c-1042:t1795341600000:lifecycle",
  "type": "segment_change",
  "customer_id": "c-1042",
  "dimension": "lifecycle",
  "from": "repeat",
  "to": "at_risk",
  "ts": "2026-11-22T10:00:00.000Z",
  "cause": {"kind": "time"},
  "win_back": false,
  "profile": {"r": 4, "f": 3, "m": 4, "recency_days": 49, "frequency": 3,
              "monetary": "1280.5", "lifecycle": "at_risk",
              "rfm_segment": "potential_loyalists", "value_tier": "high",
              "churn_risk": "high"},
  "experiments": {"winback-q4": "treatment"},
  "emitted_at": "2026-11-22T10:00:00.120Z"
})"));
}

TEST(OutputEventTest, ChurnRiskExampleOfOutputsMd) {
  const ModelConfig config = config_with_experiment();
  std::vector<OutputRecord> records;
  render_change_set(example_change_set(config), config, kEmittedAt, records);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].topic, OutputTopic::kChurnRisk);
  EXPECT_EQ(records[1].key, "c-1042");
  EXPECT_EQ(records[1].event_id, "c-1042:t1795341600000:churn_risk");
  EXPECT_EQ(records[1].json, minify(R"({
  "event_id": "c-1042:t1795341600000:churn_risk", "type": "churn_risk", "customer_id": "c-1042",
  "from": "medium", "to": "high", "score": 0.51,
  "days_since_last_purchase": 49, "expected_interval_days": 24.0,
  "at_risk_after_days": 48.0, "churned_after_days": 96.0,
  "ts": "2026-11-22T10:00:00.000Z", "cause": {"kind": "time"},
  "experiments": {"winback-q4": "treatment"}, "emitted_at": "2026-11-22T10:00:00.120Z"
})"));
}

TEST(OutputEventTest, EventIdsAndCauseForEveryCauseKind) {
  struct CauseCase {
    Cause cause;
    const char* id;
    const char* cause_json;
  };
  const CauseCase cases[] = {
      {{CauseKind::kEvent, "ev-77"},
       "c-1042:eev-77:value_tier",
       R"("cause":{"kind":"event","event_id":"ev-77"})"},
      {{CauseKind::kTime, ""}, "c-1042:t1795341600000:value_tier", R"("cause":{"kind":"time"})"},
      {{CauseKind::kRescore, ""},
       "c-1042:r1795341600000:value_tier",
       R"("cause":{"kind":"rescore"})"},
      {{CauseKind::kErasure, ""},
       "c-1042:x1795341600000:value_tier",
       R"("cause":{"kind":"erasure"})"},
  };
  const ModelConfig config;
  for (const CauseCase& c : cases) {
    ChangeSet changes = example_change_set(config);
    changes.cause = c.cause;
    changes.changes = {{Dimension::kValueTier, "medium", "high", false}};
    std::vector<OutputRecord> records;
    render_change_set(changes, config, kEmittedAt, records);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].event_id, c.id);
    EXPECT_NE(records[0].json.find(std::string(R"({"event_id":")") + c.id + "\""),
              std::string::npos)
        << records[0].json;
    EXPECT_NE(records[0].json.find(c.cause_json), std::string::npos) << records[0].json;
  }
}

TEST(OutputEventTest, RecordsFollowTheChangeSetOrderAcrossTopics) {
  const ModelConfig config;
  ChangeSet changes = example_change_set(config);
  changes.cause = {CauseKind::kEvent, "o-9-paid"};
  changes.changes = {
      {Dimension::kLifecycle, "at_risk", "repeat", true},
      {Dimension::kRfmSegment, "at_risk", "potential_loyalists", false},
      {Dimension::kValueTier, "medium", "high", false},
      {Dimension::kChurnRisk, "high", "low", false},
  };
  Trigger cart;
  cart.type = TriggerType::kCartAbandoned;
  cart.items.push_back({"p-1", 2, 199000, kNow});
  Trigger reminder;
  reminder.type = TriggerType::kPaymentReminder;
  reminder.order_id = "o-10";
  reminder.amount = 890000;
  changes.triggers = {cart, reminder};

  std::vector<OutputRecord> records(1);  // appended after what is there
  render_change_set(changes, config, kEmittedAt, records);
  ASSERT_EQ(records.size(), 7u);
  const OutputTopic topics[] = {OutputTopic::kSegmentChanges, OutputTopic::kSegmentChanges,
                                OutputTopic::kSegmentChanges, OutputTopic::kChurnRisk,
                                OutputTopic::kTriggers,       OutputTopic::kTriggers};
  const char* ids[] = {"c-1042:eo-9-paid:lifecycle",      "c-1042:eo-9-paid:rfm_segment",
                       "c-1042:eo-9-paid:value_tier",     "c-1042:eo-9-paid:churn_risk",
                       "c-1042:eo-9-paid:cart_abandoned", "c-1042:eo-9-paid:payment_reminder/o-10"};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(records[i + 1].topic, topics[i]) << i;
    EXPECT_EQ(records[i + 1].event_id, ids[i]);
    EXPECT_EQ(records[i + 1].key, "c-1042");
  }
  EXPECT_NE(records[1].json.find(R"("win_back":true)"), std::string::npos);
  EXPECT_NE(records[2].json.find(R"("win_back":false)"), std::string::npos);
  // No experiments configured: no experiments field anywhere.
  for (std::size_t i = 1; i < records.size(); ++i) {
    EXPECT_EQ(records[i].json.find("experiments"), std::string::npos) << records[i].json;
  }
}

TEST(OutputEventTest, TriggersCarryItemsOrOrderAndAmount) {
  const ModelConfig config = config_with_experiment();
  ChangeSet changes;
  changes.customer_id = "c-1";  // bucket 625: holdout at 10 %
  changes.ts = kNow;
  changes.cause.kind = CauseKind::kTime;
  Trigger cart;
  cart.type = TriggerType::kCartAbandoned;
  cart.items.push_back({"p-1", 2, 2598000, kNow - kHourMs});
  cart.items.push_back({"p-2", 1, std::nullopt, kNow - kHourMs});
  Trigger reminder;
  reminder.type = TriggerType::kPaymentReminder;
  reminder.order_id = "o-7";
  reminder.amount = 890000;
  changes.triggers = {cart, reminder};
  std::vector<OutputRecord> records;
  render_change_set(changes, config, kEmittedAt, records);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].json,
            R"({"event_id":"c-1:t1795341600000:cart_abandoned","type":"cart_abandoned",)"
            R"("customer_id":"c-1","ts":"2026-11-22T10:00:00.000Z","items":[)"
            R"({"product_id":"p-1","quantity":2,"price":"259.8"},)"
            R"({"product_id":"p-2","quantity":1}],"experiments":{"winback-q4":"holdout"},)"
            R"("emitted_at":"2026-11-22T10:00:00.120Z"})");
  EXPECT_EQ(records[1].json,
            R"({"event_id":"c-1:t1795341600000:payment_reminder/o-7",)"
            R"("type":"payment_reminder","customer_id":"c-1","ts":"2026-11-22T10:00:00.000Z",)"
            R"("order_id":"o-7","amount":"89","experiments":{"winback-q4":"holdout"},)"
            R"("emitted_at":"2026-11-22T10:00:00.120Z"})");
}

TEST(OutputEventTest, FirstChangeOfANonBuyerHasNullFromAndOnlyLifecycleInProfile) {
  const ModelConfig config;
  const ChangeSet changes =
      registered_change_set("c-5", {CauseKind::kEvent, "s-1"},
                            {{Dimension::kLifecycle, std::nullopt, "registered", false}});
  std::vector<OutputRecord> records;
  render_change_set(changes, config, kEmittedAt, records);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].json,
            R"({"event_id":"c-5:es-1:lifecycle","type":"segment_change","customer_id":"c-5",)"
            R"("dimension":"lifecycle","from":null,"to":"registered",)"
            R"("ts":"2026-11-22T10:00:00.000Z","cause":{"kind":"event","event_id":"s-1"},)"
            R"("win_back":false,"profile":{"lifecycle":"registered"},)"
            R"("emitted_at":"2026-11-22T10:00:00.120Z"})");
}

TEST(OutputEventTest, ChurnRiskToNullLeavesTheNumbersOut) {
  // The only purchase was refunded: churn risk no longer applies.
  const ModelConfig config;
  const ChangeSet changes =
      registered_change_set("c-6", {CauseKind::kEvent, "r-1"},
                            {{Dimension::kRfmSegment, "new_customers", std::nullopt, false},
                             {Dimension::kChurnRisk, "low", std::nullopt, false}});
  std::vector<OutputRecord> records;
  render_change_set(changes, config, kEmittedAt, records);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NE(records[0].json.find(R"("from":"new_customers","to":null)"), std::string::npos);
  EXPECT_EQ(records[1].json,
            R"({"event_id":"c-6:er-1:churn_risk","type":"churn_risk","customer_id":"c-6",)"
            R"("from":"low","to":null,"ts":"2026-11-22T10:00:00.000Z",)"
            R"("cause":{"kind":"event","event_id":"r-1"},)"
            R"("emitted_at":"2026-11-22T10:00:00.120Z"})");
}

TEST(OutputEventTest, OddCustomerIdsAreEscapedInJsonAndKeptRawInKeyAndId) {
  const ModelConfig config;
  const std::string id = "c\"1\\2\n\xE4\xB8\xAD";
  const ChangeSet changes =
      registered_change_set(id, {CauseKind::kEvent, "e\"x"},
                            {{Dimension::kLifecycle, std::nullopt, "registered", false}});
  std::vector<OutputRecord> records;
  render_change_set(changes, config, kEmittedAt, records);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, id);
  EXPECT_EQ(records[0].event_id, id + ":ee\"x:lifecycle");
  EXPECT_EQ(records[0].json.rfind(
                "{\"event_id\":\"c\\\"1\\\\2\\u000a\xE4\xB8\xAD:ee\\\"x:lifecycle\","
                "\"type\":\"segment_change\",\"customer_id\":\"c\\\"1\\\\2\\u000a\xE4\xB8\xAD\",",
                0),
            0u)
      << records[0].json;
  EXPECT_NE(records[0].json.find(R"("cause":{"kind":"event","event_id":"e\"x"})"),
            std::string::npos);
}

TEST(OutputEventTest, SegmentNameOutsideTheRulesIsNull) {
  const ModelConfig config;
  ChangeSet changes = example_change_set(config);
  changes.view.rfm->segment = 1000;
  changes.changes = {{Dimension::kValueTier, "medium", "high", false}};
  std::vector<OutputRecord> records;
  render_change_set(changes, config, kEmittedAt, records);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_NE(records[0].json.find(R"("rfm_segment":null)"), std::string::npos);
}

TEST(OutputEventTest, CustomerForgotten) {
  const OutputRecord record = render_customer_forgotten("c-1042", kNow, kEmittedAt);
  EXPECT_EQ(record.topic, OutputTopic::kSegmentChanges);
  EXPECT_EQ(record.key, "c-1042");
  EXPECT_EQ(record.event_id, "c-1042:x1795341600000:customer_forgotten");
  EXPECT_EQ(record.json,
            R"({"event_id":"c-1042:x1795341600000:customer_forgotten",)"
            R"("type":"customer_forgotten","customer_id":"c-1042",)"
            R"("ts":"2026-11-22T10:00:00.000Z","emitted_at":"2026-11-22T10:00:00.120Z"})");
}

TEST(OutputEventTest, TopicNamesAreTheConfigurationKeys) {
  EXPECT_EQ(to_string(OutputTopic::kSegmentChanges), "segment_changes");
  EXPECT_EQ(to_string(OutputTopic::kChurnRisk), "churn_risk");
  EXPECT_EQ(to_string(OutputTopic::kTriggers), "triggers");
  EXPECT_EQ(to_string(OutputTopic::kDeadLetter), "dead_letter");
}

TEST(OutputEventTest, DimensionAndTriggerNames) {
  EXPECT_EQ(to_string(Dimension::kLifecycle), "lifecycle");
  EXPECT_EQ(to_string(Dimension::kRfmSegment), "rfm_segment");
  EXPECT_EQ(to_string(Dimension::kValueTier), "value_tier");
  EXPECT_EQ(to_string(Dimension::kChurnRisk), "churn_risk");
  EXPECT_EQ(to_string(TriggerType::kCartAbandoned), "cart_abandoned");
  EXPECT_EQ(to_string(TriggerType::kPaymentReminder), "payment_reminder");
}

}  // namespace
}  // namespace crm
