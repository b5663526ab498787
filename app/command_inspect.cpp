// `crmstream inspect --config FILE --customer ID [--visitor]` (operations.md): one profile as
// JSON with its ledger and pending timers (pipeline/customer_inspection.h), through a read-only
// view, so it works while `run` holds the directory. With --visitor, ID is an anonymous id.
#include <iostream>
#include <memory>
#include <string>

#include "app/command_support.h"
#include "app/commands.h"
#include "pipeline/customer_inspection.h"

namespace crm {
namespace {

struct InspectArguments {
  std::string config_path;
  std::string id;
  bool visitor = false;
};

int run_inspect(const Config& config, const InspectArguments& args) {
  std::unique_ptr<StateStore> store = open_state(config, OpenMode::kReadOnly);
  SystemClock wall;
  std::string json;
  const Status s =
      inspect_profile(*store, config, wall,
                      args.visitor ? ProfileKind::kVisitor : ProfileKind::kCustomer, args.id, json);
  if (s.is_not_found()) throw CommandFailure(s.message());
  check(s, "cannot read the profile");
  std::cout << json << std::flush;
  check(store->close(), "cannot close the state");
  return 0;
}

}  // namespace

void add_inspect_command(CLI::App& root, int& exit_code) {
  CLI::App* command =
      root.add_subcommand("inspect", "Show one profile with its order ledger and pending timers");
  auto args = std::make_shared<InspectArguments>();
  command->add_option("--config", args->config_path, "The YAML configuration file")->required();
  command->add_option("--customer", args->id, "The customer_id (with --visitor: anonymous_id)")
      ->required();
  command->add_flag("--visitor", args->visitor, "ID is the anonymous_id of a visitor");
  command->callback([args, &exit_code] {
    exit_code = run_command("inspect", args->config_path,
                            [&](const Config& config) { return run_inspect(config, *args); });
  });
}

}  // namespace crm
