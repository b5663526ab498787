#include "sinks/output_dimension.h"

#include <string_view>

namespace crm {
namespace {

// The value of the first `"name":"` in compact JSON. A string value cannot hold that pattern
// unescaped (its quotes are written as \"), so the first match is the field itself.
std::string string_field(const std::string& json, std::string_view name) {
  std::string pattern;
  pattern.reserve(name.size() + 5);
  pattern.append("\"").append(name).append("\":\"");
  const std::size_t at = json.find(pattern);
  if (at == std::string::npos) return "unknown";
  const std::size_t begin = at + pattern.size();
  return json.substr(begin, json.find('"', begin) - begin);
}

}  // namespace

std::string output_dimension(const OutputRecord& record) {
  switch (record.topic) {
    case OutputTopic::kDeadLetter:
      return string_field(record.json, "reason");
    case OutputTopic::kChurnRisk:
      return "churn_risk";
    case OutputTopic::kTriggers:
      return string_field(record.json, "type");
    case OutputTopic::kSegmentChanges:
      if (record.json.find("\"dimension\":\"") != std::string::npos) {
        return string_field(record.json, "dimension");
      }
      return string_field(record.json, "type");  // customer_forgotten
  }
  return "unknown";
}

}  // namespace crm
