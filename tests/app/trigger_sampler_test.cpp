// The demo's live view of crm.triggers (app/trigger_sampler.h): what it saw, and why it stopped.
#include "app/trigger_sampler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "kafka/mock_cluster.h"
#include "tests/service/service_test_support.h"

namespace crm {
namespace {

using service_test::Message;

// Polls `sampler` until `done` holds or 20 s pass; returns the last sample.
template <typename Done>
TriggerSampler::Sample wait_for(const TriggerSampler& sampler, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  TriggerSampler::Sample sample = sampler.sample();
  while (!done(sample) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    sample = sampler.sample();
  }
  return sample;
}

TEST(TriggerSampler, CountsTheTopicsMessagesAndKeepsTheLatest) {
  std::unique_ptr<MockCluster> cluster;
  ASSERT_TRUE(MockCluster::start(1, cluster).is_ok());
  ASSERT_TRUE(cluster->create_topic("crm.triggers", 2).is_ok());
  service_test::produce(cluster->bootstrap(), {Message{"crm.triggers", 0, "a", "first"},
                                               Message{"crm.triggers", 1, "b", "second"}});
  const TriggerSampler sampler(cluster->bootstrap(), "crm.triggers");
  TriggerSampler::Sample sample = wait_for(sampler, [](const auto& s) { return s.seen == 2; });
  EXPECT_EQ(sample.seen, 2);

  service_test::produce(cluster->bootstrap(), {Message{"crm.triggers", 0, "a", "third"}});
  sample = wait_for(sampler, [](const auto& s) { return s.seen == 3; });
  EXPECT_EQ(sample.seen, 3);
  EXPECT_EQ(sample.latest, "third");
  EXPECT_EQ(sample.stopped, "");
}

TEST(TriggerSampler, SaysWhyItStoppedWhenItCannotOpen) {
  std::unique_ptr<MockCluster> cluster;
  ASSERT_TRUE(MockCluster::start(1, cluster).is_ok());
  ASSERT_TRUE(cluster->create_topic("crm.triggers", 1).is_ok());
  ASSERT_TRUE(cluster->set_broker_down(1).is_ok());
  // Its partitions cannot be learnt: the reader gives up opening after 10 s.
  const TriggerSampler sampler(cluster->bootstrap(), "crm.triggers");
  const TriggerSampler::Sample sample =
      wait_for(sampler, [](const auto& s) { return !s.stopped.empty(); });
  EXPECT_EQ(sample.seen, 0);
  EXPECT_NE(sample.stopped.find("crm.triggers"), std::string::npos) << sample.stopped;
}

}  // namespace
}  // namespace crm
