// HealthState (stale heartbeat, readiness) with an injected clock, and LoopRequests: work runs
// on the thread calling run_pending(), a timeout or close() fails the request.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "observability/health_state.h"
#include "observability/loop_requests.h"

namespace crm {
namespace {

using namespace std::chrono_literals;

TEST(HealthState, StaleAfterTheThreshold) {
  HealthState::Clock::time_point now{};
  HealthState health(30s, [&] { return now; });
  std::string reason;
  EXPECT_TRUE(health.healthy(reason));
  now += 30s;
  EXPECT_TRUE(health.healthy(reason));
  now += 1ms;
  EXPECT_FALSE(health.healthy(reason));
  EXPECT_EQ(reason, "processing loop stuck: no heartbeat for 30.0 s (threshold 30.0 s)");
  health.beat();
  EXPECT_TRUE(health.healthy(reason));
}

TEST(HealthState, Ready) {
  HealthState health;
  EXPECT_FALSE(health.ready());
  health.set_ready(true);
  EXPECT_TRUE(health.ready());
}

TEST(LoopRequests, WorkRunsOnTheLoopThread) {
  LoopRequests requests;
  std::atomic<bool> stop{false};
  std::thread::id ran_on;
  std::thread::id loop_id;
  std::thread loop([&] {
    loop_id = std::this_thread::get_id();
    while (!stop.load()) {
      requests.run_pending();
      std::this_thread::yield();
    }
  });
  const Status s = requests.submit([&] {
    ran_on = std::this_thread::get_id();
    return Status::not_found("customer x not found");
  });
  stop = true;
  loop.join();
  EXPECT_TRUE(s.is_not_found());
  EXPECT_EQ(s.message(), "customer x not found");
  EXPECT_EQ(ran_on, loop_id);
}

TEST(LoopRequests, TimeoutAndClose) {
  LoopRequests requests;
  bool ran = false;
  const Status late = requests.submit(
      [&] {
        ran = true;
        return Status::ok();
      },
      1ms);
  EXPECT_EQ(late.code(), Status::Code::kIOError);
  EXPECT_NE(late.message().find("did not answer"), std::string::npos);
  // The abandoned work still runs when the loop comes round; its outcome is dropped.
  EXPECT_EQ(requests.run_pending(), 1u);
  EXPECT_TRUE(ran);

  requests.close();
  const Status closed = requests.submit([] { return Status::ok(); });
  EXPECT_NE(closed.message().find("shutting down"), std::string::npos);
}

TEST(LoopRequests, AnExceptionBecomesAnError) {
  LoopRequests requests;
  std::thread loop([&] {
    while (requests.run_pending() == 0) std::this_thread::yield();
  });
  const Status s = requests.submit([]() -> Status { throw std::runtime_error("boom"); });
  loop.join();
  EXPECT_EQ(s.message(), "boom");
}

}  // namespace
}  // namespace crm
