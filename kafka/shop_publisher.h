// The synthetic shop published to Kafka as a real shop's producer would: librdkafka with the
// Java client's partitioner (murmur2_random; consistent_random for kafka.partitioner: crc32),
// message key = the event's key, clickstream and order events to their topics. Optionally a
// share of messages goes to an explicit partition other than its key's, so that forwarding is
// exercised. Never drops a message: a full local queue is waited out, and every delivery
// failure is counted. `crmstream generate --brokers` and the demo's shop use it.
//
// Threading: publish() runs on one thread at a time; stats() may be read from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "config/config.h"
#include "state/status.h"

namespace crm {

class ShopGenerator;

struct PublisherOptions {
  // Share of keyed messages sent to an explicit partition other than the key's task (events.md
  // "Keys, partitions and tasks"); 0 leaves every message to the partitioner.
  double wrong_partition_fraction = 0.0;
  std::uint64_t seed = 1;  // of the wrong-partition choices
  // How long publish() waits at the end for outstanding deliveries.
  std::chrono::milliseconds flush_timeout{30'000};
};

struct PublisherStats {
  std::int64_t produced = 0;         // handed to librdkafka
  std::int64_t delivered = 0;        // acknowledged by the cluster
  std::int64_t failed = 0;           // delivery reports with an error, or unflushed at the end
  std::int64_t wrong_partition = 0;  // of produced, sent off their key's partition on purpose
  std::int64_t queue_full = 0;       // times the local queue was full and waited out
};

class ShopPublisher {
 public:
  // A producer for `kafka` (brokers, topics, partitioner, properties as in the configuration).
  // Fails with invalid_argument for a property librdkafka rejects or a fraction outside [0, 1].
  static Status create(const KafkaConfig& kafka, const PublisherOptions& options,
                       std::unique_ptr<ShopPublisher>& out);
  ~ShopPublisher();
  ShopPublisher(const ShopPublisher&) = delete;
  ShopPublisher& operator=(const ShopPublisher&) = delete;

  // Publishes the generator's events until it is exhausted or `stop` is set, at most
  // `events_per_second` (token bucket; 0 = as fast as the cluster takes them), then flushes.
  // io_error when a topic's partitions cannot be read (wrong_partition_fraction > 0 only), or
  // when a message failed or was not delivered within flush_timeout (with the first cause).
  Status publish(ShopGenerator& generator, double events_per_second, const std::atomic<bool>& stop);

  PublisherStats stats() const;

 private:
  struct Impl;
  explicit ShopPublisher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm
