// `crmstream replay --config FILE --input F.jsonl ... [--output DIR] [--dead-letters]`
// (operations.md): the pipeline over files of JSON lines, one task, outputs as one JSONL file
// per output topic in DIR, or without --output to the output topics on kafka.brokers (the
// idempotent producer `run` uses). Resumable: a re-run continues after the last committed line.
#include <chrono>
#include <functional>
#include <iostream>
#include <memory>

#include "app/command_support.h"
#include "app/commands.h"
#include "kafka/kafka_events.h"
#include "pipeline/file_replay.h"
#include "sinks/jsonl_outbox_sink.h"
#include "sinks/kafka_outbox_sink.h"

namespace crm {
namespace {

struct ReplayArguments {
  std::string config_path;
  std::string output_dir;
  FileReplayOptions replay;
};

OutputTopicNames topic_names(const Config& config) {
  return {config.kafka.topics.segment_changes, config.kafka.topics.churn_risk,
          config.kafka.topics.triggers, config.kafka.topics.dead_letter};
}

// Unacknowledged outputs before the replay waits for the broker (as `run`'s default).
constexpr std::size_t kMaxInFlight = 20000;
// How long the last outputs may take to be acknowledged; past it the replay stops with them
// still in the outbox, for a re-run to deliver.
constexpr std::chrono::minutes kKafkaDrainWait{5};

// Hands a batch's outputs to the producer without waiting for their acknowledgements, unless
// kMaxInFlight are unacknowledged: then it waits until all of the outbox is handed over.
Status send_to_kafka(KafkaOutboxSink& kafka, StateStore& store, const TaskEngine& engine) {
  while (true) {
    const Status sent =
        kafka.send(store, engine.task(), engine.next_outbox_sequence(), kMaxInFlight);
    if (!sent.is_ok()) return sent;
    // Below the bound, send() handed over every entry there is.
    const bool all_sent = kafka.in_flight() < kMaxInFlight;
    const auto wait = std::chrono::milliseconds(all_sent ? 0 : 100);
    if (Status s = kafka.poll(store, wait); !s.is_ok() || all_sent) return s;
  }
}

int replay(const Config& config, const ReplayArguments& args) {
  std::unique_ptr<StateStore> store = open_state(config, OpenMode::kReadWrite);
  SystemClock wall;
  TaskEngine engine(*store, config, wall, TaskEngineOptions{});
  check(engine.open(), "cannot read the task state");
  // Outputs go to one JSONL file per topic in --output, or without it to the output topics.
  std::unique_ptr<JsonlOutboxSink> files;
  KafkaEvents kafka_events;  // the producer's errors and logs, in crmstream's log format
  std::unique_ptr<KafkaOutboxSink> kafka;
  std::function<Status()> deliver;
  if (!args.output_dir.empty()) {
    files = std::make_unique<JsonlOutboxSink>(args.output_dir, topic_names(config));
    deliver = [&] { return files->drain(*store, engine.task()); };
  } else {
    check(KafkaOutboxSink::create(config, nullptr, &kafka_events, kafka),
          "cannot create the producer of the outputs");
    deliver = [&] { return send_to_kafka(*kafka, *store, engine); };
  }
  // Waits for every output to be acknowledged.
  const auto drain_kafka = [&] {
    return kafka->drain(*store, engine.task() + 1,
                        std::chrono::steady_clock::now() + kKafkaDrainWait);
  };
  // Outputs committed by an interrupted run go out before any new input.
  check(kafka ? drain_kafka() : deliver(), "cannot deliver outputs");
  check(replay_files(engine, args.replay, deliver), "replay failed");
  if (kafka) check(drain_kafka(), "cannot deliver outputs");
  const TaskStats& stats = engine.stats();
  std::cerr << "crmstream replay: " << stats.events_applied << " events applied, "
            << stats.duplicates << " duplicates, " << stats.rejected << " dead letters, "
            << (files ? files->delivered() : kafka->delivered()) << " outputs "
            << (files ? "written to " + args.output_dir : "delivered to " + config.kafka.brokers)
            << "\n";
  check(store->close(), "cannot close the state");
  return 0;
}

}  // namespace

void add_replay_command(CLI::App& root, int& exit_code) {
  CLI::App* command =
      root.add_subcommand("replay", "Run the pipeline over files of JSON lines (backfill, tests)");
  auto args = std::make_shared<ReplayArguments>();
  command->add_option("--config", args->config_path, "The YAML configuration file")->required();
  command->add_option("--input", args->replay.inputs, "Files of JSON lines, replayed in order")
      ->required();
  command->add_option("--output", args->output_dir,
                      "Directory for one JSONL file per output topic (without it: the output "
                      "topics on kafka.brokers)");
  command->add_flag("--dead-letters", args->replay.dead_letters,
                    "The inputs are dead-letter records: replay their original bytes");
  command->add_option("--batch-size", args->replay.batch_size, "Lines per atomic batch")
      ->check(CLI::Range(1, 1 << 20));
  command->callback([args, &exit_code] {
    exit_code = run_command("replay", args->config_path,
                            [&](const Config& config) { return replay(config, *args); });
  });
}

}  // namespace crm
