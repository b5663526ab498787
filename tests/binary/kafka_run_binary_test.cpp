// operations.md "Guarantees" through the real `crmstream run` on a Kafka cluster (crm_mock_cluster,
// a separate process, 8 partitions per input topic) holding a generated shop: a run killed with
// SIGKILL mid-stream and restarted, a run whose broker goes down and comes back, and a run
// stopped with SIGTERM and restarted each end with the export of an uninterrupted run (byte for
// byte: both runs have the same partitioning, and a profile is evaluated at its task's clock),
// and with every output event of the uninterrupted run on the output topics; a repeated output
// is an exact copy (same event_id, same content apart from emitted_at / received_at).
//
// time.max_task_idle is 60 s (default 1 s): a task then waits for a silent input partition until
// it delivers or reaches its end, so an outage, a restart or a loaded machine cannot change the
// order in which a task applies its own partitions (with 1 s, a task whose orders partition
// stalls goes on with its clickstream, as Kafka Streams does: legitimate, but not comparable).
//
// The uninterrupted run is caught up when the group's committed offsets are the input
// partitions' ends and the output topics did not grow for 2 s; a faulted run when its read-only
// export equals the uninterrupted run's and the outputs did not grow for 2 s. Then SIGTERM
// (which flushes what is left in the outbox). A run takes about a second once assigned, so the
// faults come at the first delivered output. The SIGKILL and SIGTERM runs have a broker that
// answers 5 ms late: other fetches, other timing than the uninterrupted run, the same result
// (and the fault comes after a few hundred of ~6,500 outputs, well before the end).
// session.timeout.ms is 6 s so that a restart after SIGKILL is assigned its partitions within
// seconds (45 s by default). Each test repeats the uninterrupted run (SetUpTestSuite runs per test
// process under ctest): about 20-70 s each.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <thread>

#include "tests/binary/mock_cluster_process.h"
#include "tests/binary/process.h"
#include "tests/state/temp_dir.h"

namespace crm::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr int kPartitions = 8;
const std::vector<std::string> kInputs = {"crm.clickstream", "crm.orders"};
const std::vector<std::string> kOutputs = {"crm.segment-changes", "crm.churn-risk", "crm.triggers",
                                           "crm.dead-letter"};

std::string event_id_of(const std::string& line) {
  const std::string needle = "\"event_id\":\"";
  const std::size_t begin = line.find(needle) + needle.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

// A librdkafka consumer that never joins its group: for watermarks, the group's committed
// offsets, and reading whole topics by assignment.
std::unique_ptr<RdKafka::KafkaConsumer> consumer_for(const std::string& bootstrap,
                                                     const std::string& group) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"bootstrap.servers", bootstrap},
                                                        {"group.id", group},
                                                        {"enable.auto.commit", "false"},
                                                        {"enable.partition.eof", "false"},
                                                        {"log_level", "0"}}) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      ADD_FAILURE() << name << ": " << error;
      return nullptr;
    }
  }
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) ADD_FAILURE() << "consumer: " << error;
  return consumer;
}

// The end offset of each partition of `topics` (partitions 0..count-1), -1 when unknown.
std::vector<std::int64_t> ends(RdKafka::KafkaConsumer& consumer,
                               const std::vector<std::string>& topics, int count) {
  std::vector<std::int64_t> out;
  for (const std::string& topic : topics) {
    for (int p = 0; p < count; ++p) {
      std::int64_t low = 0;
      std::int64_t high = -1;
      if (consumer.query_watermark_offsets(topic, p, &low, &high, 5000) != RdKafka::ERR_NO_ERROR) {
        high = -1;
      }
      out.push_back(high);
    }
  }
  return out;
}

std::int64_t sum(const std::vector<std::int64_t>& values) {
  std::int64_t total = 0;
  for (const std::int64_t v : values) total += std::max<std::int64_t>(v, 0);
  return total;
}

// The group's committed offsets of the input partitions, in the order of ends(); -1 for none.
std::vector<std::int64_t> committed(RdKafka::KafkaConsumer& consumer) {
  std::vector<RdKafka::TopicPartition*> partitions;
  for (const std::string& topic : kInputs) {
    for (int p = 0; p < kPartitions; ++p) {
      partitions.push_back(RdKafka::TopicPartition::create(topic, p));
    }
  }
  std::vector<std::int64_t> out;
  if (consumer.committed(partitions, 5000) == RdKafka::ERR_NO_ERROR) {
    for (const RdKafka::TopicPartition* tp : partitions) {
      out.push_back(tp->err() == RdKafka::ERR_NO_ERROR ? tp->offset() : -1);
    }
  }
  RdKafka::TopicPartition::destroy(partitions);
  return out;
}

