#include "sinks/kafka_outbox_sink.h"

#include <deque>

#include "kafka/client_config.h"
#include "sinks/output_dimension.h"
#include "state/batch.h"
#include "state/outbox_codec.h"

namespace crm {

// Delivery reports, collected on the thread that calls poll()/flush().
class KafkaOutboxSink::Reports : public RdKafka::DeliveryReportCb {
 public:
  struct Pending {
    DeliveredOutput output;
  };
  void dr_cb(RdKafka::Message& message) override {
    std::unique_ptr<Pending> pending(static_cast<Pending*>(message.msg_opaque()));
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      if (error.empty()) {
        error = "delivery to " + message.topic_name() + " failed: " + message.errstr();
        error_topic = message.topic_name();
      }
      return;
    }
    delivered.push_back(std::move(pending->output));
  }
  std::vector<DeliveredOutput> delivered;
  std::string error;
  std::string error_topic;
};

Status KafkaOutboxSink::create(const Config& config, DeliveredHook on_delivered,
                               RdKafka::EventCb* events, std::unique_ptr<KafkaOutboxSink>& out) {
  std::unique_ptr<KafkaOutboxSink> sink(new KafkaOutboxSink());
  sink->topics_ = {config.kafka.topics.segment_changes, config.kafka.topics.churn_risk,
                   config.kafka.topics.triggers, config.kafka.topics.dead_letter};
  sink->reports_ = std::make_unique<Reports>();
  sink->on_delivered_ = std::move(on_delivered);
  std::unique_ptr<RdKafka::Conf> conf;
  // Java's default partitioner, so a key lands where any Kafka client would put it. linger.ms 1
  // (librdkafka: 5): a batch's outputs are handed over together, so a millisecond gathers them
  // into one request, and each one waits no longer than that.
  const KafkaSettings defaults = {
      {"partitioner", "murmur2_random"}, {"linger.ms", "1"}, {"compression.type", "lz4"}};
  const KafkaSettings fixed = {{"enable.idempotence", "true"},
                               {"acks", "all"},
                               {"message.timeout.ms", "0"}};  // wait out any broker outage
  if (Status s = make_client_conf(config.kafka, defaults, fixed, conf); !s.is_ok()) return s;
  std::string error;
  if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(sink->reports_.get()), error) !=
      RdKafka::Conf::CONF_OK) {
    return Status::invalid_argument(error);
  }
  if (events != nullptr && conf->set("event_cb", events, error) != RdKafka::Conf::CONF_OK) {
    return Status::invalid_argument(error);
  }
  sink->producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!sink->producer_) return Status::invalid_argument("cannot create the producer: " + error);
  for (const OutputTopic topic : {OutputTopic::kSegmentChanges, OutputTopic::kChurnRisk,
                                  OutputTopic::kTriggers, OutputTopic::kDeadLetter}) {
    if (Status s = sink->known_topics_.add(*sink->producer_, sink->topics_.of(topic)); !s.is_ok()) {
      return s;
    }
  }
  out = std::move(sink);
  return Status::ok();
}

KafkaOutboxSink::~KafkaOutboxSink() = default;

Status KafkaOutboxSink::send(const StateStore& store, TaskId task, std::uint64_t outbox_end,
                             std::size_t max_in_flight) {
  if (in_flight_ >= max_in_flight) return Status::ok();
  std::uint64_t& next = next_to_send_[task];
  if (next >= outbox_end) return Status::ok();  // nothing new: most tasks after most windows
  RangeIterator it = store.scan_outbox(task, next);
  for (; it.valid() && in_flight_ < max_in_flight; it.next()) {
    OutboxKeyParts parts;
    if (Status s = decode_outbox_key(it.key(), parts); !s.is_ok()) return s;
    if (Status s = decode_output_record(it.value(), scratch_); !s.is_ok()) return s;
    auto* pending = new Reports::Pending{
        DeliveredOutput{task, parts.sequence, scratch_.topic, output_dimension(scratch_)}};
    RdKafka::Headers* headers = RdKafka::Headers::create();
    headers->add("crm-schema", "1");
    for (;;) {
      const RdKafka::ErrorCode error = producer_->produce(
          topics_.of(scratch_.topic), RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
          scratch_.json.data(), scratch_.json.size(), scratch_.key.data(), scratch_.key.size(), 0,
          headers, pending);
      if (error == RdKafka::ERR_NO_ERROR) break;  // the producer owns the headers now
      if (error != RdKafka::ERR__QUEUE_FULL) {
        delete headers;
        delete pending;
        return Status::io_error("cannot produce to " + topics_.of(scratch_.topic) + ": " +
                                RdKafka::err2str(error));
      }
      producer_->poll(10);  // the local queue is full: serve reports until there is room
    }
    next = parts.sequence + 1;
    ++in_flight_;
  }
  return it.status();
}

Status KafkaOutboxSink::poll(StateStore& store, std::chrono::milliseconds wait) {
  producer_->poll(static_cast<int>(wait.count()));
  if (!reports_->error.empty()) {
    failed_topic_ = reports_->error_topic;
    return Status::io_error(reports_->error);
  }
  if (reports_->delivered.empty()) return Status::ok();
  Batch batch(store);
  for (const DeliveredOutput& output : reports_->delivered) {
    batch.erase_outbox(output.task, output.sequence);
  }
  if (Status s = store.write(batch); !s.is_ok()) return s;
  in_flight_ -= reports_->delivered.size();
  delivered_ += static_cast<std::int64_t>(reports_->delivered.size());
  if (on_delivered_) {
    for (const DeliveredOutput& output : reports_->delivered) on_delivered_(output);
  }
  reports_->delivered.clear();
  return Status::ok();
}

Status KafkaOutboxSink::drain(StateStore& store, TaskId tasks,
                              std::chrono::steady_clock::time_point deadline) {
  constexpr std::size_t kUnbounded = static_cast<std::size_t>(-1);
  for (TaskId task = 0; task < tasks; ++task) {
    if (Status s = send(store, task, kOutboxEndUnknown, kUnbounded); !s.is_ok()) return s;
  }
  while (in_flight_ > 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::io_error(std::to_string(in_flight_) +
                              " output events not acknowledged in time; they stay in the outbox");
    }
    if (Status s = poll(store, std::chrono::milliseconds(50)); !s.is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace crm
