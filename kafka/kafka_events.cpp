#include "kafka/kafka_events.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <string_view>

namespace crm {
namespace {

// kafka.properties go to the consumer and to the producer alike (operations.md): each of them
// telling that it ignores the other's properties is expected, not a warning.
bool ignored_by_this_client(RdKafka::Event& event) {
  if (event.fac() != "CONFWARN") return false;
  const std::string& text = event.str();
  return text.find("is a consumer property and will be ignored by this producer instance") !=
             std::string::npos ||
         text.find("is a producer property and will be ignored by this consumer instance") !=
             std::string::npos;
}

}  // namespace

void KafkaEvents::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_ERROR: {
      // The code's name (_TRANSPORT, ...) labels the metric: stable and short, unlike its text.
      const std::string_view code =
          rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(event.err()));
      const std::string text = RdKafka::err2str(event.err());
      if (event.err() == RdKafka::ERR__ALL_BROKERS_DOWN) all_brokers_down_ = true;
      if (event.fatal()) {
        spdlog::error("kafka fatal error {} ({}): {}", code, text, event.str());
      } else {
        spdlog::warn("kafka error {} ({}): {} (librdkafka retries by itself)", code, text,
                     event.str());
      }
      if (on_error) on_error(code);
      break;
    }
    case RdKafka::Event::EVENT_STATS:
      if (on_statistics) on_statistics(event.str());
      break;
    case RdKafka::Event::EVENT_LOG:
      if (event.severity() > RdKafka::Event::EVENT_SEVERITY_WARNING) break;
      if (ignored_by_this_client(event)) {
        spdlog::debug("kafka {}: {}", event.fac(), event.str());
      } else {
        spdlog::warn("kafka {}: {}", event.fac(), event.str());
      }
      break;
    default:
      break;
  }
}

}  // namespace crm
