// `crmstream demo` (operations.md): the embedded default. Starts librdkafka's mock cluster in
// this process (real Kafka protocol on loopback), creates the topics, publishes the synthetic
// shop to it as a producer would (murmur2 keys, paced by --rate), and runs the same pipeline,
// state and HTTP listener as `crmstream run`, showing progress on the terminal and where to
// look (bootstrap address for kcat, metrics URL). It ends when the shop's history is processed
// and delivered, when --duration has passed, or on Ctrl-C / SIGTERM.
//
// The mock cluster keeps at most 5 MiB per partition and drops the oldest beyond: the default
// rate and partition count keep the pipeline's lag far below that.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <thread>

#include "app/command_support.h"
#include "app/commands.h"
#include "app/population_table.h"
#include "app/service_process.h"
#include "app/trigger_sampler.h"
#include "config/units.h"
#include "generator/shop_generator.h"
#include "kafka/mock_cluster.h"
#include "kafka/shop_publisher.h"
#include "kafka/topic_reader.h"
#include "observability/logging.h"
#include "state/count_value.h"

namespace crm {
namespace {

struct DemoArguments {
  int customers = 1000;
  int days = 365;
  std::int64_t events = 0;  // 0: the whole history
  double rate = 10000;
  std::string duration = "0s";
  int partitions = 8;
  std::string listen = "127.0.0.1:9464";
  std::uint64_t seed = 1;
  std::string dir;
};

// Every task's population counts added up, under the names population_table() reads.
PopulationCounts all_population_counts(const StateStore& store) {
  PopulationCounts totals;
  RangeIterator it = store.scan(Family::kCounts, KeyRange{}, /*fill_cache=*/false);
  for (; it.valid(); it.next()) {
    NamedKeyParts parts;
    std::int64_t value = 0;
    if (!decode_named_key(it.key(), parts).is_ok() ||
        !decode_count_value(it.value(), value).is_ok()) {
      continue;
    }
    totals[std::string(parts.name)] += value;
  }
  return totals;
}

void print_sample_triggers(const std::string& bootstrap, const std::string& topic) {
  std::unique_ptr<TopicReader> reader;
  if (!TopicReader::open(bootstrap, {topic}, reader).is_ok()) return;
  std::cout << "\nA sample of " << topic << ":\n";
  (void)reader->read(3, std::chrono::seconds(3), [](const RdKafka::Message& message) {
    std::cout << "  "
              << std::string_view(static_cast<const char*>(message.payload()), message.len())
              << "\n";
  });
}

int demo(const DemoArguments& args) {
  Config config;
  const std::string dir =
      args.dir.empty()
          ? (std::filesystem::temp_directory_path() / fmt::format("crmstream-demo-{}", ::getpid()))
                .string()
          : args.dir;
  config.state.dir = dir + "/state";
  config.http.listen = args.listen;
  config.log.level = "warn";  // the terminal shows progress lines instead
  configure_logging(config.log);
  std::filesystem::remove_all(config.state.dir);

  std::unique_ptr<MockCluster> cluster;
  check(MockCluster::start(1, cluster), "cannot start the embedded Kafka cluster");
  config.kafka.brokers = cluster->bootstrap();
  const KafkaTopics& topics = config.kafka.topics;
  for (const std::string* topic : {&topics.clickstream, &topics.orders, &topics.segment_changes,
                                   &topics.churn_risk, &topics.triggers, &topics.dead_letter}) {
    check(cluster->create_topic(*topic, args.partitions), "cannot create topic " + *topic);
  }

  std::unique_ptr<StateStore> store = open_state(config, OpenMode::kReadWrite);
  auto process = std::make_unique<ServiceProcess>(config, *store);
  process->start_http();

  GeneratorOptions generator_options;
  generator_options.customers = args.customers;
  generator_options.seed = args.seed;
  generator_options.duration = args.days * kDayMs;
  generator_options.max_events = args.events;
  ShopGenerator generator(generator_options);
  std::unique_ptr<ShopPublisher> publisher;
  check(ShopPublisher::create(config.kafka, PublisherOptions{}, publisher),
        "cannot create the shop's producer");

  std::cout << fmt::format(
      "crmstream demo: {} shoppers, {} days of shop traffic at {} events/s (seed {})\n"
      "  kafka    {}  ({} partitions per topic)   watch: kcat -b {} -C -t {}\n"
      "  http     http://{}/metrics  /healthz  /readyz  /v1/segments  /v1/customers/cust-1\n"
      "  state    {}\n\n",
      args.customers, args.days, args.rate, args.seed, cluster->bootstrap(), args.partitions,
      cluster->bootstrap(), topics.segment_changes, process->http().url(), config.state.dir);
  std::cout.flush();

  std::atomic<bool> stop_publishing{false};
  std::atomic<bool> published_all{false};
  Status publish_status;
  std::thread producer([&] {
    publish_status = publisher->publish(generator, args.rate, stop_publishing);
    published_all = true;
  });

  const auto started = std::chrono::steady_clock::now();
  const TimeMs wall_limit = *parse_duration(args.duration);  // checked by the option
  std::int64_t last_consumed = 0;
  auto last_report = started;
  // The populations and the latest trigger every few progress lines (about seconds): the
  // populations are a scan of the counts family.
  constexpr int kSegmentsEvery = 5;
  constexpr std::size_t kTriggerShown = 150;  // bytes of its JSON, on one terminal line or two
  const TriggerSampler triggers(cluster->bootstrap(), topics.triggers);
  int reports = 0;
  process->pipeline().on_progress([&](const PipelineProgress& progress) {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_report).count();
    const std::int64_t published = publisher->stats().delivered;
    // Delivery reports may reach the publisher after the pipeline consumed the message.
    const std::int64_t lag = std::max<std::int64_t>(published - progress.consumed, 0);
    std::cout << fmt::format(
        "  {:>8} published {:>8} consumed {:>7.0f} events/s  lag {:>6}  forwarded {:>6}  dead "
        "letters {:>4}  outputs {:>7}\n",
        published, progress.consumed, (progress.consumed - last_consumed) / std::max(seconds, 1e-3),
        lag, progress.forwarded, progress.rejected, progress.delivered);
    if (++reports % kSegmentsEvery == 0) {
      const PopulationCounts counts = all_population_counts(*store);
      std::cout << "  segments  " << population_line(counts, "rfm_segment") << "\n"
                << "            " << population_line(counts, "churn_risk") << "\n";
      const TriggerSampler::Sample sample = triggers.sample();
      if (sample.seen > 0) {
        const bool cut = sample.latest.size() > kTriggerShown;
        std::cout << fmt::format("  triggers  {} so far, latest: {}{}\n", sample.seen,
                                 sample.latest.substr(0, kTriggerShown), cut ? "..." : "");
      }
      if (!sample.stopped.empty()) {
        std::cout << "  triggers  no longer shown: " << sample.stopped << "\n";
      }
    }
    std::cout.flush();
    last_consumed = progress.consumed;
    last_report = now;
    const bool caught_up = published_all && progress.consumed >= published &&
                           progress.buffered == 0 && progress.in_flight == 0;
    const bool time_up = wall_limit > 0 && now - started >= std::chrono::milliseconds(wall_limit);
    if (caught_up || time_up) process->stop();
  });
  const Status status = process->run();
  stop_publishing = true;
  producer.join();

