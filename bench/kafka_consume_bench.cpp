// Consuming from Kafka: the "raw consume" baseline, a bare librdkafka KafkaConsumer reading
// every message of the input topics, against which crmstream's own consumption is measured.
// The synthetic shop is published once (kafka/shop_publisher.h) to an in-process mock cluster
// (kept under the mock's 5 MiB per partition); then each round runs every consumer in kRuns
// from the beginning of the topics, each returning once its lag is 0.
//
// A plain program: the cluster lives across rounds. Usage:
//   kafka_consume_bench [events = 200000] [partitions = 16] [rounds = 3]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "generator/shop_generator.h"
#include "kafka/mock_cluster.h"
#include "kafka/shop_publisher.h"
#include "kafka/topic_reader.h"

namespace crm {
namespace {

using Clock = std::chrono::steady_clock;

// A consumer under measurement: reads the `events` messages of the input topics at `bootstrap`
// from their beginning and returns once it has consumed them all (lag 0).
using ConsumeRun = std::function<Status(const std::string& bootstrap, std::int64_t events)>;

Status raw_consume(const std::string& bootstrap, std::int64_t events) {
  const KafkaTopics topics;
  std::unique_ptr<TopicReader> reader;
  if (Status s = TopicReader::open(bootstrap, {topics.clickstream, topics.orders}, reader);
      !s.is_ok()) {
    return s;
  }
  std::uint64_t bytes = 0;  // touch every payload, as any consumer would
  const Status s =
      reader->read(events, std::chrono::minutes(5), [&bytes](const RdKafka::Message& m) {
        bytes += m.len() + (m.len() > 0 ? static_cast<const unsigned char*>(m.payload())[0] : 0);
      });
  if (!s.is_ok()) return s;
  if (reader->messages_read() < events) {
    return Status::io_error("read " + std::to_string(reader->messages_read()) + " of " +
                            std::to_string(events) + " messages in 5 minutes");
  }
  return bytes > 0 ? Status::ok() : Status::io_error("empty payloads");
}

struct Run {
  const char* name;
  ConsumeRun consume;
};

// "crmstream run end-to-end" joins here: a ConsumeRun that starts the pipeline on a fresh state
// directory against `bootstrap` and returns once the group's lag is 0.
const std::vector<Run> kRuns = {
    {"raw consume (librdkafka KafkaConsumer, assign, no processing)", raw_consume},
};

Status publish_shop(const std::string& bootstrap, std::int64_t events) {
  GeneratorOptions shop;
  shop.customers = 20'000;
  shop.max_events = events;
  KafkaConfig kafka;
  kafka.brokers = bootstrap;
  std::unique_ptr<ShopPublisher> publisher;
  if (Status s = ShopPublisher::create(kafka, PublisherOptions{}, publisher); !s.is_ok()) return s;
  ShopGenerator generator(shop);
  const std::atomic<bool> stop{false};
  const auto started = Clock::now();
  if (Status s = publisher->publish(generator, 0, stop); !s.is_ok()) return s;
  const std::chrono::duration<double> elapsed = Clock::now() - started;
  std::printf("published %lld events in %.2f s (%.0f events/s, queue full %lld times)\n",
              static_cast<long long>(publisher->stats().delivered), elapsed.count(),
              static_cast<double>(publisher->stats().delivered) / elapsed.count(),
              static_cast<long long>(publisher->stats().queue_full));
  return generator.stats().events == events
             ? Status::ok()
             : Status::invalid_argument("the shop ran out of events before " +
                                        std::to_string(events));
}

int run(std::int64_t events, std::int32_t partitions, int rounds) {
  std::unique_ptr<MockCluster> cluster;
  Status s = MockCluster::start(1, cluster);
  const KafkaTopics topics;
  for (const std::string& topic : {topics.clickstream, topics.orders}) {
    if (s.is_ok()) s = cluster->create_topic(topic, partitions);
  }
  if (s.is_ok()) s = publish_shop(cluster->bootstrap(), events);
  if (!s.is_ok()) {
    std::fprintf(stderr, "kafka_consume_bench: %s\n", s.to_string().c_str());
    return 1;
  }
  std::printf("%lld events, %d partitions per topic, %d rounds\n", static_cast<long long>(events),
              partitions, rounds);
  for (const Run& r : kRuns) {
    std::vector<double> rates;
    for (int round = 0; round < rounds; ++round) {
      const auto started = Clock::now();
      if (s = r.consume(cluster->bootstrap(), events); !s.is_ok()) {
        std::fprintf(stderr, "kafka_consume_bench: %s: %s\n", r.name, s.to_string().c_str());
        return 1;
      }
      const std::chrono::duration<double> elapsed = Clock::now() - started;
      rates.push_back(static_cast<double>(events) / elapsed.count());
    }
    std::sort(rates.begin(), rates.end());
    std::printf("%-64s median %9.0f events/s (min %.0f, max %.0f)\n", r.name,
                rates[rates.size() / 2], rates.front(), rates.back());
  }
  return 0;
}

}  // namespace
}  // namespace crm

int main(int argc, char** argv) {
  const std::int64_t events = argc > 1 ? std::atoll(argv[1]) : 200'000;
  const int partitions = argc > 2 ? std::atoi(argv[2]) : 16;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  if (events < 1 || partitions < 1 || rounds < 1) {
    std::fprintf(stderr,
                 "usage: kafka_consume_bench [events >= 1] [partitions >= 1] [rounds >= 1]\n");
    return 2;
  }
  return crm::run(events, partitions, rounds);
}
