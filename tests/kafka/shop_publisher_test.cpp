// The shop publisher against the mock cluster: every generated event arrives exactly once, on
// its stream's topic, with its key, in its key's task unless sent off it on purpose; the
// wrong-partition share is about what was asked; a full local queue loses nothing.
#include "kafka/shop_publisher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <tuple>

#include "generator/shop_generator.h"
#include "kafka/client_config.h"
#include "kafka/task_partitioner.h"
#include "kafka_test_support.h"

namespace crm {
namespace {

constexpr std::int32_t kPartitions = 6;

GeneratorOptions shop(std::int64_t events) {
  GeneratorOptions options;
  options.seed = 42;
  options.customers = 300;
  options.duration = 60 * kDayMs;
  options.max_events = events;
  // More of the imperfections than by default, so that every kind shows up in a few thousand.
  options.malformed_fraction = 0.01;
  options.wrong_key_fraction = 0.01;
  options.wrong_topic_fraction = 0.01;
  return options;
}

using Sent = std::tuple<std::string, std::string, std::string>;  // topic, key, payload

std::vector<Sent> expected_messages(const GeneratorOptions& options) {
  const KafkaTopics topics;
  std::vector<Sent> sent;
  ShopGenerator generator(options);
  GeneratedEvent event;
  while (generator.next(event)) {
    sent.emplace_back(event.stream == GeneratedEvent::kOrders ? topics.orders : topics.clickstream,
                      event.key, event.json);
  }
  return sent;
}

struct Published {
  std::unique_ptr<MockCluster> cluster;
  PublisherStats stats;
  std::vector<testing::Record> records;
};

Published publish(const GeneratorOptions& shop_options, const PublisherOptions& options,
                  const KafkaSettings& properties = {}) {
  Published out;
  out.cluster = testing::start_cluster(kPartitions);
  if (!out.cluster) return out;
  KafkaConfig kafka;
  kafka.brokers = out.cluster->bootstrap();
  for (const auto& [name, value] : properties) kafka.properties[name] = value;
  std::unique_ptr<ShopPublisher> publisher;
  Status status = ShopPublisher::create(kafka, options, publisher);
  EXPECT_TRUE(status.is_ok()) << status.to_string();
  if (!status.is_ok()) return out;
  ShopGenerator generator(shop_options);
  const std::atomic<bool> stop{false};
  status = publisher->publish(generator, 0, stop);
  EXPECT_TRUE(status.is_ok()) << status.to_string();
  out.stats = publisher->stats();
  out.records =
      testing::read_all(out.cluster->bootstrap(), {kafka.topics.clickstream, kafka.topics.orders},
                        out.stats.produced);
  return out;
}

TEST(ShopPublisher, PublishesEveryEventOnceWithItsKeyAndTopic) {
  const GeneratorOptions options = shop(3000);
  const Published published = publish(options, PublisherOptions{});
  std::vector<Sent> expected = expected_messages(options);
  ASSERT_EQ(expected.size(), 3000u);
  EXPECT_EQ(published.stats.produced, 3000);
  EXPECT_EQ(published.stats.delivered, 3000);
  EXPECT_EQ(published.stats.failed, 0);
  EXPECT_EQ(published.stats.wrong_partition, 0);

  std::vector<Sent> received;
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  for (const testing::Record& r : published.records) {
    received.emplace_back(r.topic, r.key, r.payload);
    if (!r.key.empty()) {
      EXPECT_EQ(r.partition, partitioner.task_of(r.key)) << r.key;
    }
  }
  std::sort(expected.begin(), expected.end());
  std::sort(received.begin(), received.end());
  EXPECT_EQ(received.size(), expected.size());
  EXPECT_TRUE(received == expected);
  const auto orders = std::count_if(expected.begin(), expected.end(), [](const Sent& s) {
    return std::get<0>(s) == KafkaTopics{}.orders;
  });
  EXPECT_GT(orders, 0);
  EXPECT_LT(orders, 3000);
}

TEST(ShopPublisher, SendsTheAskedShareOffTheKeysPartition) {
  PublisherOptions options;
  options.wrong_partition_fraction = 0.25;
  const Published published = publish(shop(4000), options);
  ASSERT_EQ(published.records.size(), 4000u);
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  std::int64_t keyed = 0;
  std::int64_t off_owner = 0;
  for (const testing::Record& r : published.records) {
    if (r.key.empty()) continue;
    ++keyed;
    if (r.partition != partitioner.task_of(r.key)) ++off_owner;
  }
  EXPECT_EQ(off_owner, published.stats.wrong_partition);
  const double share = static_cast<double>(off_owner) / static_cast<double>(keyed);
  EXPECT_NEAR(share, 0.25, 0.03) << off_owner << " of " << keyed;
}

TEST(ShopPublisher, WaitsOutAFullQueueWithoutLosingAnything) {
  // A local queue of 50 messages: produce() reports it full over and over.
  const Published published = publish(shop(2000), PublisherOptions{},
                                      KafkaSettings{{"queue.buffering.max.messages", "50"}});
  EXPECT_GT(published.stats.queue_full, 0);
  EXPECT_EQ(published.stats.delivered, 2000);
  EXPECT_EQ(published.records.size(), 2000u);
}

TEST(ShopPublisher, StopsWhenAsked) {
  std::unique_ptr<MockCluster> cluster = testing::start_cluster(2);
  ASSERT_TRUE(cluster);
  KafkaConfig kafka;
  kafka.brokers = cluster->bootstrap();
  std::unique_ptr<ShopPublisher> publisher;
  ASSERT_TRUE(ShopPublisher::create(kafka, PublisherOptions{}, publisher).is_ok());
  ShopGenerator generator(shop(0));
  const std::atomic<bool> stop{true};
  const Status status = publisher->publish(generator, 0, stop);
  EXPECT_TRUE(status.is_ok()) << status.to_string();
  EXPECT_EQ(publisher->stats().produced, 0);
}

TEST(ShopPublisher, PacesAtTheAskedRate) {
  std::unique_ptr<MockCluster> cluster = testing::start_cluster(2);
  ASSERT_TRUE(cluster);
  KafkaConfig kafka;
  kafka.brokers = cluster->bootstrap();
  std::unique_ptr<ShopPublisher> publisher;
  ASSERT_TRUE(ShopPublisher::create(kafka, PublisherOptions{}, publisher).is_ok());
  ShopGenerator generator(shop(300));
  const std::atomic<bool> stop{false};
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(publisher->publish(generator, 1000, stop).is_ok());
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  // 300 events at 1000/s: about 0.3 s (a burst of 50 ms worth allowed), well under 3 s.
  EXPECT_GE(elapsed.count(), 0.2);
  EXPECT_LT(elapsed.count(), 3.0);
  EXPECT_EQ(publisher->stats().delivered, 300);
}

TEST(ShopPublisher, RejectsABadPropertyOrFraction) {
  KafkaConfig kafka;
  kafka.properties["no.such.property"] = "1";
  std::unique_ptr<ShopPublisher> publisher;
  Status status = ShopPublisher::create(kafka, PublisherOptions{}, publisher);
  EXPECT_FALSE(status.is_ok());
  EXPECT_NE(status.message().find("kafka.properties.no.such.property"), std::string::npos)
      << status.message();
  PublisherOptions options;
  options.wrong_partition_fraction = 1.5;
  EXPECT_FALSE(ShopPublisher::create(KafkaConfig{}, options, publisher).is_ok());
}

}  // namespace
}  // namespace crm