// Every output message: event_id -> its content without wall-clock fields, and the number of
// extra copies. A copy whose content differs from the first is a failure.
struct Outputs {
  std::map<std::string, std::string> events;  // "topic event_id" -> content
  std::int64_t messages = 0;
  std::int64_t duplicates = 0;
};

Outputs read_outputs(const std::string& bootstrap) {
  Outputs outputs;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer = consumer_for(bootstrap, "test-reader");
  if (!consumer) return outputs;
  const std::int64_t total = sum(ends(*consumer, kOutputs, 1));
  std::vector<RdKafka::TopicPartition*> partitions;
  for (const std::string& topic : kOutputs) {
    partitions.push_back(
        RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING));
  }
  EXPECT_EQ(consumer->assign(partitions), RdKafka::ERR_NO_ERROR);
  RdKafka::TopicPartition::destroy(partitions);
  const auto deadline = Clock::now() + seconds(30);
  while (outputs.messages < total && Clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> m(consumer->consume(100));
    if (m->err() == RdKafka::ERR__TIMED_OUT) continue;
    if (m->err() != RdKafka::ERR_NO_ERROR) {
      ADD_FAILURE() << "consume: " << m->errstr();
      break;
    }
    ++outputs.messages;
    const std::string line(static_cast<const char*>(m->payload()), m->len());
    const std::string content = without_wall_clock(line);
    const auto [it, fresh] =
        outputs.events.emplace(m->topic_name() + " " + event_id_of(line), content);
    if (!fresh) {
      ++outputs.duplicates;
      EXPECT_EQ(it->second, content) << "two different output events with id " << it->first;
    }
  }
  EXPECT_EQ(outputs.messages, total) << "output messages read in 30 s";
  consumer->close();
  return outputs;
}

