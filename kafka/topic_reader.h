// Reads whole topics from their beginning: every partition assigned by hand (no consumer group
// rebalance, nothing committed). For tests, benchmarks and tools that check what is in a topic.
// Not thread-safe: one reader per thread.
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "state/status.h"

namespace crm {

class TopicReader {
 public:
  // Assigns every partition of `topics` at their beginning, waiting up to 10 s for the topics'
  // metadata. `properties` go to librdkafka after the reader's own settings.
  static Status open(const std::string& bootstrap, const std::vector<std::string>& topics,
                     std::unique_ptr<TopicReader>& out,
                     const std::vector<std::pair<std::string, std::string>>& properties = {});
  ~TopicReader();
  TopicReader(const TopicReader&) = delete;
  TopicReader& operator=(const TopicReader&) = delete;

  // Reads until `count` messages in all (since open) were read or `timeout` passed, handing
  // each to `on_message`. io_error on a consumer error other than a broker's connection lost.
  Status read(std::int64_t count, std::chrono::milliseconds timeout,
              const std::function<void(const RdKafka::Message&)>& on_message);
  std::int64_t messages_read() const { return read_; }

 private:
  TopicReader() = default;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::int64_t read_ = 0;
};

}  // namespace crm
