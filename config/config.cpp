#include "config/config.h"

namespace crm {

ModelConfig Config::model() const {
  ModelConfig m;
  m.rfm = rfm;
  m.lifecycle = lifecycle;
  m.triggers = triggers;
  m.experiments = experiments;
  m.day_offset = time.day_offset;
  m.dedupe_retention = limits.dedupe_retention;
  m.visitor_retention = limits.visitor_retention;
  return m;
}

DecoderConfig Config::decoder() const {
  DecoderConfig d;
  d.max_message_bytes = limits.max_message_bytes;
  d.max_future_skew = limits.max_future_skew;
  d.currency = currency;
  d.currency_rates = currency_rates;
  return d;
}

}  // namespace crm
