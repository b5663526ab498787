// `crmstream forget --config FILE --customer ID` (operations.md, right to erasure): erases a
// customer from a state directory no pipeline is running on (pipeline/customer_erasure.h) and
// says what went. The customer_forgotten event waits in the outbox for the next run or replay
// to deliver it. While `run` holds the directory the erasure has to go through that process.
#include <iostream>
#include <memory>
#include <string>

#include "app/command_support.h"
#include "app/commands.h"
#include "pipeline/customer_erasure.h"
#include "pipeline/exclusive_state.h"

namespace crm {
namespace {

constexpr std::string_view kThroughRunningProcess =
    "erasure through the running process comes with the HTTP admin API "
    "(POST /v1/admin/forget/{id})";

struct ForgetArguments {
  std::string config_path;
  std::string customer_id;
};

void print_report(const std::string& customer_id, const ErasureReport& report) {
  std::cout << "erased customer " << customer_id << "\n";
  if (report.task) {
    std::cout << "  task " << *report.task << ": profile, " << report.orders
              << " orders in its ledger, timer "
              << (report.timer_due ? format_rfc3339_ms(*report.timer_due) : "none") << ", "
              << report.pending_outputs << " undelivered outputs\n";
  } else {
    std::cout << "  no profile (only links to its id were left)\n";
  }
  for (const auto& [task, anonymous_id] : report.links) {
    std::cout << "  task " << task << ": link of anonymous id " << anonymous_id << "\n";
  }
  if (report.task) {
    std::cout << "customer_forgotten is queued in the outbox of task " << *report.task
              << "; the next `crmstream run` or `crmstream replay` delivers it\n";
  }
}

int run_forget(const Config& config, const ForgetArguments& args) {
  std::unique_ptr<StateStore> store;
  check(open_state_exclusively(config, kThroughRunningProcess, store), "cannot open the state");
  SystemClock wall;
  ErasureReport report;
  const Status s = forget_customer(*store, config, wall, args.customer_id, report);
  if (s.is_not_found()) throw CommandFailure(s.message());
  check(s, "erasure failed");
  check(store->close(), "cannot close the state");
  print_report(args.customer_id, report);
  return 0;
}

}  // namespace

void add_forget_command(CLI::App& root, int& exit_code) {
  CLI::App* command = root.add_subcommand(
      "forget", "Erase a customer (right to erasure) and queue a customer_forgotten event");
  auto args = std::make_shared<ForgetArguments>();
  command->add_option("--config", args->config_path, "The YAML configuration file")->required();
  command->add_option("--customer", args->customer_id, "The customer_id to erase")->required();
  command->callback([args, &exit_code] {
    exit_code = run_command("forget", args->config_path,
                            [&](const Config& config) { return run_forget(config, *args); });
  });
}

}  // namespace crm
