// The input side of `crmstream run`: librdkafka's high-level consumer in the group
// kafka.group_id, subscribed to both input topics, cooperative-sticky. The state store's input
// positions are the source of truth: on assignment each partition starts at the offset stored
// with its task's last batch (else the group's committed offset, else the earliest). Offsets
// are committed to the group after the state write, so lag tools see progress; they are never
// auto-committed or auto-stored. Until scale-out lands one instance owns every partition: an
// assignment without all of them, or a revocation, is an error (assignment_error()), except
// a lost assignment (session expired in a broker outage): it comes back by itself.
// REQUIRES external synchronization: one thread calls every method (librdkafka runs the
// rebalance callback inside poll()).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "state/status.h"

namespace crm {

// The next offset to read of (topic, partition), as the state store holds it.
using StoredOffset = std::function<std::optional<std::int64_t>(const std::string&, std::int32_t)>;

struct CommittedOffset {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;  // the next one to read
};

class KafkaSource {
 public:
  // `events` (optional, outlives the source) hears errors, logs and statistics.
  static Status create(const Config& config, StoredOffset stored_offset, RdKafka::EventCb* events,
                       std::unique_ptr<KafkaSource>& out);
  ~KafkaSource();
  KafkaSource(const KafkaSource&) = delete;
  KafkaSource& operator=(const KafkaSource&) = delete;

  // The partition count both input topics share; an error when one is missing or they differ
  // (they must be co-partitioned, events.md).
  Status partition_count(std::int32_t& out, std::chrono::milliseconds timeout);
  Status subscribe();
  // Serves the client's queued events (errors, logs, statistics) to the event callback while
  // nothing is consumed yet: before the subscription they are served by poll() only.
  void serve_events();

  // Appends up to `max` messages (end-of-partition markers included: err() ==
  // ERR__PARTITION_EOF), waiting up to `wait` for the first.
  Status poll(std::vector<std::unique_ptr<RdKafka::Message>>& out, std::size_t max,
              std::chrono::milliseconds wait);

  // The offset past the last message of an input partition as its last fetch response told
  // (librdkafka's cached high watermark: no request); nullopt when not known yet.
  std::optional<std::int64_t> cached_end(const std::string& topic, std::int32_t partition) const;

  // Empty while the assignment is whole (or not made yet).
  const std::string& assignment_error() const;
  // Partitions assigned, both topics counted.
  std::size_t assigned() const;
  std::int64_t rebalances() const;
  // The partitions taken away since the last call (a lost session): their buffered records
  // must be dropped, since they are read again from the stored offsets when they come back.
  std::vector<std::pair<std::string, std::int32_t>> take_revoked();

  // Pauses fetching the assigned partitions marked here and resumes the others (backpressure):
  // paused[partition] holds the clickstream partition's mark, then the orders partition's.
  Status pause(const std::vector<std::array<bool, 2>>& paused);
  // Commits offsets to the group, asynchronously (the state store already holds them). While
  // an earlier commit is unanswered (a rebalance, a coordinator away) it sends nothing: the
  // next call carries the newer offsets, and librdkafka does not pile up commits that would all
  // fail, each with a warning, when the group settles.
  Status commit(const std::vector<CommittedOffset>& offsets);
  bool commit_in_flight() const;
  // Commits synchronously, then leaves the group, waiting until `deadline` at most: with the
  // group coordinator unreachable (every broker down) both would wait for it and hold a stop
  // past its 10 s. Past the deadline the consumer is left to the process's exit (an error says
  // so): the group drops the member after its session timeout, and the state store holds the
  // positions.
  Status close(const std::vector<CommittedOffset>& offsets,
               std::chrono::steady_clock::time_point deadline);

 private:
  class Rebalance;
  class Commits;
  class EventRelay;
  KafkaSource() = default;
  void abandon();

  Config config_;
  std::unique_ptr<Rebalance> rebalance_;
  std::unique_ptr<Commits> commits_;
  std::unique_ptr<EventRelay> events_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::set<std::pair<std::string, std::int32_t>> paused_;
};

}  // namespace crm
