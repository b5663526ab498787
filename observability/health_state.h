// What /healthz and /readyz answer (operations.md "HTTP"). The processing loop calls beat()
// once per iteration (also when it has nothing to do) and set_ready(true) once state is open
// and partitions are consuming; the HTTP threads ask healthy() / ready().
// Threading: every member may be called from any thread at once (atomics only).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace crm {

class HealthState {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // `stale_after`: how long without a beat() makes the loop count as stuck. `now` replaces the
  // steady clock (tests). The construction counts as the first beat.
  explicit HealthState(std::chrono::milliseconds stale_after = std::chrono::seconds(30),
                       Now now = {});

  void beat();
  void set_ready(bool ready) { ready_.store(ready, std::memory_order_relaxed); }
  bool ready() const { return ready_.load(std::memory_order_relaxed); }

  // True while the last beat is at most stale_after old; otherwise false with `reason` set
  // ("processing loop stuck: no heartbeat for 42.1 s (threshold 30 s)").
  bool healthy(std::string& reason) const;

 private:
  std::int64_t now_ns() const;

  std::chrono::milliseconds stale_after_;
  Now now_;
  std::atomic<std::int64_t> last_beat_ns_;
  std::atomic<bool> ready_{false};
};

}  // namespace crm
