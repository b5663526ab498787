// `crmstream replay --config FILE --input F.jsonl ... --output DIR [--dead-letters]`
// (operations.md): the pipeline over files of JSON lines, one task, outputs as one JSONL file
// per output topic in DIR. Resumable: a re-run continues after the last committed line.
#include <iostream>
#include <memory>

#include "app/command_support.h"
#include "app/commands.h"
#include "pipeline/file_replay.h"
#include "sinks/jsonl_outbox_sink.h"

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

int replay(const Config& config, const ReplayArguments& args) {
  std::unique_ptr<StateStore> store = open_state(config, OpenMode::kReadWrite);
  SystemClock wall;
  TaskEngine engine(*store, config, wall, TaskEngineOptions{});
  check(engine.open(), "cannot read the task state");
  JsonlOutboxSink sink(args.output_dir, topic_names(config));
  // Outputs committed by an interrupted run go out before any new input.
  check(sink.drain(*store, engine.task()), "cannot deliver outputs");
  check(replay_files(engine, args.replay, [&] { return sink.drain(*store, engine.task()); }),
        "replay failed");
  const TaskStats& stats = engine.stats();
  std::cerr << "crmstream replay: " << stats.events_applied << " events applied, "
            << stats.duplicates << " duplicates, " << stats.rejected << " dead letters, "
            << sink.delivered() << " outputs written to " << args.output_dir << "\n";
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
  command->add_option("--output", args->output_dir, "Directory for one JSONL file per output topic")
      ->required();
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
