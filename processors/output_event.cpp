#include "processors/output_event.h"

#include "processors/json_writer.h"
#include "processors/view_json.h"

namespace crm {
namespace {

// Large enough for a typical message (a segment_change with a full profile and a couple of
// experiments is about 550 bytes), so that each record's JSON is allocated once.
constexpr std::size_t kJsonReserve = 640;

void append_cause_tag(std::string& out, const Cause& cause, TimeMs ts) {
  switch (cause.kind) {
    case CauseKind::kEvent:
      out.push_back('e');
      out.append(cause.event_id);
      return;
    case CauseKind::kTime:
      out.push_back('t');
      break;
    case CauseKind::kRescore:
      out.push_back('r');
      break;
    case CauseKind::kErasure:
      out.push_back('x');
      break;
  }
  append_int64(out, ts);
}

// `<customer_id>:<cause>:<what>[/<detail>]`
OutputRecord& start_record(std::vector<OutputRecord>& out, OutputTopic topic,
                           const ChangeSet& changes, std::string_view what,
                           std::string_view detail = {}) {
  OutputRecord& record = out.emplace_back();
  record.topic = topic;
  record.key = changes.customer_id;
  std::string& id = record.event_id;
  id.reserve(changes.customer_id.size() + changes.cause.event_id.size() + what.size() +
             detail.size() + 24);
  id.append(changes.customer_id);
  id.push_back(':');
  append_cause_tag(id, changes.cause, changes.ts);
  id.push_back(':');
  id.append(what);
  if (!detail.empty()) {
    id.push_back('/');
    id.append(detail);
  }
  record.json.reserve(kJsonReserve);
  return record;
}

void write_head(JsonWriter& w, const OutputRecord& record, std::string_view type,
                std::string_view customer_id) {
  w.begin_object();
  w.key("event_id").string_value(record.event_id);
  w.key("type").string_value(type);
  w.key("customer_id").string_value(customer_id);
}

void write_cause(JsonWriter& w, const Cause& cause) {
  w.key("cause").begin_object();
  switch (cause.kind) {
    case CauseKind::kEvent:
      w.key("kind").string_value("event");
      w.key("event_id").string_value(cause.event_id);
      break;
    case CauseKind::kTime:
      w.key("kind").string_value("time");
      break;
    case CauseKind::kRescore:
      w.key("kind").string_value("rescore");
      break;
    case CauseKind::kErasure:
      w.key("kind").string_value("erasure");
      break;
  }
  w.end_object();
}

void write_tail(JsonWriter& w, TimeMs emitted_at) {
  w.key("emitted_at").time_value(emitted_at);
  w.end_object();
}

void write_profile(JsonWriter& w, const CustomerView& view, const ModelConfig& config) {
  w.key("profile").begin_object();
  if (view.rfm) {
    write_rfm_scores(w, *view.rfm);
  }
  w.key("lifecycle").string_value(to_string(view.lifecycle));
  if (view.rfm) {
    write_segment_name(w.key("rfm_segment"), config, view.rfm->segment);
    w.key("value_tier").string_value(to_string(view.rfm->tier));
  }
  if (view.churn) w.key("churn_risk").string_value(to_string(view.churn->level));
  w.end_object();
}

void render_segment_change(const ChangeSet& changes, const DimensionChange& change,
                           const ModelConfig& config, TimeMs emitted_at,
                           std::vector<OutputRecord>& out) {
  const std::string_view dimension = to_string(change.dimension);
  OutputRecord& record = start_record(out, OutputTopic::kSegmentChanges, changes, dimension);
  JsonWriter w(record.json);
  write_head(w, record, "segment_change", changes.customer_id);
  w.key("dimension").string_value(dimension);
  w.key("from").nullable_string_value(change.from);
  w.key("to").nullable_string_value(change.to);
  w.key("ts").time_value(changes.ts);
  write_cause(w, changes.cause);
  w.key("win_back").bool_value(change.win_back);
  write_profile(w, changes.view, config);
  write_experiments(w, config, changes.customer_id);
  write_tail(w, emitted_at);
}

void render_churn_risk(const ChangeSet& changes, const DimensionChange& change,
                       const ModelConfig& config, TimeMs emitted_at,
                       std::vector<OutputRecord>& out) {
  OutputRecord& record = start_record(out, OutputTopic::kChurnRisk, changes, "churn_risk");
  JsonWriter w(record.json);
  write_head(w, record, "churn_risk", changes.customer_id);
  w.key("from").nullable_string_value(change.from);
  w.key("to").nullable_string_value(change.to);
  // A customer who is no longer a buyer has no churn view: the numbers do not apply.
  if (changes.view.churn) {
    const ChurnView& churn = *changes.view.churn;
    w.key("score").decimal3_value(churn.score);
    w.key("days_since_last_purchase").int_value(churn.days_since_last_purchase);
    w.key("expected_interval_days").decimal3_value(churn.expected_interval_days);
    w.key("at_risk_after_days").decimal3_value(churn.at_risk_after_days);
    w.key("churned_after_days").decimal3_value(churn.churned_after_days);
  }
  w.key("ts").time_value(changes.ts);
  write_cause(w, changes.cause);
  write_experiments(w, config, changes.customer_id);
  write_tail(w, emitted_at);
}

void render_trigger(const ChangeSet& changes, const Trigger& trigger, const ModelConfig& config,
                    TimeMs emitted_at, std::vector<OutputRecord>& out) {
  const std::string_view type = to_string(trigger.type);
  const bool reminder = trigger.type == TriggerType::kPaymentReminder;
  OutputRecord& record = start_record(out, OutputTopic::kTriggers, changes, type,
                                      reminder ? std::string_view(trigger.order_id) : "");
  JsonWriter w(record.json);
  write_head(w, record, type, changes.customer_id);
  w.key("ts").time_value(changes.ts);
  if (reminder) {
    w.key("order_id").string_value(trigger.order_id);
    w.key("amount").money_value(trigger.amount);
  } else {
    w.key("items").begin_array();
    for (const CartItem& item : trigger.items) {
      w.begin_object();
      w.key("product_id").string_value(item.product_id);
      w.key("quantity").int_value(item.quantity);
      if (item.price) w.key("price").money_value(*item.price);
      w.end_object();
    }
    w.end_array();
  }
  write_experiments(w, config, changes.customer_id);
  write_tail(w, emitted_at);
}

}  // namespace

std::string_view to_string(OutputTopic topic) {
  switch (topic) {
    case OutputTopic::kSegmentChanges:
      return "segment_changes";
    case OutputTopic::kChurnRisk:
      return "churn_risk";
    case OutputTopic::kTriggers:
      return "triggers";
    case OutputTopic::kDeadLetter:
      return "dead_letter";
  }
  return "unknown";  // unreachable for a valid enumerator
}

void render_change_set(const ChangeSet& changes, const ModelConfig& config, TimeMs emitted_at,
                       std::vector<OutputRecord>& out) {
  out.reserve(out.size() + changes.changes.size() + changes.triggers.size());
  for (const DimensionChange& change : changes.changes) {
    if (change.dimension == Dimension::kChurnRisk) {
      render_churn_risk(changes, change, config, emitted_at, out);
    } else {
      render_segment_change(changes, change, config, emitted_at, out);
    }
  }
  for (const Trigger& trigger : changes.triggers) {
    render_trigger(changes, trigger, config, emitted_at, out);
  }
}

OutputRecord render_customer_forgotten(std::string_view customer_id, TimeMs instant,
                                       TimeMs emitted_at) {
  OutputRecord record;
  record.topic = OutputTopic::kSegmentChanges;
  record.key = customer_id;
  record.event_id.reserve(customer_id.size() + 42);
  record.event_id.append(customer_id);
  record.event_id.append(":x");
  append_int64(record.event_id, instant);
  record.event_id.append(":customer_forgotten");
  record.json.reserve(customer_id.size() * 2 + 160);
  JsonWriter w(record.json);
  write_head(w, record, "customer_forgotten", customer_id);
  w.key("ts").time_value(instant);
  write_tail(w, emitted_at);
  return record;
}

}  // namespace crm
