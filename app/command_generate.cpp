// `crmstream generate` (operations.md "Command line"): the demo's synthetic shop written to a
// file of JSON lines, for replay, tests and benchmarks. Publishing to Kafka comes with the Kafka
// sink.
#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "app/commands.h"
#include "config/units.h"
#include "generator/shop_generator.h"

namespace crm {
namespace {

struct GenerateArgs {
  std::string output;
  std::string duration = "365d";
  GeneratorOptions options;
};

// Writes the stream; returns the exit code.
int run_generate(const GenerateArgs& args) {
  const auto started = std::chrono::steady_clock::now();
  const bool to_stdout = args.output == "-";
  std::FILE* file = to_stdout ? stdout : std::fopen(args.output.c_str(), "wb");
  if (file == nullptr) {
    fmt::print(stderr, "crmstream generate: cannot open {}: {}\n", args.output,
               std::strerror(errno));
    return 1;
  }
  // Few large writes: the generator is meant to outrun the pipeline by far.
  std::setvbuf(file, nullptr, _IOFBF, 1 << 20);

  ShopGenerator generator(args.options);
  GeneratedEvent event;
  bool write_failed = false;
  while (!write_failed && generator.next(event)) {
    event.json.push_back('\n');
    write_failed = std::fwrite(event.json.data(), 1, event.json.size(), file) != event.json.size();
  }
  int write_errno = write_failed ? errno : 0;
  if (std::fflush(file) != 0 && write_errno == 0) write_errno = errno;
  if (!to_stdout && std::fclose(file) != 0 && write_errno == 0) write_errno = errno;
  if (write_failed || write_errno != 0) {
    fmt::print(stderr, "crmstream generate: cannot write {}: {}\n", args.output,
               std::strerror(write_errno != 0 ? write_errno : EIO));
    return 1;
  }

  const GeneratorStats& stats = generator.stats();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  fmt::print(stderr,
             "generated {} events for {} customers ({} orders, {} malformed, {} duplicates, {} "
             "late) in {:.2f}s\n",
             stats.events, args.options.customers, stats.orders, stats.malformed, stats.duplicates,
             stats.late, elapsed.count());
  return 0;
}

}  // namespace

void add_generate_command(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* command = root.add_subcommand(
      "generate", "Write the synthetic shop's clickstream and order events as JSON lines");
  command->add_option("--output", args->output, "File of JSON lines to write ('-': stdout)")
      ->required();
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
  command->callback([args, &exit_code] {
    args->options.duration = *parse_duration(args->duration);  // checked above
    exit_code = run_generate(*args);
  });
}

}  // namespace crm
