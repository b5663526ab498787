#include "kafka/mock_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <vector>

namespace crm {
namespace {

Status mock_error(const std::string& what, rd_kafka_resp_err_t error) {
  return Status::io_error(what + ": " + rd_kafka_err2str(error));
}

}  // namespace

Status MockCluster::start(int brokers, std::unique_ptr<MockCluster>& out) {
  std::unique_ptr<MockCluster> cluster(new MockCluster());
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The owning client never talks to a broker; it only hosts the mock's threads.
  if (rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return Status::invalid_argument(error);
  }
  cluster->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (cluster->handle_ == nullptr) {
    return Status::io_error(std::string("cannot create the mock cluster's client: ") + error);
  }
  cluster->cluster_ = rd_kafka_mock_cluster_new(cluster->handle_, brokers);
  if (cluster->cluster_ == nullptr) return Status::io_error("cannot start the mock cluster");
  cluster->bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster->cluster_);
  out = std::move(cluster);
  return Status::ok();
}

MockCluster::~MockCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

Status MockCluster::create_topic(const std::string& name, std::int32_t partitions) {
  const rd_kafka_resp_err_t error =
      rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) return mock_error("cannot create topic " + name, error);
  return Status::ok();
}

Status MockCluster::set_broker_down(std::int32_t broker_id) {
  const rd_kafka_resp_err_t error = rd_kafka_mock_broker_set_down(cluster_, broker_id);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) return mock_error("broker down", error);
  return Status::ok();
}

Status MockCluster::set_broker_rtt(std::int32_t broker_id, int rtt_ms) {
  const rd_kafka_resp_err_t error = rd_kafka_mock_broker_set_rtt(cluster_, broker_id, rtt_ms);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) return mock_error("broker rtt", error);
  return Status::ok();
}

void MockCluster::fail_next_requests(std::int16_t api_key, std::size_t count, int error) {
  const std::vector<rd_kafka_resp_err_t> errors(count, static_cast<rd_kafka_resp_err_t>(error));
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, count, errors.data());
}

Status MockCluster::set_broker_up(std::int32_t broker_id) {
  const rd_kafka_resp_err_t error = rd_kafka_mock_broker_set_up(cluster_, broker_id);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) return mock_error("broker up", error);
  return Status::ok();
}

}  // namespace crm
