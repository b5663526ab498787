// librdkafka's mock cluster, in-process: real Kafka protocol on loopback, so any Kafka client
// (kcat, confluent-kafka) can talk to it. The embedded broker of `crmstream demo` and of the
// tests. The 2.0.2 mock has no CreateTopics API: topics are made with create_topic(). It keeps
// at most 5 MiB (or 100,000 message sets) per partition and drops the oldest beyond that, so
// its users keep consumer lag well below it. Thread-safe (librdkafka's mock is).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "state/status.h"

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace crm {

class MockCluster {
 public:
  // Starts `brokers` brokers (ids 1..brokers) listening on loopback ports.
  static Status start(int brokers, std::unique_ptr<MockCluster>& out);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:port,..." for bootstrap.servers.
  const std::string& bootstrap() const { return bootstrap_; }

  Status create_topic(const std::string& name, std::int32_t partitions);
  // Takes a broker down (connections close, requests fail) or back up.
  Status set_broker_down(std::int32_t broker_id);
  Status set_broker_up(std::int32_t broker_id);
  // Delays every response of a broker by `rtt_ms` (0: none), to slow clients down in tests.
  Status set_broker_rtt(std::int32_t broker_id, int rtt_ms);
  // The next `count` requests of Kafka API `api_key` (0 = Produce, ...), to any broker, fail
  // with the protocol error code `error`: how clients handle a broker's refusal, in tests.
  void fail_next_requests(std::int16_t api_key, std::size_t count, int error);

 private:
  MockCluster() = default;
  rd_kafka_s* handle_ = nullptr;  // the client instance the mock cluster belongs to
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  std::string bootstrap_;
};

}  // namespace crm
