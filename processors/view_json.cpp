#include "processors/view_json.h"

#include "processors/experiments.h"

namespace crm {

const std::string* segment_name(const ModelConfig& config, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= config.rfm.segments.size()) return nullptr;
  return &config.rfm.segments[static_cast<std::size_t>(index)].name;
}

void write_segment_name(JsonWriter& w, const ModelConfig& config, int index) {
  if (const std::string* name = segment_name(config, index)) {
    w.string_value(*name);
  } else {
    w.null_value();
  }
}

void write_rfm_scores(JsonWriter& w, const RfmView& rfm) {
  w.key("r").int_value(rfm.r);
  w.key("f").int_value(rfm.f);
  w.key("m").int_value(rfm.m);
  w.key("recency_days").int_value(rfm.recency_days);
  w.key("frequency").int_value(rfm.frequency);
  w.key("monetary").money_value(rfm.monetary);
}

void write_experiments(JsonWriter& w, const ModelConfig& config, std::string_view customer_id) {
  if (config.experiments.empty()) return;
  w.key("experiments").begin_object();
  for (const ExperimentConfig& experiment : config.experiments) {
    w.key(experiment.name).string_value(to_string(variant_of(experiment, customer_id)));
  }
  w.end_object();
}

}  // namespace crm
