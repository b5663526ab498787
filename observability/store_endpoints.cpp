#include "observability/store_endpoints.h"

#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include "observability/erasure_report_json.h"
#include "pipeline/population_summary.h"
#include "pipeline/task_clocks.h"
#include "processors/evaluate.h"
#include "processors/export_record.h"
#include "processors/json_writer.h"

namespace crm {

StoreEndpoints::StoreEndpoints(const StateStore& store, const Config& config, const WallClock& wall,
                               LoopRequests& loop, ForgetFunction forget,
                               std::chrono::milliseconds loop_timeout)
    : store_(store),
      config_(config),
      wall_(wall),
      loop_(loop),
      forget_(std::move(forget)),
      loop_timeout_(loop_timeout) {}

Status StoreEndpoints::customer_json(std::string_view customer_id, std::string& json) {
  std::vector<TaskClock> tasks;
  if (Status s = read_task_clocks(store_, config_.time.clock, wall_, tasks); !s.is_ok()) return s;
  Profile profile;
  for (const TaskClock& task : tasks) {
    const Status s = store_.get_profile(task.task, ProfileKind::kCustomer, customer_id, profile);
    if (s.is_not_found()) continue;
    if (!s.is_ok()) return s;
    if (!task.clock) {
      return Status::corruption("task " + std::to_string(task.task) + " of " + store_.dir() +
                                " holds profile " + std::string(customer_id) + " but no clock");
    }
    RfmThresholds thresholds;
    if (Status t = read_task_thresholds(store_, task.task, config_.rfm, thresholds); !t.is_ok()) {
      return t;
    }
    const ModelConfig model = config_.model();
    json.clear();
    render_export_json(profile, evaluate(profile, *task.clock, model, thresholds), model, json);
    if (!json.empty() && json.back() == '\n') json.pop_back();
    return Status::ok();
  }
  return Status::not_found("customer " + std::string(customer_id) + " not found");
}

Status StoreEndpoints::segments_json(std::string& json) {
  PopulationSummary summary;
  if (Status s = summarize_population(store_, config_, wall_, summary); !s.is_ok()) return s;
  json.clear();
  render_population_summary(summary, config_.model(), json);
  if (!json.empty() && json.back() == '\n') json.pop_back();
  return Status::ok();
}

Status StoreEndpoints::backup(const std::string& dir, std::string& json) {
  const std::filesystem::path target(dir);
  if (dir.empty() || !target.is_absolute()) {
    return Status::invalid_argument("backup target must be an absolute path, got \"" + dir + "\"");
  }
  std::error_code ec;
  if (std::filesystem::exists(target, ec)) {
    return Status::invalid_argument(dir + " already exists; a backup goes to a new directory");
  }
  // RocksDB's checkpoint is safe beside the loop's writes: each batch is in it whole or not.
  if (Status s = store_.checkpoint(dir); !s.is_ok()) return s;
  json.clear();
  JsonWriter w(json);
  w.begin_object();
  w.key("state_dir").string_value(store_.dir());
  w.key("backup").string_value(dir);
  w.end_object();
  return Status::ok();
}

Status StoreEndpoints::forget(std::string_view customer_id, std::string& json) {
  if (!forget_) return Status::invalid_argument("erasure is not available in this process");
  // Owned by the request and the queued work together: after a timeout the work may still run.
  struct Request {
    std::string customer_id;
    ErasureReport report;
  };
  auto request = std::make_shared<Request>();
  request->customer_id = std::string(customer_id);
  const Status s = loop_.submit(
      [request, forget = forget_] { return forget(request->customer_id, request->report); },
      loop_timeout_);
  if (!s.is_ok()) return s;
  json.clear();
  render_erasure_report(request->customer_id, request->report, json);
  return Status::ok();
}

}  // namespace crm
