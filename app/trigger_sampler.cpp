#include "app/trigger_sampler.h"

#include <chrono>

namespace crm {

TriggerSampler::TriggerSampler(const std::string& bootstrap, const std::string& topic) {
  if (const Status s = TopicReader::open(bootstrap, {topic}, reader_); !s.is_ok()) {
    sample_.stopped = s.message();
    return;
  }
  thread_ = std::thread([this] {
    while (!stop_.load()) {
      // Short reads, so that a stop is seen within one of them.
      const Status s = reader_->read(
          reader_->messages_read() + 10'000, std::chrono::milliseconds(200),
          [this](const RdKafka::Message& message) {
            const std::lock_guard lock(mutex_);
            ++sample_.seen;
            sample_.latest.assign(static_cast<const char*>(message.payload()), message.len());
          });
      if (!s.is_ok()) {  // a view, not a guarantee: it says why and stops
        const std::lock_guard lock(mutex_);
        sample_.stopped = s.message();
        return;
      }
    }
  });
}

TriggerSampler::~TriggerSampler() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

TriggerSampler::Sample TriggerSampler::sample() const {
  const std::lock_guard lock(mutex_);
  return sample_;
}

}  // namespace crm
