#include "config/config_printer.h"

#include <yaml-cpp/yaml.h>

#include "config/config_names.h"
#include "config/number_text.h"
#include "config/secret_properties.h"
#include "config/units.h"

namespace crm {

namespace {

// User-written text is always double-quoted, so that values like "null", "yes" or "" keep
// their meaning when the output is loaded again.
void emit_text(YAML::Emitter& out, std::string_view key, const std::string& value) {
  out << YAML::Key << std::string(key) << YAML::Value << YAML::DoubleQuoted << value;
}

void emit_plain(YAML::Emitter& out, std::string_view key, const std::string& value) {
  out << YAML::Key << std::string(key) << YAML::Value << value;
}

void emit_secret(YAML::Emitter& out, std::string_view key, const std::string& value) {
  emit_text(out, key, value.empty() ? value : std::string(kSecretMask));
}

std::string range_text(const ScoreRange& range) {
  if (range.min == range.max) return std::to_string(range.min);
  return std::to_string(range.min) + "-" + std::to_string(range.max);
}

void emit_kafka(YAML::Emitter& out, const KafkaConfig& kafka) {
  out << YAML::Key << "kafka" << YAML::Value << YAML::BeginMap;
  emit_text(out, "brokers", kafka.brokers);
  emit_text(out, "group_id", kafka.group_id);
  out << YAML::Key << "topics" << YAML::Value << YAML::BeginMap;
  emit_text(out, "clickstream", kafka.topics.clickstream);
  emit_text(out, "orders", kafka.topics.orders);
  emit_text(out, "segment_changes", kafka.topics.segment_changes);
  emit_text(out, "churn_risk", kafka.topics.churn_risk);
  emit_text(out, "triggers", kafka.topics.triggers);
  emit_text(out, "dead_letter", kafka.topics.dead_letter);
  out << YAML::EndMap;
  emit_plain(out, "partitioner", std::string(name_of(kPartitionerNames, kafka.partitioner)));
  out << YAML::Key << "properties" << YAML::Value;
  if (kafka.properties.empty()) out << YAML::Flow;
  out << YAML::BeginMap;
  for (const auto& [key, value] : kafka.properties) {
    if (is_secret_property(key)) {
      emit_secret(out, key, value);
    } else {
      emit_text(out, key, value);
    }
  }
  out << YAML::EndMap << YAML::EndMap;
}

void emit_rfm(YAML::Emitter& out, const RfmConfig& rfm) {
  out << YAML::Key << "rfm" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "window_days" << YAML::Value << rfm.window_days;
  emit_plain(out, "scoring", std::string(name_of(kRfmScoringNames, rfm.scoring)));
  out << YAML::Key << "recency_days" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (std::int64_t days : rfm.recency_days) out << days;
  out << YAML::EndSeq << YAML::Key << "frequency" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (std::int64_t count : rfm.frequency) out << count;
  out << YAML::EndSeq << YAML::Key << "monetary" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (Money amount : rfm.monetary) out << format_money(amount);
  out << YAML::EndSeq;
  emit_plain(out, "quantile_refresh", format_duration(rfm.quantile_refresh));
  out << YAML::Key << "segments" << YAML::Value << YAML::BeginSeq;
  for (const SegmentRule& rule : rfm.segments) {
    out << YAML::Flow << YAML::BeginMap;
    emit_text(out, "name", rule.name);
    emit_plain(out, "r", range_text(rule.r));
    emit_plain(out, "f", range_text(rule.f));
    emit_plain(out, "m", range_text(rule.m));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
}

void emit_lifecycle(YAML::Emitter& out, const LifecycleConfig& lifecycle) {
  out << YAML::Key << "lifecycle" << YAML::Value << YAML::BeginMap;
  emit_plain(out, "default_interval_days", format_number(lifecycle.default_interval_days));
  emit_plain(out, "at_risk_factor", format_number(lifecycle.at_risk_factor));
  emit_plain(out, "at_risk_min_days", format_number(lifecycle.at_risk_min_days));
  emit_plain(out, "at_risk_max_days", format_number(lifecycle.at_risk_max_days));
  emit_plain(out, "churn_factor", format_number(lifecycle.churn_factor));
  emit_plain(out, "churn_min_days", format_number(lifecycle.churn_min_days));
  emit_plain(out, "churn_max_days", format_number(lifecycle.churn_max_days));
  out << YAML::Key << "loyal_min_orders" << YAML::Value << lifecycle.loyal_min_orders;
  out << YAML::EndMap;
}

void emit_experiments(YAML::Emitter& out, const std::vector<ExperimentConfig>& experiments) {
  out << YAML::Key << "experiments" << YAML::Value;
  if (experiments.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const ExperimentConfig& experiment : experiments) {
    out << YAML::BeginMap;
    emit_text(out, "name", experiment.name);
    emit_text(out, "salt", experiment.salt);
    emit_plain(out, "holdout_percent", format_number(experiment.holdout_percent));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_service(YAML::Emitter& out, const Config& config) {
  out << YAML::Key << "state" << YAML::Value << YAML::BeginMap;
  emit_text(out, "dir", config.state.dir);
  emit_plain(out, "memory_budget", format_size(config.state.memory_budget));
  out << YAML::Key << "sync_writes" << YAML::Value << config.state.sync_writes << YAML::EndMap;

  out << YAML::Key << "time" << YAML::Value << YAML::BeginMap;
  emit_plain(out, "clock", std::string(name_of(kClockNames, config.time.clock)));
  emit_plain(out, "max_task_idle", format_duration(config.time.max_task_idle));
  emit_text(out, "day_offset", format_day_offset(config.time.day_offset));
  out << YAML::EndMap;
}

void emit_edges(YAML::Emitter& out, const Config& config) {
  out << YAML::Key << "http" << YAML::Value << YAML::BeginMap;
  emit_text(out, "listen", config.http.listen);
  emit_secret(out, "token", config.http.token);
  out << YAML::EndMap;

  out << YAML::Key << "limits" << YAML::Value << YAML::BeginMap;
  emit_plain(out, "max_message_bytes", format_size(config.limits.max_message_bytes));
  emit_plain(out, "max_future_skew", format_duration(config.limits.max_future_skew));
  emit_plain(out, "dedupe_retention", format_duration(config.limits.dedupe_retention));
  emit_plain(out, "visitor_retention", format_duration(config.limits.visitor_retention));
  out << YAML::EndMap;

  out << YAML::Key << "log" << YAML::Value << YAML::BeginMap;
  emit_plain(out, "level", config.log.level);
  emit_plain(out, "format", std::string(name_of(kLogFormatNames, config.log.format)));
  out << YAML::EndMap;
}

}  // namespace

std::string print_config(const Config& config) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  emit_text(out, "currency", config.currency);
  out << YAML::Key << "currency_rates" << YAML::Value;
  if (config.currency_rates.empty()) out << YAML::Flow;
  out << YAML::BeginMap;
  for (const auto& [code, rate] : config.currency_rates) emit_text(out, code, format_rate(rate));
  out << YAML::EndMap;
  emit_kafka(out, config.kafka);
  emit_service(out, config);
  emit_rfm(out, config.rfm);
  emit_lifecycle(out, config.lifecycle);
  out << YAML::Key << "triggers" << YAML::Value << YAML::BeginMap;
  emit_plain(out, "cart_abandoned_after", format_duration(config.triggers.cart_abandoned_after));
  emit_plain(out, "unpaid_after", format_duration(config.triggers.unpaid_after));
  out << YAML::EndMap;
  emit_experiments(out, config.experiments);
  emit_edges(out, config);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace crm
