// `crmstream generate` (operations.md "Command line"): the demo's synthetic shop, published to
// a Kafka cluster as a shop's producer would (kafka/shop_publisher.h) or written to a file of
// JSON lines, for replay, tests and benchmarks.
#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/commands.h"
#include "config/config_loader.h"
#include "config/units.h"
#include "generator/shop_generator.h"
#include "kafka/shop_publisher.h"
#include "kafka/token_bucket.h"

namespace crm {
namespace {

struct GenerateArgs {
  std::string output;
  std::string brokers;
  std::string config_path;
  std::string partitioner;  // empty: the configuration's (murmur2 by default)
  double rate = 0;
  double wrong_partition = 0;
  std::string duration = "365d";
  GeneratorOptions options;
};

std::atomic<bool> g_stop{false};  // set by SIGINT / SIGTERM while publishing
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int) {
  g_stop.store(true);
}

void print_generated(const GeneratorStats& stats, const GenerateArgs& args,
                     std::chrono::steady_clock::time_point started) {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  fmt::print(stderr,
             "generated {} events for {} customers ({} orders, {} malformed, {} duplicates, {} "
             "late) in {:.2f}s\n",
             stats.events, args.options.customers, stats.orders, stats.malformed, stats.duplicates,
             stats.late, elapsed.count());
}

// Writes the stream; returns the exit code.
int write_file(const GenerateArgs& args) {
  const auto started = std::chrono::steady_clock::now();
  const bool to_stdout = args.output == "-";
  std::FILE* file = to_stdout ? stdout : std::fopen(args.output.c_str(), "wb");
  if (file == nullptr) {
    fmt::print(stderr, "crmstream generate: cannot open {}: {}\n", args.output,
               std::strerror(errno));
    return 1;
  }
  // Few large writes: the generator is meant to outrun the pipeline by far. Paced (--rate), each
  // line goes out when it is due, for a reader that follows the file (tail -f | kcat -P).
  std::setvbuf(file, nullptr, args.rate > 0 ? _IOLBF : _IOFBF, 1 << 20);

  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  TokenBucket bucket(args.rate, TokenBucket::Clock::now());
  ShopGenerator generator(args.options);
  GeneratedEvent event;
  bool write_failed = false;
  while (!write_failed && !g_stop.load() && generator.next(event)) {
    for (auto wait = bucket.take(TokenBucket::Clock::now()); wait.count() > 0 && !g_stop.load();
         wait = bucket.take(TokenBucket::Clock::now())) {
      std::this_thread::sleep_for(wait);
    }
    event.json.push_back('\n');
    write_failed = std::fwrite(event.json.data(), 1, event.json.size(), file) != event.json.size();
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  int write_errno = write_failed ? errno : 0;
  if (std::fflush(file) != 0 && write_errno == 0) write_errno = errno;
  if (!to_stdout && std::fclose(file) != 0 && write_errno == 0) write_errno = errno;
  if (write_failed || write_errno != 0) {
    fmt::print(stderr, "crmstream generate: cannot write {}: {}\n", args.output,
               std::strerror(write_errno != 0 ? write_errno : EIO));
    return 1;
  }
  print_generated(generator.stats(), args, started);
  return 0;
}

// The Kafka settings: the configuration file's (or the defaults), then the flags.
std::optional<KafkaConfig> kafka_settings(const GenerateArgs& args) {
  KafkaConfig kafka;
  if (!args.config_path.empty()) {
    try {
      kafka = load_config_file(args.config_path).kafka;
    } catch (const ConfigError& error) {
      fmt::print(stderr, "crmstream generate: {}: {}\n", args.config_path, error.what());
      return std::nullopt;
    }
  }
  if (!args.brokers.empty()) kafka.brokers = args.brokers;
  if (args.partitioner == "crc32") kafka.partitioner = Partitioner::kCrc32;
  if (args.partitioner == "murmur2") kafka.partitioner = Partitioner::kMurmur2;
  return kafka;
}

// Publishes the stream until it ends or a signal stops it; returns the exit code.
int publish(const GenerateArgs& args) {
  const std::optional<KafkaConfig> kafka = kafka_settings(args);
  if (!kafka) return 2;
  PublisherOptions options;
  options.wrong_partition_fraction = args.wrong_partition;
  options.seed = args.options.seed;
  std::unique_ptr<ShopPublisher> publisher;
  if (Status s = ShopPublisher::create(*kafka, options, publisher); !s.is_ok()) {
    fmt::print(stderr, "crmstream generate: {}\n", s.message());
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  ShopGenerator generator(args.options);
  const Status status = publisher->publish(generator, args.rate, g_stop);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  print_generated(generator.stats(), args, started);
  const PublisherStats stats = publisher->stats();
  fmt::print(stderr,
             "published to {} ({}, {}): {} produced, {} delivered, {} failed, {} sent off their "
             "key's partition, queue full {} times{}\n",
             kafka->brokers, kafka->topics.clickstream, kafka->topics.orders, stats.produced,
             stats.delivered, stats.failed, stats.wrong_partition, stats.queue_full,
             g_stop.load() ? " (stopped by a signal)" : "");
  if (!status.is_ok()) {
    fmt::print(stderr, "crmstream generate: {}\n", status.message());
    return 1;
  }
  return 0;
}

}  // namespace

void add_generate_command(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* command = root.add_subcommand(
      "generate",
      "Publish the synthetic shop's clickstream and order events to Kafka, or write them as JSON "
      "lines");
  CLI::Option* output =
      command->add_option("--output", args->output, "File of JSON lines to write ('-': stdout)");
  CLI::Option* brokers =
      command->add_option("--brokers", args->brokers, "Kafka bootstrap servers to publish to")
          ->check(CLI::Validator(
              [](std::string& text) { return text.empty() ? "empty" : std::string(); },
              "HOST:PORT,..."));
  CLI::Option* config = command->add_option(
      "--config", args->config_path,
      "Configuration file for kafka.* (brokers, topic names, partitioner, properties)");
  output->excludes(brokers)->excludes(config);
  command
      ->add_option("--partitioner", args->partitioner,
                   "murmur2 (Java's default) or crc32 (librdkafka's consistent); default: "
                   "kafka.partitioner")
      ->check(CLI::IsMember({"murmur2", "crc32"}))
      ->excludes(output);
  command->add_option("--rate", args->rate, "Events per second at most (0: as fast as possible)")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  command
      ->add_option("--wrong-partition", args->wrong_partition,
                   "Share of keyed messages sent to a partition other than their key's")
      ->check(CLI::Range(0.0, 1.0))
      ->excludes(output)
      ->capture_default_str();
  command->add_option("--customers", args->options.customers, "Number of shoppers")
      ->check(CLI::Range(0, 100'000'000))
      ->capture_default_str();
  // The duration units of the configuration file (config/units.h), so that "90d" means the same
  // on the command line as in YAML.
  command
      ->add_option("--duration", args->duration,
                   "Span of event time from 2025-01-01T00:00:00Z: 90d, 12h, 30m")
      ->check(CLI::Validator(
          [](std::string& text) {
            const std::optional<TimeMs> duration = parse_duration(text);
            return duration && *duration > 0 ? std::string()
                                             : "not a positive duration such as 90d: " + text;
          },
          "DURATION"))
      ->capture_default_str();
  command
      ->add_option("--events", args->options.max_events,
                   "Stop after this many events (0: at the end of the duration)")
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()))
      ->capture_default_str();
  command->add_option("--seed", args->options.seed, "Seed: the same seed, the same bytes")
      ->capture_default_str();
  command->callback([args, command, &exit_code] {
    if (command->count("--output") + command->count("--brokers") + command->count("--config") ==
        0) {
      fmt::print(stderr, "crmstream generate: one of --output or --brokers is required\n");
      exit_code = 2;
      return;
    }
    args->options.duration = *parse_duration(args->duration);  // checked above
    exit_code = command->count("--output") > 0 ? write_file(*args) : publish(*args);
  });
}

}  // namespace crm
