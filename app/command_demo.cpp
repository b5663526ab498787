// `crmstream demo` (operations.md): the synthetic shop's traffic through the whole pipeline,
// with live progress and the resulting segment populations. Until the Kafka work lands the
// events go straight from the generator into the task engine (the same decode, fold, RocksDB
// state and outbox as `replay`), and outputs to JSONL files.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/command_support.h"
#include "app/commands.h"
#include "app/population_table.h"
#include "generator/shop_generator.h"
#include "pipeline/task_engine.h"
#include "sinks/jsonl_outbox_sink.h"

namespace crm {
namespace {

struct DemoArguments {
  int customers = 2000;
  std::string duration = "365";
  std::uint64_t seed = 1;
  std::string dir;
};

constexpr std::size_t kBatchSize = 2048;

int demo(const DemoArguments& args) {
  Config config;
  const std::string dir =
      args.dir.empty()
          ? (std::filesystem::temp_directory_path() / fmt::format("crmstream-demo-{}", ::getpid()))
                .string()
          : args.dir;
  config.state.dir = dir + "/state";
  std::filesystem::remove_all(config.state.dir);
  std::unique_ptr<StateStore> store = open_state(config, OpenMode::kReadWrite);
  SystemClock wall;
  TaskEngine engine(*store, config, wall, TaskEngineOptions{});
  check(engine.open(), "cannot read the task state");
  JsonlOutboxSink sink(dir + "/outputs",
                       {config.kafka.topics.segment_changes, config.kafka.topics.churn_risk,
                        config.kafka.topics.triggers, config.kafka.topics.dead_letter});

  GeneratorOptions options;
  options.customers = args.customers;
  options.seed = args.seed;
  options.duration = std::stoll(args.duration) * kDayMs;
  ShopGenerator generator(options);
  std::cout << fmt::format(
      "crmstream demo: {} shoppers, {} days of shop traffic (seed {})\n  state   {}\n  outputs "
      "{}/outputs/*.jsonl\n\n",
      args.customers, args.duration, args.seed, config.state.dir, dir);

  std::vector<GeneratedEvent> events(kBatchSize);
  std::vector<InputRecord> records;
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  std::int64_t total = 0;
  bool more = true;
  while (more) {
    records.clear();
    std::size_t used = 0;
    while (used < kBatchSize && (more = generator.next(events[used]))) {
      const GeneratedEvent& event = events[used++];
      records.push_back({event.json, event.key, FilePosition{"demo", ++total}});
    }
    check(engine.process(records, {}), "pipeline failed");
    check(sink.drain(*store, engine.task()), "cannot deliver outputs");
    const auto now = std::chrono::steady_clock::now();
    if (now - last_report >= std::chrono::seconds(1) || !more) {
      const double seconds = std::chrono::duration<double>(now - started).count();
      const TaskStats& stats = engine.stats();
      std::cout << fmt::format(
          "  {:>9} events  {:>8.0f} events/s  clock {}  dead letters {}  duplicates {}  "
          "outputs {}\n",
          total, total / std::max(seconds, 1e-9), format_rfc3339_ms(engine.clock()), stats.rejected,
          stats.duplicates, sink.delivered());
      last_report = now;
    }
  }
  std::cout << "\nPopulations at the stream clock:\n" << population_table(engine.counts().values());
  std::cout << fmt::format(
      "\nWatch the outputs: tail {0}/outputs/crm.segment-changes.jsonl "
      "{0}/outputs/crm.triggers.jsonl\n",
      dir);
  check(store->close(), "cannot close the state");
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& root, int& exit_code) {
  CLI::App* command = root.add_subcommand(
      "demo", "Run the synthetic shop through the pipeline and show the segment populations");
  auto args = std::make_shared<DemoArguments>();
  command->add_option("--customers", args->customers, "Shoppers in the synthetic shop")
      ->check(CLI::Range(1, 10'000'000));
  command->add_option("--days", args->duration, "Days of shop history to generate")
      ->check(CLI::PositiveNumber);
  command->add_option("--seed", args->seed, "Seed of the synthetic shop");
  command->add_option("--dir", args->dir, "Where state and outputs go (default: a temp dir)");
  command->callback([args, &exit_code] {
    try {
      exit_code = demo(*args);
    } catch (const std::exception& error) {
      std::cerr << "crmstream demo: " << error.what() << "\n";
      exit_code = 1;
    }
  });
}

}  // namespace crm
