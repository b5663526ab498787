// operations.md "Guarantees" through the real binary: a replay killed with SIGKILL at any
// instant and re-run gives the export and outputs of an uninterrupted run (duplicates only as
// exact copies of an event already delivered); two replays of the same input give the same
// outputs apart from emitted_at / received_at; dead-letter records replay their original bytes;
// without --output the outputs go to the output topics (operations.md: "or to Kafka if
// configured").
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <limits>
#include <map>
#include <set>

#include "kafka/topic_reader.h"
#include "tests/binary/mock_cluster_process.h"
#include "tests/binary/process.h"
#include "tests/state/temp_dir.h"

namespace crm::test {
namespace {

const std::vector<std::string> kTopics = {"crm.segment-changes", "crm.churn-risk", "crm.triggers",
                                          "crm.dead-letter"};

std::string event_id_of(const std::string& line) {
  const std::string needle = "\"event_id\":\"";
  const std::size_t begin = line.find(needle) + needle.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

class ReplayBinary : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new TempDir();
    // Enough traffic for a replay of a few seconds, so that kills land mid-stream.
    ASSERT_EQ(run({"generate", "--output", input(), "--customers", "1500", "--duration", "365d",
                   "--seed", "7"}),
              0);
    ASSERT_EQ(replay_to_end("reference"), 0);
    ASSERT_EQ(run({"export", "--config", config_for("reference"), "--output",
                   *shared_ / "reference.export.jsonl"}),
              0);
  }
  static void TearDownTestSuite() { delete shared_; }

  static std::string input() { return *shared_ / "input.jsonl"; }
  static std::string out_dir(const std::string& name) { return *shared_ / (name + ".out"); }

  // A configuration whose state lives in its own directory.
  static std::string config_for(const std::string& name) {
    const std::string path = *shared_ / (name + ".yaml");
    std::ofstream(path) << "state:\n  dir: " << (*shared_ / (name + ".state"))
                        << "\n  memory_budget: 64MiB\n";
    return path;
  }
  static std::vector<std::string> replay_args(const std::string& name) {
    return {"replay",   "--config",    config_for(name), "--input", input(),
            "--output", out_dir(name), "--batch-size",   "256"};
  }
  static int replay_to_end(const std::string& name) { return run(replay_args(name)); }

  static std::vector<std::string> outputs(const std::string& name, const std::string& topic) {
    return read_lines(out_dir(name) + "/" + topic + ".jsonl");
  }

