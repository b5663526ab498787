// Output events (outputs.md): a ChangeSet rendered as the JSON messages of crm.segment-changes,
// crm.churn-risk and crm.triggers, and the customer_forgotten message of an erasure. Pure
// functions: emitted_at is passed in, nothing here reads a clock.
//
// Every record's event_id is `<customer_id>:<cause>:<what>`, with cause e<input event_id>,
// t<instant ms>, r<pass instant ms> or x<clock ms> and what the dimension, `churn_risk`, the
// trigger type or `payment_reminder/<order_id>`; so a replay of the same input gives the same
// ids and a consumer can drop redelivered copies. Every record's key is the customer_id.
//
// JSON is compact (no whitespace), fields in the order of outputs.md's examples. Every message
// ends with `"emitted_at":"<24-character RFC 3339>"}`, the only field a replay changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "processors/change.h"
#include "processors/model_config.h"
#include "processors/time.h"

namespace crm {

// Logical topics; the actual names come from the configuration (kafka.topics).
enum class OutputTopic : std::uint8_t { kSegmentChanges, kChurnRisk, kTriggers, kDeadLetter };
// The configuration key of the topic: "segment_changes", "churn_risk", "triggers", "dead_letter".
std::string_view to_string(OutputTopic topic);

struct OutputRecord {
  OutputTopic topic = OutputTopic::kSegmentChanges;
  std::string key;       // the Kafka message key: the customer_id
  std::string event_id;  // also the JSON's event_id, kept apart for dedupe and logs
  std::string json;
};

// Appends one record per change, in the ChangeSet's order: a segment_change for each
// lifecycle / rfm_segment / value_tier change (crm.segment-changes), a churn_risk event for
// the churn_risk change (crm.churn-risk), then one event per trigger (crm.triggers).
//
// The segment_change's `profile` is the customer after the change (ChangeSet::view): for a
// buyer r, f, m, recency_days, frequency, monetary, lifecycle, rfm_segment, value_tier and
// churn_risk; for a non-buyer only lifecycle, since RFM and churn do not apply to it. A
// churn_risk event whose `to` is null (a refund made the customer a non-buyer) has no score or
// interval fields. `experiments` appears in every record when experiments are configured.
void render_change_set(const ChangeSet& changes, const ModelConfig& config, TimeMs emitted_at,
                       std::vector<OutputRecord>& out);

// The customer_forgotten message of an erasure (crm.segment-changes), with `instant` as its ts
// and in its id: the task's clock when the erasure ran, or just after the customer's previous
// erasure (TaskEngine::forget), so that ids never repeat after one.
OutputRecord render_customer_forgotten(std::string_view customer_id, TimeMs instant,
                                       TimeMs emitted_at);

}  // namespace crm