  std::cout << "\nPopulations (all tasks):\n" << population_table(all_population_counts(*store));
  print_sample_triggers(cluster->bootstrap(), topics.triggers);
  process.reset();
  check(store->close(), "cannot close the state");
  if (!status.is_ok()) throw CommandFailure(status.to_string());
  if (!publish_status.is_ok() && !stop_publishing) throw CommandFailure(publish_status.to_string());
  std::cout << fmt::format("\nState kept in {}; export it with `crmstream export` (state.dir).\n",
                           config.state.dir);
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& root, int& exit_code) {
  CLI::App* command = root.add_subcommand(
      "demo", "Run the synthetic shop through an embedded Kafka cluster and the pipeline");
  auto args = std::make_shared<DemoArguments>();
  command->add_option("--customers", args->customers, "Shoppers in the synthetic shop")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  command->add_option("--days", args->days, "Days of shop history to generate")
      ->check(CLI::Range(1, 36500))
      ->capture_default_str();
  command
      ->add_option("--events", args->events,
                   "Stop the shop after this many events (0: at the end of its days)")
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()))
      ->capture_default_str();
  command->add_option("--rate", args->rate, "Events per second published (0: as fast as possible)")
      ->check(CLI::Range(0.0, 1e7))
      ->capture_default_str();
  command
      ->add_option("--duration", args->duration,
                   "Stop after this much wall time (0s: when the history is processed)")
      ->check(CLI::Validator(
          [](std::string& text) {
            const std::optional<TimeMs> duration = parse_duration(text);
            return duration && *duration >= 0 ? std::string() : "not a duration such as 60s";
          },
          "DURATION"))
      ->capture_default_str();
  command->add_option("--partitions", args->partitions, "Partitions per topic (= tasks)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command->add_option("--listen", args->listen, "HTTP listener (host:port; port 0: any free)")
      ->check(CLI::Validator(
          [](std::string& text) {
            return is_listen_address(text) ? std::string() : "not host:port such as 127.0.0.1:9464";
          },
          "HOST:PORT"))
      ->capture_default_str();
  command->add_option("--seed", args->seed, "Seed of the synthetic shop")->capture_default_str();
  command->add_option("--dir", args->dir, "Where the state goes (default: a temp dir)");
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
