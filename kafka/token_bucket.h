// Paces a producer at a steady rate of events per second with a small burst allowance (a token
// bucket): the shop publisher's --rate. Not thread-safe: one bucket per publishing thread.
#pragma once

#include <algorithm>
#include <chrono>

namespace crm {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // rate <= 0: unlimited. The bucket holds at most 50 ms worth of tokens (at least one), and
  // starts with one, so a rate is never exceeded by more than that burst.
  TokenBucket(double rate, Clock::time_point now)
      : rate_(rate), burst_(std::max(1.0, rate / 20.0)), tokens_(1.0), last_(now) {}

  // Takes one token and returns zero, or returns how long until one is available (no token is
  // taken then).
  Clock::duration take(Clock::time_point now) {
    if (rate_ <= 0) return Clock::duration::zero();
    const std::chrono::duration<double> elapsed = now - last_;
    last_ = now;
    tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
    if (tokens_ >= 1.0) {
      tokens_ -= 1.0;
      return Clock::duration::zero();
    }
    const std::chrono::duration<double> wait((1.0 - tokens_) / rate_);
    return std::max<Clock::duration>(std::chrono::duration_cast<Clock::duration>(wait),
                                     Clock::duration(1));
  }

 private:
  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace crm
