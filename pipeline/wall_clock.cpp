#include "pipeline/wall_clock.h"

#include <chrono>

namespace crm {

TimeMs SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace crm
