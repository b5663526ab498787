#include "kafka/shop_publisher.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "generator/random.h"
#include "generator/shop_generator.h"
#include "kafka/client_config.h"
#include "kafka/known_topics.h"
#include "kafka/task_partitioner.h"
#include "kafka/token_bucket.h"

namespace crm {
namespace {

constexpr int kPollMs = 100;  // a wait for room in the queue or for the next token, at most
constexpr auto kMetadataTimeout = std::chrono::seconds(10);

int to_poll_ms(TokenBucket::Clock::duration wait) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait).count();
  return static_cast<int>(std::clamp<std::int64_t>(ms, 0, kPollMs));
}

}  // namespace

struct ShopPublisher::Impl : RdKafka::DeliveryReportCb {
  Impl(const KafkaConfig& k, const PublisherOptions& o) : kafka(k), options(o), rng(o.seed) {}

  // Runs on the publishing thread, inside poll() and flush().
  void dr_cb(RdKafka::Message& message) override {
    if (message.err() == RdKafka::ERR_NO_ERROR) {
      delivered.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    failed.fetch_add(1, std::memory_order_relaxed);
    const std::lock_guard lock(error_mutex);
    if (first_error.empty()) {
      first_error = message.topic_name() + ": " + RdKafka::err2str(message.err());
    }
  }

  Status partitions_of(const std::string& topic, std::int32_t& out);
  Status produce(const GeneratedEvent& event);
  Status finish();

  KafkaConfig kafka;
  PublisherOptions options;
  SplitMix64 rng;
  std::map<std::string, std::int32_t> partition_counts;  // by topic, read once
  std::atomic<std::int64_t> produced{0};
  std::atomic<std::int64_t> delivered{0};
  std::atomic<std::int64_t> failed{0};
  std::atomic<std::int64_t> wrong_partition{0};
  std::atomic<std::int64_t> queue_full{0};
  std::mutex error_mutex;
  std::string first_error;
  // Destroyed before the members above, while what dr_cb touches is still alive.
  std::unique_ptr<RdKafka::Producer> producer;
  KnownTopics known_topics;  // destroyed before the producer
};

Status ShopPublisher::Impl::partitions_of(const std::string& topic, std::int32_t& out) {
  if (auto it = partition_counts.find(topic); it != partition_counts.end()) {
    out = it->second;
    return Status::ok();
  }
  std::string error;
  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(producer.get(), topic, nullptr, error));
  if (!handle) return Status::io_error("topic " + topic + ": " + error);
  // A topic just created may not have its partitions in the first answer: ask until it does.
  const auto deadline = std::chrono::steady_clock::now() + kMetadataTimeout;
  std::string cause = "no partitions";
  while (std::chrono::steady_clock::now() < deadline) {
    RdKafka::Metadata* raw = nullptr;
    const RdKafka::ErrorCode err = producer->metadata(false, handle.get(), &raw, 5000);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    if (err != RdKafka::ERR_NO_ERROR) {
      cause = RdKafka::err2str(err);
    } else {
      for (const RdKafka::TopicMetadata* t : *metadata->topics()) {
        if (t->topic() != topic) continue;
        if (t->err() != RdKafka::ERR_NO_ERROR) cause = RdKafka::err2str(t->err());
        if (t->err() == RdKafka::ERR_NO_ERROR && !t->partitions()->empty()) {
          out = static_cast<std::int32_t>(t->partitions()->size());
          partition_counts[topic] = out;
          return Status::ok();
        }
      }
    }
    producer->poll(kPollMs);
  }
  return Status::io_error("cannot read the partitions of " + topic + ": " + cause);
}

Status ShopPublisher::Impl::produce(const GeneratedEvent& event) {
  const std::string& topic =
      event.stream == GeneratedEvent::kOrders ? kafka.topics.orders : kafka.topics.clickstream;
  std::int32_t partition = RdKafka::Topic::PARTITION_UA;
  if (event.key.empty()) {
    // A keyless message (a malformed line) would land in a random partition: placed by its
    // bytes instead, so the same shop gives the same topics on every cluster, which is what
    // lets tests compare runs on different clusters.
    std::int32_t count = 0;
    if (Status s = partitions_of(topic, count); !s.is_ok()) return s;
    partition = TaskPartitioner(kafka.partitioner, count).task_of(event.json);
  } else if (options.wrong_partition_fraction > 0 && rng.chance(options.wrong_partition_fraction)) {
    std::int32_t count = 0;
    if (Status s = partitions_of(topic, count); !s.is_ok()) return s;
    if (count > 1) {
      const std::int32_t owner = TaskPartitioner(kafka.partitioner, count).task_of(event.key);
      const auto shift = static_cast<std::int32_t>(1 + rng.below(count - 1));
      partition = (owner + shift) % count;
      wrong_partition.fetch_add(1, std::memory_order_relaxed);
    }
  }
  for (;;) {
    // Copied: the generator reuses its buffers. Timestamp 0: now, as a shop's producer sends.
    const RdKafka::ErrorCode err = producer->produce(
        topic, partition, RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(event.json.data()),
        event.json.size(), event.key.empty() ? nullptr : event.key.data(), event.key.size(), 0,
        nullptr);
    if (err == RdKafka::ERR_NO_ERROR) break;
    if (err != RdKafka::ERR__QUEUE_FULL) {
      return Status::io_error("cannot produce to " + topic + ": " + RdKafka::err2str(err));
    }
    // Never drop: serve delivery reports until there is room again.
    queue_full.fetch_add(1, std::memory_order_relaxed);
    producer->poll(kPollMs);
  }
  produced.fetch_add(1, std::memory_order_relaxed);
  producer->poll(0);
  return Status::ok();
}

