#include "observability/erasure_report_json.h"

#include <simdjson.h>

#include "ingest/timestamp.h"
#include "processors/json_writer.h"

namespace crm {

void render_erasure_report(std::string_view customer_id, const ErasureReport& report,
                           std::string& out) {
  JsonWriter w(out);
  w.begin_object();
  w.key("customer_id").string_value(customer_id);
  w.key("task");
  report.task ? w.int_value(*report.task) : w.null_value();
  w.key("orders").int_value(report.orders);
  w.key("timer_due");
  report.timer_due ? w.time_value(*report.timer_due) : w.null_value();
  w.key("pending_outputs").int_value(report.pending_outputs);
  w.key("links").begin_array();
  for (const auto& [task, anonymous_id] : report.links) {
    w.begin_object();
    w.key("task").int_value(task);
    w.key("anonymous_id").string_value(anonymous_id);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

Status parse_erasure_report(std::string_view json, std::string& customer_id,
                            ErasureReport& report) {
  report = ErasureReport{};
  const auto bad = [&] {
    return Status::invalid_argument("not an erasure report: " + std::string(json));
  };
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(json.data(), json.size()).get(object)) return bad();
  std::string_view id;
  if (object["customer_id"].get(id)) return bad();
  customer_id = std::string(id);
  std::int64_t task = 0;
  if (object["task"].get(task) == simdjson::SUCCESS) report.task = static_cast<TaskId>(task);
  if (object["orders"].get(report.orders)) return bad();
  if (object["pending_outputs"].get(report.pending_outputs)) return bad();
  std::string_view due;
  if (object["timer_due"].get(due) == simdjson::SUCCESS) {
    const std::optional<TimeMs> parsed = parse_rfc3339(due);
    if (!parsed) return bad();
    report.timer_due = *parsed;
  }
  simdjson::dom::array links;
  if (object["links"].get(links)) return bad();
  for (const simdjson::dom::element link : links) {
    std::int64_t link_task = 0;
    std::string_view anonymous_id;
    if (link["task"].get(link_task) || link["anonymous_id"].get(anonymous_id)) return bad();
    report.links.emplace_back(static_cast<TaskId>(link_task), std::string(anonymous_id));
  }
  return Status::ok();
}

}  // namespace crm
