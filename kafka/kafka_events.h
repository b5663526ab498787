// librdkafka's event callback for crmstream's clients: errors and client logs go to our log
// (one line each, never per message) and to a hook that counts them by code; statistics JSON
// goes to another hook (consumer lag). librdkafka calls it from the thread that polls the
// client, so the hooks run on the loop thread.
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <functional>
#include <string>
#include <string_view>

namespace crm {

class KafkaEvents : public RdKafka::EventCb {
 public:
  std::function<void(std::string_view code_name)> on_error;
  std::function<void(std::string_view statistics_json)> on_statistics;

  void event_cb(RdKafka::Event& event) override;

  // True once librdkafka reported that no broker can be reached, until a message flows again.
  bool all_brokers_down() const { return all_brokers_down_; }
  void clear_all_brokers_down() { all_brokers_down_ = false; }

 private:
  bool all_brokers_down_ = false;
};

}  // namespace crm
