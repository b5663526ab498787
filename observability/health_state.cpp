#include "observability/health_state.h"

#include <cstdio>

namespace crm {

HealthState::HealthState(std::chrono::milliseconds stale_after, Now now)
    : stale_after_(stale_after), now_(std::move(now)), last_beat_ns_(0) {
  last_beat_ns_.store(now_ns(), std::memory_order_relaxed);
}

std::int64_t HealthState::now_ns() const {
  const Clock::time_point t = now_ ? now_() : Clock::now();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

void HealthState::beat() {
  last_beat_ns_.store(now_ns(), std::memory_order_relaxed);
}

bool HealthState::healthy(std::string& reason) const {
  const std::int64_t age_ns = now_ns() - last_beat_ns_.load(std::memory_order_relaxed);
  const std::int64_t limit_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(stale_after_).count();
  if (age_ns <= limit_ns) return true;
  char text[160];
  std::snprintf(text, sizeof text,
                "processing loop stuck: no heartbeat for %.1f s (threshold %.1f s)",
                static_cast<double>(age_ns) / 1e9, static_cast<double>(limit_ns) / 1e9);
  reason = text;
  return false;
}

}  // namespace crm
