#include "kafka/kafka_events.h"

#include <spdlog/spdlog.h>

namespace crm {

void KafkaEvents::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_ERROR: {
      const std::string code = RdKafka::err2str(event.err());
      if (event.err() == RdKafka::ERR__ALL_BROKERS_DOWN) all_brokers_down_ = true;
      if (event.fatal()) {
        spdlog::error("kafka fatal error {}: {}", code, event.str());
      } else {
        spdlog::warn("kafka error {}: {} (librdkafka retries by itself)", code, event.str());
      }
      if (on_error) on_error(code);
      break;
    }
    case RdKafka::Event::EVENT_STATS:
      if (on_statistics) on_statistics(event.str());
      break;
    case RdKafka::Event::EVENT_LOG:
      if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING) {
        spdlog::warn("kafka {}: {}", event.fac(), event.str());
      }
      break;
    default:
      break;
  }
}

}  // namespace crm