Status ShopPublisher::Impl::finish() {
  const RdKafka::ErrorCode err = producer->flush(static_cast<int>(options.flush_timeout.count()));
  producer->poll(0);
  const std::int64_t outstanding = produced.load() - delivered.load() - failed.load();
  if (err != RdKafka::ERR_NO_ERROR || outstanding > 0) {
    failed.fetch_add(std::max<std::int64_t>(outstanding, 0), std::memory_order_relaxed);
    const std::lock_guard lock(error_mutex);
    if (first_error.empty()) {
      first_error = std::to_string(outstanding) + " not delivered within " +
                    std::to_string(options.flush_timeout.count()) + " ms";
    }
  }
  if (failed.load() == 0) return Status::ok();
  const std::lock_guard lock(error_mutex);
  return Status::io_error(std::to_string(failed.load()) + " of " + std::to_string(produced.load()) +
                          " messages not delivered; first: " + first_error);
}

ShopPublisher::ShopPublisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ShopPublisher::~ShopPublisher() = default;

Status ShopPublisher::create(const KafkaConfig& kafka, const PublisherOptions& options,
                             std::unique_ptr<ShopPublisher>& out) {
  if (!(options.wrong_partition_fraction >= 0 && options.wrong_partition_fraction <= 1)) {
    return Status::invalid_argument("wrong-partition fraction must be in [0, 1]");
  }
  auto impl = std::make_unique<Impl>(kafka, options);
  const std::string partitioner =
      kafka.partitioner == Partitioner::kCrc32 ? "consistent_random" : "murmur2_random";
  // What the Java client does by default; kafka.properties may tune the rest.
  const KafkaSettings defaults = {{"acks", "all"}, {"linger.ms", "5"}};
  const KafkaSettings fixed = {{"partitioner", partitioner}};
  std::unique_ptr<RdKafka::Conf> conf;
  if (Status s = make_client_conf(kafka, defaults, fixed, conf); !s.is_ok()) return s;
  std::string error;
  if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(impl.get()), error) !=
      RdKafka::Conf::CONF_OK) {
    return Status::invalid_argument("dr_cb: " + error);
  }
  impl->producer.reset(RdKafka::Producer::create(conf.get(), error));
  if (!impl->producer) return Status::invalid_argument("cannot create a producer: " + error);
  for (const std::string* topic : {&kafka.topics.clickstream, &kafka.topics.orders}) {
    if (Status s = impl->known_topics.add(*impl->producer, *topic); !s.is_ok()) return s;
  }
  out.reset(new ShopPublisher(std::move(impl)));
  return Status::ok();
}

Status ShopPublisher::publish(ShopGenerator& generator, double events_per_second,
                              const std::atomic<bool>& stop) {
  TokenBucket bucket(events_per_second, TokenBucket::Clock::now());
  GeneratedEvent event;
  Status status;
  while (status.is_ok() && !stop.load(std::memory_order_relaxed) && generator.next(event)) {
    // Waits for a token in short polls, so delivery reports flow and a stop is seen.
    bool stopped = false;
    for (auto wait = bucket.take(TokenBucket::Clock::now()); wait.count() > 0;
         wait = bucket.take(TokenBucket::Clock::now())) {
      if ((stopped = stop.load(std::memory_order_relaxed))) break;
      const int ms = to_poll_ms(wait);
      if (ms > 0) {
        impl_->producer->poll(ms);
      } else {
        std::this_thread::sleep_for(wait);
      }
    }
    if (stopped) break;
    status = impl_->produce(event);
  }
  const Status flushed = impl_->finish();
  return status.is_ok() ? flushed : status;
}

PublisherStats ShopPublisher::stats() const {
  PublisherStats s;
  s.produced = impl_->produced.load(std::memory_order_relaxed);
  s.delivered = impl_->delivered.load(std::memory_order_relaxed);
  s.failed = impl_->failed.load(std::memory_order_relaxed);
  s.wrong_partition = impl_->wrong_partition.load(std::memory_order_relaxed);
  s.queue_full = impl_->queue_full.load(std::memory_order_relaxed);
  return s;
}

}  // namespace crm
