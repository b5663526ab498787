// `crmstream forget --config FILE --customer ID` (operations.md, right to erasure): erases a
// customer from a state directory no pipeline is running on (pipeline/customer_erasure.h) and
// says what went. The customer_forgotten event waits in the outbox for the next run or replay
// to deliver it. While `run` holds the directory the erasure goes through that process: the
// request is sent to its http.listen (POST /v1/admin/forget/{id}, with http.token), which
// erases on its processing loop and delivers customer_forgotten itself.
#include <iostream>
#include <memory>
#include <string>

#include "app/command_support.h"
#include "app/commands.h"
#include "observability/admin_client.h"
#include "observability/erasure_report_json.h"
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

void print_report(const std::string& customer_id, const ErasureReport& report, bool remote) {
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
  if (report.task && remote) {
    std::cout << "customer_forgotten is queued in the outbox of task " << *report.task
              << "; the running process delivers it\n";
  } else if (report.task) {
    std::cout << "customer_forgotten is queued in the outbox of task " << *report.task
              << "; the next `crmstream run` or `crmstream replay` delivers it\n";
  }
}

// The directory is held by a running crmstream (`busy`): the erasure goes through its HTTP
// admin API. Exit codes as for a local erasure: 0 done, 1 unknown customer or any failure.
int forget_through_running_process(const Config& config, const ForgetArguments& args,
                                   const Status& busy) {
  AdminResponse response;
  const Status sent =
      admin_request(config.http, "POST",
                    "/v1/admin/forget/" + encode_path_segment(args.customer_id), "", response);
  if (!sent.is_ok()) {
    throw CommandFailure("cannot open the state: " + busy.to_string() + "; " + sent.message());
  }
  if (response.status != 200) {
    throw CommandFailure(admin_failure_message(config.http, response));
  }
  std::string customer_id;
  ErasureReport report;
  check(parse_erasure_report(response.body, customer_id, report),
        "unexpected answer from the running process");
  print_report(customer_id, report, /*remote=*/true);
  return 0;
}

int run_forget(const Config& config, const ForgetArguments& args) {
  std::unique_ptr<StateStore> store;
  const Status opened = open_state_exclusively(config, kThroughRunningProcess, store);
  if (opened.is_busy()) return forget_through_running_process(config, args, opened);
  check(opened, "cannot open the state");
  SystemClock wall;
  ErasureReport report;
  const Status s = forget_customer(*store, config, wall, args.customer_id, report);
  if (s.is_not_found()) throw CommandFailure(s.message());
  check(s, "erasure failed");
  check(store->close(), "cannot close the state");
  print_report(args.customer_id, report, /*remote=*/false);
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
