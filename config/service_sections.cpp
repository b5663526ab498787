// state, time, http, limits and log: how the service runs, as opposed to the customer model.
#include <charconv>

#include "config/scalar_values.h"
#include "config/section_readers.h"
#include "config/units.h"

namespace crm {

void read_state(const ConfigNode& node, StateConfig& state) {
  const ConfigMap map(node, {"dir", "memory_budget", "sync_writes"});
  if (auto value = map.find("dir")) state.dir = read_nonempty_string(*value);
  if (auto value = map.find("memory_budget")) {
    state.memory_budget = read_size(*value, kMinStateMemoryBudget);
  }
  if (auto value = map.find("sync_writes")) state.sync_writes = read_bool(*value);
}

void read_time(const ConfigNode& node, TimeConfig& time) {
  const ConfigMap map(node, {"clock", "max_task_idle", "day_offset"});
  if (auto value = map.find("clock")) time.clock = read_choice(*value, kClockNames);
  if (auto value = map.find("max_task_idle")) time.max_task_idle = read_duration(*value, 0);
  if (auto value = map.find("day_offset")) {
    const std::string text = value->text();
    const auto offset = parse_day_offset(text);
    if (!offset)
      value->fail("must be an offset like \"+08:00\" or \"-05:30\", got " + quoted(text));
    time.day_offset = *offset;
  }
}

void read_http(const ConfigNode& node, HttpConfig& http) {
  const ConfigMap map(node, {"listen", "token"});
  if (auto value = map.find("listen")) {
    http.listen = value->text();
    if (!is_listen_address(http.listen)) {
      value->fail("must be host:port such as \"127.0.0.1:9464\", got " + quoted(http.listen));
    }
  }
  if (auto value = map.find("token")) http.token = read_string(*value);
}

void read_limits(const ConfigNode& node, LimitsConfig& limits) {
  const ConfigMap map(
      node, {"max_message_bytes", "max_future_skew", "dedupe_retention", "visitor_retention"});
  if (auto value = map.find("max_message_bytes")) {
    limits.max_message_bytes = read_size(*value, 1);
  }
  if (auto value = map.find("max_future_skew")) limits.max_future_skew = read_duration(*value, 0);
  if (auto value = map.find("dedupe_retention")) {
    limits.dedupe_retention = read_duration(*value, 1);
  }
  if (auto value = map.find("visitor_retention")) {
    limits.visitor_retention = read_duration(*value, 1);
  }
}

void read_log(const ConfigNode& node, LogConfig& log) {
  const ConfigMap map(node, {"level", "format"});
  if (auto value = map.find("level")) log.level = read_choice(*value, kLogLevelNames);
  if (auto value = map.find("format")) log.format = read_choice(*value, kLogFormatNames);
}

}  // namespace crm
