// `crmstream export --config FILE [--format jsonl|csv] [--where field=value ...] [--output FILE]
// [--summary]` (operations.md): the profiles of the state directory, or with --summary the
// population and KPI counts, through a read-only view, so it works while `run` holds the
// directory. With --output the file appears whole or not at all: it is written beside its
// final name and renamed when complete, so a reader never takes a cut-off export for all.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/command_support.h"
#include "app/commands.h"
#include "pipeline/population_summary.h"
#include "pipeline/profile_export.h"

namespace crm {
namespace {

struct ExportArguments {
  std::string config_path;
  std::string format = "jsonl";
  std::vector<std::string> where;
  std::string output;
  bool summary = false;
};

// Runs `write` against standard output or, renamed into place once complete, --output.
void write_output(const std::string& output, const std::function<Status(std::ostream&)>& write) {
  if (output.empty()) {
    check(write(std::cout), "export failed");
    return;
  }
  const std::string partial = output + ".partial";
  std::ofstream file(partial, std::ios::binary | std::ios::trunc);
  if (!file) throw CommandFailure("cannot create " + partial);
  Status status = write(file);
  file.close();
  if (status.is_ok() && !file) status = Status::io_error("write of " + partial + " failed");
  std::error_code ec;
  if (status.is_ok()) std::filesystem::rename(partial, output, ec);
  if (!status.is_ok() || ec) std::filesystem::remove(partial, ec);
  check(status, "export failed");
  if (ec) throw CommandFailure("cannot rename " + partial + " to " + output + ": " + ec.message());
}

int run_export(const Config& config, const ExportArguments& args) {
  const ModelConfig model = config.model();
  ProfileFilter filter(model);
  if (const Status s = filter.add_conditions(args.where); !s.is_ok()) {
    std::cerr << "crmstream export: " << s.message() << "\n";
    return 2;
  }
  std::unique_ptr<StateStore> store = open_state(config, OpenMode::kReadOnly);
  SystemClock wall;
  if (args.summary) {
    PopulationSummary summary;
    check(summarize_population(*store, config, wall, summary), "cannot read the counts");
    std::string json;
    render_population_summary(summary, model, json);
    write_output(args.output, [&json](std::ostream& out) {
      out << json;
      return out ? Status::ok() : Status::io_error("write of the summary failed");
    });
  } else {
    ExportStats stats;
    write_output(args.output, [&](std::ostream& out) {
      return export_profiles(*store, config, wall, filter,
                             args.format == "csv" ? ExportFormat::kCsv : ExportFormat::kJsonl, out,
                             stats);
    });
    if (!args.output.empty()) {
      std::cerr << "crmstream export: " << stats.exported << " of " << stats.profiles
                << " profiles written to " << args.output << "\n";
    }
  }
  check(store->close(), "cannot close the state");
  return 0;
}

}  // namespace

void add_export_command(CLI::App& root, int& exit_code) {
  CLI::App* command = root.add_subcommand(
      "export", "Write the profiles (or --summary: the population counts) of the state");
  auto args = std::make_shared<ExportArguments>();
  command->add_option("--config", args->config_path, "The YAML configuration file")->required();
  CLI::Option* format = command->add_option("--format", args->format, "jsonl (default) or csv")
                            ->check(CLI::IsMember({"jsonl", "csv"}));
  CLI::Option* where = command->add_option(
      "--where", args->where,
      "field=value: keep profiles whose export field (a CSV column: lifecycle, rfm_segment, "
      "value_tier, churn_risk, customer_id, experiments.<name>, counters.<type>, ...) has this "
      "value; repeat to require several");
  command->add_option("--output", args->output, "Write to this file instead of standard output");
  command
      ->add_flag("--summary", args->summary,
                 "Population and KPI counts of all tasks, overall and per experiment variant")
      ->excludes(format)
      ->excludes(where);
  command->callback([args, &exit_code] {
    exit_code = run_command("export", args->config_path,
                            [&](const Config& config) { return run_export(config, *args); });
  });
}

}  // namespace crm
