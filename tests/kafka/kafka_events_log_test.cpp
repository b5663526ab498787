// librdkafka's client logs and errors go through KafkaEvents to crmstream's own log, in its
// format: every library that logs must share spdlog's one registry (a library compiled with
// spdlog's header-only mode has a default logger of its own, on stdout, which ignores
// log.format). kafka.properties go to both clients, so a client ignoring the other's property is
// not a warning.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kafka/kafka_events.h"
#include "observability/logging.h"

namespace crm {
namespace {

TEST(KafkaEvents, ClientLogsAreLinesOfTheConfiguredFormat) {
  LogConfig log;
  log.format = LogFormat::kJson;
  log.level = "info";
  configure_logging(log);
  testing::internal::CaptureStderr();
  std::vector<std::string> codes;
  {
    KafkaEvents events;
    events.on_error = [&codes](std::string_view code) { codes.emplace_back(code); };
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    ASSERT_EQ(conf->set("event_cb", &events, error), RdKafka::Conf::CONF_OK) << error;
    ASSERT_EQ(conf->set("bootstrap.servers", "127.0.0.1:1", error), RdKafka::Conf::CONF_OK);
    // A consumer property: the producer warns that it ignores it (CONFWARN).
    ASSERT_EQ(conf->set("session.timeout.ms", "6000", error), RdKafka::Conf::CONF_OK) << error;
    std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
    ASSERT_TRUE(producer) << error;
    producer->poll(200);  // serves the logged events
  }
  spdlog::default_logger()->flush();
  const std::string err = testing::internal::GetCapturedStderr();
  // No broker listens on port 1.
  EXPECT_NE(
      err.find(
          R"("level":"warning","msg":"kafka error _TRANSPORT (Local: Broker transport failure): )"),
      std::string::npos)
      << err;
  // The metric's label is the code's name (crmstream_kafka_errors_total{code}).
  EXPECT_NE(std::find(codes.begin(), codes.end(), "_TRANSPORT"), codes.end());
  EXPECT_EQ(err.find("session.timeout.ms"), std::string::npos) << err;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(line.rfind("{\"ts\":\"", 0), 0u) << "not a JSON log line: " << line;
  }
}

}  // namespace
}  // namespace crm