  static TempDir* shared_;
};

TempDir* ReplayBinary::shared_ = nullptr;

TEST_F(ReplayBinary, ReferenceRunHasTimeCausedChangesAndBothTriggers) {
  bool time_caused = false;
  for (const std::string& line : outputs("reference", "crm.segment-changes")) {
    time_caused = time_caused || line.find(R"("cause":{"kind":"time"})") != std::string::npos;
  }
  EXPECT_TRUE(time_caused);
  std::set<std::string> trigger_types;
  for (const std::string& line : outputs("reference", "crm.triggers")) {
    for (const char* type : {"cart_abandoned", "payment_reminder"}) {
      if (line.find(std::string(R"("type":")") + type + "\"") != std::string::npos) {
        trigger_types.insert(type);
      }
    }
  }
  EXPECT_EQ(trigger_types, (std::set<std::string>{"cart_abandoned", "payment_reminder"}));
  EXPECT_FALSE(outputs("reference", "crm.dead-letter").empty());
}

TEST_F(ReplayBinary, TwoReplaysGiveTheSameOutputsApartFromWallClockFields) {
  ASSERT_EQ(replay_to_end("second"), 0);
  for (const std::string& topic : kTopics) {
    const std::vector<std::string> a = outputs("reference", topic);
    const std::vector<std::string> b = outputs("second", topic);
    ASSERT_EQ(a.size(), b.size()) << topic;
    for (std::size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(without_wall_clock(a[i]), without_wall_clock(b[i])) << topic << " line " << i;
    }
  }
}

TEST_F(ReplayBinary, ARerunOfAFinishedReplayAppliesNothingTwice) {
  ASSERT_EQ(replay_to_end("rerun"), 0);
  const std::size_t before = outputs("rerun", "crm.segment-changes").size();
  ASSERT_EQ(replay_to_end("rerun"), 0);
  EXPECT_EQ(outputs("rerun", "crm.segment-changes").size(), before);
  const std::string exported = *shared_ / "rerun.export.jsonl";
  ASSERT_EQ(run({"export", "--config", config_for("rerun"), "--output", exported}), 0);
  EXPECT_EQ(read_lines(exported), read_lines(*shared_ / "reference.export.jsonl"));
}

// Kills at about a fifth, half and four fifths of the way, by the size of the output.
TEST_F(ReplayBinary, SigkillAtAnyPointThenRerunEqualsAnUninterruptedRun) {
  const std::uintmax_t full =
      file_size_or_zero(out_dir("reference") + "/crm.segment-changes.jsonl");
  ASSERT_GT(full, 0u);
  for (const double fraction : {0.2, 0.5, 0.8}) {
    const std::string name = "killed-" + std::to_string(static_cast<int>(fraction * 100));
    {
      Child child(replay_args(name));
      const std::string watched = out_dir(name) + "/crm.segment-changes.jsonl";
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
      while (child.running() && file_size_or_zero(watched) < full * fraction &&
             std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      ASSERT_TRUE(child.running()) << name << ": finished before it could be killed";
      child.kill9();
      const int status = child.wait();
      ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << name;
    }
    ASSERT_EQ(replay_to_end(name), 0) << name;

    const std::string exported = *shared_ / (name + ".export.jsonl");
    ASSERT_EQ(run({"export", "--config", config_for(name), "--output", exported}), 0);
    EXPECT_EQ(read_lines(exported), read_lines(*shared_ / "reference.export.jsonl")) << name;

    for (const std::string& topic : kTopics) {
      // At least once: a repeated line is a copy of one delivered before (same id, same
      // content); the first copies, in order, are the uninterrupted run's lines.
      std::map<std::string, std::string> seen;
      std::vector<std::string> first_copies;
      for (const std::string& line : outputs(name, topic)) {
        const std::string content = without_wall_clock(line);
        const auto [it, fresh] = seen.emplace(event_id_of(line), content);
        if (fresh) {
          first_copies.push_back(content);
        } else {
          EXPECT_EQ(it->second, content)
              << name << " " << topic << ": a different event reused an id";
        }
      }
      std::vector<std::string> expected;
      for (const std::string& line : outputs("reference", topic)) {
        expected.push_back(without_wall_clock(line));
      }
      EXPECT_EQ(first_copies, expected) << name << " " << topic;
    }
  }
}

TEST_F(ReplayBinary, DeadLetterRecordsReplayTheirOriginalBytes) {
  const std::vector<std::string> letters = outputs("reference", "crm.dead-letter");
  ASSERT_FALSE(letters.empty());
  ASSERT_EQ(run({"replay", "--config", config_for("letters"), "--input",
                 out_dir("reference") + "/crm.dead-letter.jsonl", "--output", out_dir("letters"),
                 "--dead-letters"}),
            0);
  // Still malformed, so each is dead-lettered again: with the same reason and the same bytes,
  // except a too_large message, whose original is not kept (outputs.md): it cannot be replayed.
  const std::vector<std::string> again = outputs("letters", "crm.dead-letter");
  ASSERT_EQ(again.size(), letters.size());
  const auto field = [](const std::string& line, const std::string& name) {
    const std::string needle = "\"" + name + "\":";
    const std::size_t begin = line.find(needle) + needle.size();
    return line.substr(begin, line.find_first_of(",}", begin) - begin);
  };
  std::size_t replayed = 0;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (letters[i].find(R"("truncated":true)") != std::string::npos) continue;
    ++replayed;
    EXPECT_EQ(field(again[i], "reason"), field(letters[i], "reason")) << "record " << i;
    EXPECT_TRUE(field(again[i], "payload_base64") == field(letters[i], "payload_base64"))
        << "record " << i << " did not keep its original bytes";
  }
  EXPECT_GT(replayed, 0u);
}

// A replay's configuration with kafka.brokers and its own state.
std::string kafka_config(const TempDir& dir, const std::string& name, const std::string& brokers) {
  const std::string path = dir / (name + ".yaml");
  std::ofstream(path) << "state:\n  dir: " << (dir / (name + ".state"))
                      << "\n  memory_budget: 64MiB\nkafka:\n  brokers: \"" << brokers << "\"\n";
  return path;
}

// The event ids on `topic`: at least `count` of them, then whatever else comes within 1 s
// (repeats after a crash).
std::multiset<std::string> ids_on(const std::string& bootstrap, const std::string& topic,
                                  std::size_t count) {
  std::multiset<std::string> ids;
  std::unique_ptr<TopicReader> reader;
  EXPECT_TRUE(TopicReader::open(bootstrap, {topic}, reader).is_ok());
  if (!reader) return ids;
  const auto keep = [&ids](const RdKafka::Message& m) {
    ids.insert(event_id_of(std::string(static_cast<const char*>(m.payload()), m.len())));
  };
  EXPECT_TRUE(
      reader->read(static_cast<std::int64_t>(count), std::chrono::seconds(30), keep).is_ok());
  EXPECT_TRUE(reader->read(std::numeric_limits<std::int64_t>::max(), std::chrono::seconds(1), keep)
                  .is_ok());
  return ids;
}

std::multiset<std::string> reference_ids(const std::vector<std::string>& lines) {
  std::multiset<std::string> ids;
  for (const std::string& line : lines) ids.insert(event_id_of(line));
  return ids;
}

// Output topics of 4 partitions: the mock keeps at most 5 MiB of each.
const std::vector<std::string> kOutputCluster = {"--partitions", "1", "--output-partitions", "4"};

TEST_F(ReplayBinary, WithoutOutputItDeliversTheSameOutputsToKafka) {
  MockClusterProcess cluster(kOutputCluster);
  ASSERT_FALSE(cluster.bootstrap().empty());
  const std::string config = kafka_config(*shared_, "to-kafka", cluster.bootstrap());
  ASSERT_EQ(run({"replay", "--config", config, "--input", input(), "--batch-size", "256"}), 0);
  for (const std::string& topic : kTopics) {
    const std::multiset<std::string> expected = reference_ids(outputs("reference", topic));
    EXPECT_EQ(ids_on(cluster.bootstrap(), topic, expected.size()), expected) << topic;
  }
}

// Killed mid-stream and re-run: every output reaches Kafka, a repeat only of an id delivered
// before (outputs committed by the killed run go out before new input).
TEST_F(ReplayBinary, ToKafkaKilledThenRerunDeliversEveryOutput) {
  MockClusterProcess cluster(kOutputCluster);
  ASSERT_FALSE(cluster.bootstrap().empty());
  const std::string config = kafka_config(*shared_, "to-kafka-killed", cluster.bootstrap());
  const std::vector<std::string> args = {"replay", "--config",     config, "--input",
                                         input(),  "--batch-size", "256"};
  {
    // Killed once a fifth of the segment changes is on the topic.
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    ASSERT_EQ(conf->set("bootstrap.servers", cluster.bootstrap(), error), RdKafka::Conf::CONF_OK);
    std::unique_ptr<RdKafka::Producer> handle(RdKafka::Producer::create(conf.get(), error));
    ASSERT_TRUE(handle) << error;
    const auto delivered_changes = [&handle] {
      std::int64_t total = 0;
      for (std::int32_t partition = 0; partition < 4; ++partition) {
        std::int64_t low = 0;
        std::int64_t high = 0;
        if (handle->query_watermark_offsets("crm.segment-changes", partition, &low, &high, 1000) ==
            RdKafka::ERR_NO_ERROR) {
          total += high;
        }
      }
      return total;
    };
    const auto fifth =
        static_cast<std::int64_t>(outputs("reference", "crm.segment-changes").size() / 5);
    Child child(args);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (child.running() && delivered_changes() < fifth &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(child.running()) << "finished before it could be killed";
    child.kill9();
    const int status = child.wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  }
  ASSERT_EQ(run(args), 0);
  for (const std::string& topic : kTopics) {
    const std::multiset<std::string> expected = reference_ids(outputs("reference", topic));
    const std::multiset<std::string> delivered =
        ids_on(cluster.bootstrap(), topic, expected.size());
    EXPECT_EQ(std::set<std::string>(delivered.begin(), delivered.end()),
              std::set<std::string>(expected.begin(), expected.end()))
        << topic;
    EXPECT_GE(delivered.size(), expected.size()) << topic;
  }
}

}  // namespace
}  // namespace crm::test
