// crm_mock_cluster: librdkafka's mock cluster as a process, for end-to-end tests with clients
// nobody here wrote (kcat, confluent-kafka) and the real crmstream binary. Creates the input and
// output topics, prints the bootstrap address as the first line of standard output, then obeys
// one command per line on standard input, answering "ok" (or "error: ...") to each:
//   down <broker id> | up <broker id> | rtt <broker id> <ms> | topic <name> <partitions>
//   | quit   (end of input: quit)
// Single-threaded apart from librdkafka's own threads.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "kafka/mock_cluster.h"

namespace {

crm::Status obey(crm::MockCluster& cluster, const std::string& line, bool& quit) {
  std::istringstream in(line);
  std::string verb;
  in >> verb;
  if (verb == "quit") {
    quit = true;
    return crm::Status::ok();
  }
  if (verb == "down" || verb == "up") {
    std::int32_t id = 0;
    if (!(in >> id)) return crm::Status::invalid_argument("usage: " + verb + " <broker id>");
    return verb == "down" ? cluster.set_broker_down(id) : cluster.set_broker_up(id);
  }
  if (verb == "rtt") {
    std::int32_t id = 0;
    int ms = 0;
    if (!(in >> id >> ms) || ms < 0) {
      return crm::Status::invalid_argument("usage: rtt <broker id> <ms>");
    }
    return cluster.set_broker_rtt(id, ms);
  }
  if (verb == "topic") {
    std::string name;
    std::int32_t partitions = 0;
    if (!(in >> name >> partitions) || partitions < 1) {
      return crm::Status::invalid_argument("usage: topic <name> <partitions>");
    }
    return cluster.create_topic(name, partitions);
  }
  return crm::Status::invalid_argument("unknown command: " + line);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("librdkafka's mock cluster with crmstream's topics, driven from standard input");
  int brokers = 1;
  int partitions = 4;
  int output_partitions = 1;
  app.add_option("--brokers", brokers, "Number of brokers (ids 1..N)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  app.add_option("--partitions", partitions,
                 "Partitions of crm.clickstream, crm.orders and crm.repartition")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--output-partitions", output_partitions, "Partitions of the output topics")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<crm::MockCluster> cluster;
  if (crm::Status s = crm::MockCluster::start(brokers, cluster); !s.is_ok()) {
    std::cerr << "crm_mock_cluster: " << s.to_string() << "\n";
    return 1;
  }
  const crm::KafkaTopics topics;
  const std::vector<std::pair<std::string, int>> wanted = {
      {topics.clickstream, partitions},
      {topics.orders, partitions},
      {topics.segment_changes, output_partitions},
      {topics.churn_risk, output_partitions},
      {topics.triggers, output_partitions},
      {topics.dead_letter, output_partitions},
      {"crm.repartition", partitions},  // forwarding between instances (events.md)
  };
  for (const auto& [name, count] : wanted) {
    if (crm::Status s = cluster->create_topic(name, count); !s.is_ok()) {
      std::cerr << "crm_mock_cluster: " << s.to_string() << "\n";
      return 1;
    }
  }
  std::cout << cluster->bootstrap() << std::endl;  // flushed: the caller waits for this line

  std::string line;
  bool quit = false;
  while (!quit && std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const crm::Status status = obey(*cluster, line, quit);
    std::cout << (status.is_ok() ? "ok" : "error: " + status.message()) << std::endl;
  }
  return 0;
}