class KafkaRunBinary : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new TempDir();
    reference_cluster_ = new MockClusterProcess({"--partitions", std::to_string(kPartitions)});
    ASSERT_FALSE(reference_cluster_->bootstrap().empty());
    ASSERT_NO_FATAL_FAILURE(publish(reference_cluster_->bootstrap()));
    auto consumer = consumer_for(reference_cluster_->bootstrap(), "test-ends");
    ASSERT_TRUE(consumer);
    inputs_ = sum(ends(*consumer, kInputs, kPartitions));
    ASSERT_GT(inputs_, 10'000);

    // The uninterrupted run.
    const auto started = Clock::now();
    Child child = start_run(reference_cluster_->bootstrap(), "reference");
    ASSERT_NO_FATAL_FAILURE(wait_caught_up(child, reference_cluster_->bootstrap(), "reference"));
    ASSERT_EQ(terminate(child), 0);
    reference_seconds_ = std::chrono::duration<double>(Clock::now() - started).count();
    reference_export_ = export_of("reference");
    ASSERT_FALSE(reference_export_.empty());
    reference_outputs_ = read_outputs(reference_cluster_->bootstrap());
    ASSERT_GT(reference_outputs_.events.size(), 1000u);
    std::printf("reference: %lld inputs, %zu profiles, %zu output events, %.1f s\n",
                static_cast<long long>(inputs_), reference_export_.size(),
                reference_outputs_.events.size(), reference_seconds_);
  }
  static void TearDownTestSuite() {
    delete reference_cluster_;
    delete shared_;
  }

  // The generated shop, the same bytes in the same partitions on every cluster (murmur2).
  static void publish(const std::string& bootstrap) {
    ASSERT_EQ(run({"generate", "--brokers", bootstrap, "--customers", "600", "--duration", "120d",
                   "--seed", "11"}),
              0);
  }

  static std::string config_for(const std::string& name, const std::string& bootstrap) {
    const std::string path = *shared_ / (name + ".yaml");
    std::ofstream(path) << "state:\n  dir: " << (*shared_ / (name + ".state"))
                        << "\n  memory_budget: 64MiB\nkafka:\n  brokers: \"" << bootstrap
                        << "\"\n  group_id: crmstream-" << name
                        << "\n  properties:\n"
                        // A restart after SIGKILL is assigned its partitions once the killed
                        // member's session expired: 45 s by default.
                        << "    session.timeout.ms: \"6000\"\n    heartbeat.interval.ms: \"500\"\n"
                        << "http:\n  listen: \"127.0.0.1:0\"\ntime:\n  max_task_idle: 60s\n";
    return path;
  }
  static std::string log_of(const std::string& name) { return *shared_ / (name + ".log"); }

  static Child start_run(const std::string& bootstrap, const std::string& name) {
    return Child({"run", "--config", config_for(name, bootstrap)}, log_of(name));
  }

  static std::string tail_of_log(const std::string& name) {
    std::string text;
    for (const std::string& line : read_lines(log_of(name))) text += line + "\n";
    return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
  }

  // Waits (60 s at most) until the group `crmstream-<name>` committed the end of every input
  // partition and the output topics did not grow for 2 s.
  static void wait_caught_up(Child& child, const std::string& bootstrap, const std::string& name) {
    auto consumer = consumer_for(bootstrap, "crmstream-" + name);
    ASSERT_TRUE(consumer);
    const std::vector<std::int64_t> input_ends = ends(*consumer, kInputs, kPartitions);
    const auto deadline = Clock::now() + seconds(60);
    std::int64_t outputs = -1;
    auto stable_since = Clock::now();
    while (Clock::now() < deadline) {
      ASSERT_TRUE(child.running()) << name << " exited early:\n" << tail_of_log(name);
      if (committed(*consumer) == input_ends) {
        const std::int64_t now_outputs = sum(ends(*consumer, kOutputs, 1));
        if (now_outputs != outputs) {
          outputs = now_outputs;
          stable_since = Clock::now();
        } else if (Clock::now() - stable_since >= seconds(2)) {
          return;
        }
      }
      std::this_thread::sleep_for(milliseconds(200));
    }
    FAIL() << name << " not caught up within 60 s; committed offsets and ends differ or the "
           << "outputs keep growing:\n"
           << tail_of_log(name);
  }

  // Waits (60 s at most) until the read-only export of the running `name` equals the
  // uninterrupted run's, the group `crmstream-<name>` committed the end of every input partition
  // (the run is a member again: a restart right after SIGKILL waits out the killed member's
  // session, and a run stopped before it is assigned has nothing to commit) and the output topics
  // did not grow for 2 s.
  static void wait_reference_export(Child& child, const std::string& bootstrap,
                                    const std::string& name) {
    auto consumer = consumer_for(bootstrap, "crmstream-" + name);
    ASSERT_TRUE(consumer);
    const auto deadline = Clock::now() + seconds(60);
    for (std::vector<std::string> now = export_of(name); now != reference_export_;
         now = export_of(name)) {
      // Up to three differing profiles, and how many differ.
      std::string first_difference;
      std::size_t differences = 0;
      for (std::size_t i = 0; i < std::min(now.size(), reference_export_.size()); ++i) {
        if (now[i] == reference_export_[i]) continue;
        if (++differences <= 3) {
          first_difference += "\n  got: " + now[i] + "\n want: " + reference_export_[i];
        }
      }
      first_difference += "\n" + std::to_string(differences) + " profiles differ; " +
                          std::to_string(now.size()) + " vs " +
                          std::to_string(reference_export_.size()) + " profiles";
      ASSERT_TRUE(child.running()) << name << " exited early:\n" << tail_of_log(name);
      ASSERT_LT(Clock::now(), deadline)
          << name << ": the export is not the uninterrupted run's after 60 s:" << first_difference
          << "\n"
          << tail_of_log(name);
      std::this_thread::sleep_for(milliseconds(300));
    }
    const std::vector<std::int64_t> input_ends = ends(*consumer, kInputs, kPartitions);
    while (committed(*consumer) != input_ends) {
      ASSERT_TRUE(child.running()) << name << " exited early:\n" << tail_of_log(name);
      ASSERT_LT(Clock::now(), deadline)
          << name << ": the group's committed offsets are not the input partitions' ends\n"
          << tail_of_log(name);
      std::this_thread::sleep_for(milliseconds(200));
    }
    std::int64_t outputs = sum(ends(*consumer, kOutputs, 1));
    for (auto stable_since = Clock::now(); Clock::now() - stable_since < seconds(2);) {
      ASSERT_LT(Clock::now(), deadline) << name << ": the outputs keep growing";
      std::this_thread::sleep_for(milliseconds(200));
      if (const std::int64_t now = sum(ends(*consumer, kOutputs, 1)); now != outputs) {
        outputs = now;
        stable_since = Clock::now();
      }
    }
  }

  // After the last stop: the group's committed offsets are the input partitions' ends
  // (operations.md: lag tools see the progress).
  static void expect_group_at_end(const std::string& bootstrap, const std::string& name) {
    auto consumer = consumer_for(bootstrap, "crmstream-" + name);
    ASSERT_TRUE(consumer);
    EXPECT_EQ(committed(*consumer), ends(*consumer, kInputs, kPartitions))
        << name << ": the committed offsets of group crmstream-" << name
        << " (first) are not the input partitions' ends (second)";
  }

  // A new cluster with the shop.
  static void shop_cluster(std::unique_ptr<MockClusterProcess>& cluster) {
    cluster = std::make_unique<MockClusterProcess>(
        std::vector<std::string>{"--partitions", std::to_string(kPartitions)});
    ASSERT_FALSE(cluster->bootstrap().empty());
    ASSERT_NO_FATAL_FAILURE(publish(cluster->bootstrap()));
  }

  // Waits until the output topics hold at least `count` messages (20 s at most).
  static void wait_outputs(Child& child, const std::string& bootstrap, std::int64_t count,
                           const std::string& name) {
    auto consumer = consumer_for(bootstrap, "test-ends");
    ASSERT_TRUE(consumer);
    const auto deadline = Clock::now() + seconds(20);
    while (sum(ends(*consumer, kOutputs, 1)) < count) {
      ASSERT_TRUE(child.running()) << name << " exited early:\n" << tail_of_log(name);
      ASSERT_LT(Clock::now(), deadline) << name << ": no " << count << " outputs in 20 s";
      std::this_thread::sleep_for(milliseconds(5));
    }
  }

  // SIGTERM; the exit code, or -1 when it did not exit normally within 10 s.
  static int terminate(Child& child, double* seconds_taken = nullptr) {
    const auto started = Clock::now();
    child.signal(SIGTERM);
    while (child.running() && Clock::now() - started < seconds(10)) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    if (seconds_taken != nullptr) {
      *seconds_taken = std::chrono::duration<double>(Clock::now() - started).count();
    }
    if (child.running()) {
      child.kill9();
      child.wait();
      return -1;
    }
    const int status = child.exited_status();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  static std::vector<std::string> export_of(const std::string& name) {
    const std::string path = *shared_ / (name + ".export.jsonl");
    // The configuration start_run() wrote.
    EXPECT_EQ(run({"export", "--config", *shared_ / (name + ".yaml"), "--output", path}), 0);
    std::vector<std::string> lines = read_lines(path);
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  // Every output of the uninterrupted run is there with the same content; no other event is.
  static void expect_reference_outputs(const Outputs& outputs, const std::string& name) {
    std::size_t missing = 0;
    std::size_t different = 0;
    std::string example;
    for (const auto& [id, content] : reference_outputs_.events) {
      const auto it = outputs.events.find(id);
      if (it == outputs.events.end()) {
        if (++missing == 1) example = "missing: " + id;
      } else if (it->second != content) {
        if (++different == 1) example += "\ndiffers: " + content + "\n     vs: " + it->second;
      }
    }
    EXPECT_EQ(missing, 0u) << name << " " << example;
    EXPECT_EQ(different, 0u) << name << " " << example;
    std::string extra;
    for (const auto& [id, content] : outputs.events) {
      if (!reference_outputs_.events.contains(id) && extra.size() < 600) extra += "\n" + content;
    }
    EXPECT_EQ(outputs.events.size(), reference_outputs_.events.size())
        << name << ": output events the uninterrupted run did not make:" << extra;
  }

  static TempDir* shared_;
  static MockClusterProcess* reference_cluster_;
  static std::int64_t inputs_;
  static double reference_seconds_;
  static std::vector<std::string> reference_export_;
  static Outputs reference_outputs_;
};

TempDir* KafkaRunBinary::shared_ = nullptr;
MockClusterProcess* KafkaRunBinary::reference_cluster_ = nullptr;
std::int64_t KafkaRunBinary::inputs_ = 0;
double KafkaRunBinary::reference_seconds_ = 0;
std::vector<std::string> KafkaRunBinary::reference_export_;
Outputs KafkaRunBinary::reference_outputs_;

// The premise of the fault tests: over topics that hold their data, the result does not depend
// on timing (fetches, the tasks' forwards to each other), so a second uninterrupted run on
// another cluster with the same data repeats the first exactly.
TEST_F(KafkaRunBinary, TwoUninterruptedRunsGiveTheSameResult) {
  std::unique_ptr<MockClusterProcess> cluster;
  ASSERT_NO_FATAL_FAILURE(shop_cluster(cluster));
  const std::string bootstrap = cluster->bootstrap();
  Child child = start_run(bootstrap, "again");
  ASSERT_NO_FATAL_FAILURE(wait_caught_up(child, bootstrap, "again"));
  ASSERT_EQ(terminate(child), 0) << tail_of_log("again");
  const std::vector<std::string> again = export_of("again");
  std::size_t differences = 0;
  for (std::size_t i = 0; i < std::min(again.size(), reference_export_.size()); ++i) {
    if (again[i] != reference_export_[i] && ++differences <= 3) {
      ADD_FAILURE() << "got: " << again[i] << "\nwant: " << reference_export_[i];
    }
  }
  EXPECT_EQ(differences, 0u);
  EXPECT_EQ(again.size(), reference_export_.size());
  expect_reference_outputs(read_outputs(bootstrap), "again");
}

TEST_F(KafkaRunBinary, SigkillMidStreamThenRestartEqualsAnUninterruptedRun) {
  std::unique_ptr<MockClusterProcess> cluster;
  ASSERT_NO_FATAL_FAILURE(shop_cluster(cluster));
  const std::string bootstrap = cluster->bootstrap();
  const auto total = static_cast<std::int64_t>(reference_outputs_.events.size());
  ASSERT_EQ(cluster->command("rtt 1 5"), "ok");  // see the file comment
  {
    Child child = start_run(bootstrap, "killed");
    ASSERT_NO_FATAL_FAILURE(wait_outputs(child, bootstrap, 1, "killed"));
    child.kill9();
    const int status = child.wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  }
  auto consumer = consumer_for(bootstrap, "test-ends");
  ASSERT_TRUE(consumer);
  const std::int64_t at_kill = sum(ends(*consumer, kOutputs, 1));
  EXPECT_LT(at_kill, total) << "the run had finished before it was killed";
  std::printf("killed with %lld of %lld outputs delivered\n", static_cast<long long>(at_kill),
              static_cast<long long>(total));

  Child child = start_run(bootstrap, "killed");
  // The read-only export of the running process reaches the uninterrupted run's.
  ASSERT_NO_FATAL_FAILURE(wait_reference_export(child, bootstrap, "killed"));
  ASSERT_EQ(terminate(child), 0) << tail_of_log("killed");
  EXPECT_EQ(export_of("killed"), reference_export_);
  const Outputs outputs = read_outputs(bootstrap);
  expect_reference_outputs(outputs, "killed");
  std::printf("after the restart: %lld output messages, %lld of them repeated copies\n",
              static_cast<long long>(outputs.messages), static_cast<long long>(outputs.duplicates));
  expect_group_at_end(bootstrap, "killed");
}

TEST_F(KafkaRunBinary, BrokerDownAndUpPausesAndResumesByItself) {
  std::unique_ptr<MockClusterProcess> cluster;
  ASSERT_NO_FATAL_FAILURE(shop_cluster(cluster));
  const std::string bootstrap = cluster->bootstrap();
  const auto total = static_cast<std::int64_t>(reference_outputs_.events.size());
  Child child = start_run(bootstrap, "outage");
  ASSERT_NO_FATAL_FAILURE(wait_outputs(child, bootstrap, 1, "outage"));
  ASSERT_EQ(cluster->command("down 1"), "ok");
  // Long enough for the clients to notice: requests time out, connections are refused.
  for (int i = 0; i < 40; ++i) {
    std::this_thread::sleep_for(milliseconds(100));
    ASSERT_TRUE(child.running()) << "exited while the broker was down:\n" << tail_of_log("outage");
  }
  ASSERT_EQ(cluster->command("up 1"), "ok");
  auto consumer = consumer_for(bootstrap, "test-ends");
  ASSERT_TRUE(consumer);
  EXPECT_LT(sum(ends(*consumer, kOutputs, 1)), total) << "the run had finished before the outage";
  ASSERT_NO_FATAL_FAILURE(wait_reference_export(child, bootstrap, "outage"));
  ASSERT_EQ(terminate(child), 0) << tail_of_log("outage");
  EXPECT_EQ(export_of("outage"), reference_export_);
  const Outputs outputs = read_outputs(bootstrap);
  expect_reference_outputs(outputs, "outage");
  std::printf("after the outage: %lld output messages, %lld of them repeated copies\n",
              static_cast<long long>(outputs.messages), static_cast<long long>(outputs.duplicates));
  expect_group_at_end(bootstrap, "outage");
}

// operations.md: SIGTERM shuts run down "within 10 s", also when the broker is down and the
// outputs cannot be flushed nor the offsets committed: those stay durable in the state for the
// next run, which delivers every output once the broker is back.
TEST_F(KafkaRunBinary, SigtermWhileTheBrokerIsDownStillExitsWithinTenSeconds) {
  std::unique_ptr<MockClusterProcess> cluster;
  ASSERT_NO_FATAL_FAILURE(shop_cluster(cluster));
  const std::string bootstrap = cluster->bootstrap();
  {
    Child child = start_run(bootstrap, "down-stop");
    ASSERT_NO_FATAL_FAILURE(wait_outputs(child, bootstrap, 1, "down-stop"));
    ASSERT_EQ(cluster->command("down 1"), "ok");
    std::this_thread::sleep_for(seconds(2));
    double taken = 0;
    const int exit_code = terminate(child, &taken);
    std::printf("SIGTERM with the broker down: exit %d after %.2f s\n", exit_code, taken);
    ASSERT_NE(exit_code, -1) << "still running 10 s after SIGTERM:\n" << tail_of_log("down-stop");
  }
  ASSERT_EQ(cluster->command("up 1"), "ok");
  Child child = start_run(bootstrap, "down-stop");
  ASSERT_NO_FATAL_FAILURE(wait_reference_export(child, bootstrap, "down-stop"));
  ASSERT_EQ(terminate(child), 0) << tail_of_log("down-stop");
  EXPECT_EQ(export_of("down-stop"), reference_export_);
  expect_reference_outputs(read_outputs(bootstrap), "down-stop");
}

TEST_F(KafkaRunBinary, SigtermExitsCleanlyAndARestartRepeatsNothing) {
  std::unique_ptr<MockClusterProcess> cluster;
  ASSERT_NO_FATAL_FAILURE(shop_cluster(cluster));
  const std::string bootstrap = cluster->bootstrap();
  const auto total = static_cast<std::int64_t>(reference_outputs_.events.size());
  ASSERT_EQ(cluster->command("rtt 1 5"), "ok");  // see the file comment
  {
    Child child = start_run(bootstrap, "stopped");
    ASSERT_NO_FATAL_FAILURE(wait_outputs(child, bootstrap, 1, "stopped"));
    double taken = 0;
    ASSERT_EQ(terminate(child, &taken), 0) << tail_of_log("stopped");
    EXPECT_LT(taken, 10.0);
    std::printf("SIGTERM: exit 0 after %.2f s\n", taken);
  }
  const Outputs before = read_outputs(bootstrap);
  EXPECT_EQ(before.duplicates, 0);
  EXPECT_LT(before.messages, total) << "the run had finished before SIGTERM";

  Child child = start_run(bootstrap, "stopped");
  ASSERT_NO_FATAL_FAILURE(wait_reference_export(child, bootstrap, "stopped"));
  ASSERT_EQ(terminate(child), 0) << tail_of_log("stopped");
  EXPECT_EQ(export_of("stopped"), reference_export_);
  const Outputs outputs = read_outputs(bootstrap);
  expect_reference_outputs(outputs, "stopped");
  // A clean stop flushed and acknowledged everything: the restart sends no output twice.
  EXPECT_EQ(outputs.duplicates, 0);
  EXPECT_EQ(outputs.messages, static_cast<std::int64_t>(reference_outputs_.events.size()));
  expect_group_at_end(bootstrap, "stopped");
}

}  // namespace
}  // namespace crm::test
