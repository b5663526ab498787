// The demo's live view of crm.triggers: a reader on its own thread follows the topic from its
// beginning and keeps how many triggers it saw and the latest one, for the progress lines.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kafka/topic_reader.h"

namespace crm {

class TriggerSampler {
 public:
  // Starts following `topic`. A reader that cannot open, or fails later, stops: the sample
  // keeps what it saw and says why it stopped.
  TriggerSampler(const std::string& bootstrap, const std::string& topic);
  ~TriggerSampler();
  TriggerSampler(const TriggerSampler&) = delete;
  TriggerSampler& operator=(const TriggerSampler&) = delete;

  struct Sample {
    std::int64_t seen = 0;
    std::string latest;   // the latest trigger's JSON, empty until one was seen
    std::string stopped;  // why the reader stopped; empty while it follows the topic
  };
  Sample sample() const;

 private:
  std::unique_ptr<TopicReader> reader_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  Sample sample_;
  std::thread thread_;
};

}  // namespace crm
