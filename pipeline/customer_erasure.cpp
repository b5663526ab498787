#include "pipeline/customer_erasure.h"

#include <charconv>
#include <memory>

#include "pipeline/task_clocks.h"
#include "pipeline/task_engine.h"
#include "state/batch.h"

namespace crm {
namespace {

constexpr TaskId kInstanceMetaTask = 0;
constexpr std::string_view kErasuresTotalMeta = "erasures_total";

Status count_erasure(StateStore& store) {
  std::int64_t total = 0;
  if (Status s = read_erasures_total(store, total); !s.is_ok()) return s;
  Batch batch(store);
  batch.put_meta(kInstanceMetaTask, kErasuresTotalMeta, std::to_string(total + 1));
  return store.write(batch);
}

Status count_outbox(const StateStore& store, TaskId task, std::int64_t& entries) {
  entries = 0;
  RangeIterator it = store.scan_outbox(task);
  for (; it.valid(); it.next()) ++entries;
  return it.status();
}

Status find_links(const StateStore& store, std::string_view customer_id,
                  std::vector<std::pair<TaskId, std::string>>& links) {
  RangeIterator it = store.scan(Family::kLinks, KeyRange{}, /*fill_cache=*/false);
  for (; it.valid(); it.next()) {
    if (it.value() != customer_id) continue;
    NamedKeyParts parts;
    if (Status s = decode_named_key(it.key(), parts); !s.is_ok()) return s;
    links.emplace_back(parts.task, std::string(parts.name));
  }
  return it.status();
}

// forget_customer without the count.
Status erase_customer(StateStore& store, const Config& config, const WallClock& wall,
                      std::string_view customer_id, ErasureReport& report,
                      const std::function<TaskEngine*(TaskId)>& running) {
  report = ErasureReport{};
  std::vector<TaskClock> tasks;
  if (Status s = read_task_clocks(store, config.time.clock, wall, tasks); !s.is_ok()) return s;
  for (const TaskClock& task : tasks) {
    Profile profile;
    const Status s = store.get_profile(task.task, ProfileKind::kCustomer, customer_id, profile);
    if (s.is_not_found()) continue;
    if (!s.is_ok()) return s;
    report.task = task.task;
    report.timer_due = profile.timer_due;
    report.orders = static_cast<std::int64_t>(profile.orders.size());
    break;
  }
  if (Status s = find_links(store, customer_id, report.links); !s.is_ok()) return s;
  if (!report.task && report.links.empty()) {
    return Status::not_found("customer " + std::string(customer_id) + " not found");
  }

  if (!report.links.empty()) {
    Batch batch(store);
    for (const auto& [task, anonymous_id] : report.links) batch.erase_link(task, anonymous_id);
    if (Status s = store.write(batch); !s.is_ok()) return s;
  }
  if (!report.task) return Status::ok();

  std::int64_t before = 0;
  if (Status s = count_outbox(store, *report.task, before); !s.is_ok()) return s;
  TaskEngine* engine = running ? running(*report.task) : nullptr;
  std::unique_ptr<TaskEngine> opened;
  if (engine == nullptr) {
    TaskEngineOptions options;
    options.task = *report.task;
    opened = std::make_unique<TaskEngine>(store, config, wall, options);
    if (Status s = opened->open(); !s.is_ok()) return s;
    engine = opened.get();
  }
  if (Status s = engine->forget(customer_id); !s.is_ok()) return s;
  std::int64_t after = 0;
  if (Status s = count_outbox(store, *report.task, after); !s.is_ok()) return s;
  report.pending_outputs = before + 1 - after;  // forget added the customer_forgotten event
  return Status::ok();
}

}  // namespace

Status forget_customer(StateStore& store, const Config& config, const WallClock& wall,
                       std::string_view customer_id, ErasureReport& report,
                       const std::function<TaskEngine*(TaskId)>& running) {
  if (Status s = erase_customer(store, config, wall, customer_id, report, running); !s.is_ok()) {
    return s;
  }
  return count_erasure(store);
}

Status read_erasures_total(const StateStore& store, std::int64_t& total) {
  total = 0;
  std::string value;
  const Status s = store.get_meta(kInstanceMetaTask, kErasuresTotalMeta, value);
  if (s.is_not_found()) return Status::ok();
  if (!s.is_ok()) return s;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), total);
  if (error != std::errc() || end != value.data() + value.size() || total < 0) {
    return Status::corruption("the stored erasure total '" + value + "' is not a count");
  }
  return Status::ok();
}

}  // namespace crm
