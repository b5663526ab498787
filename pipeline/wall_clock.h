// The one way the pipeline reads the system clock, so tests can fix it. The model never reads
// it (semantics.md "Time"); the engine uses it for emitted_at / received_at, the future-skew
// check and `time.clock: wall`.
#pragma once

#include "processors/time.h"

namespace crm {

class WallClock {
 public:
  virtual ~WallClock() = default;
  virtual TimeMs now() const = 0;
};

class SystemClock final : public WallClock {
 public:
  TimeMs now() const override;
};

// A clock that says what it is told: tests.
class FixedClock final : public WallClock {
 public:
  explicit FixedClock(TimeMs now) : now_(now) {}
  TimeMs now() const override { return now_; }
  void set(TimeMs now) { now_ = now; }

 private:
  TimeMs now_;
};

}  // namespace crm
