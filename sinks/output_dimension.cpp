#include "sinks/output_dimension.h"

#include <string_view>

namespace crm {
namespace {

// The value of the first `"name":"` (`pattern`) in compact JSON. A string value cannot hold
// that pattern unescaped (its quotes are written as \"), so the first match is the field.
std::string string_field(const std::string& json, std::string_view pattern) {
  const std::size_t at = json.find(pattern);
  if (at == std::string::npos) return "unknown";
  const std::size_t begin = at + pattern.size();
  return json.substr(begin, json.find('"', begin) - begin);
}

constexpr std::string_view kReason = "\"reason\":\"";
constexpr std::string_view kType = "\"type\":\"";
constexpr std::string_view kDimension = "\"dimension\":\"";

}  // namespace

std::string output_dimension(const OutputRecord& record) {
  switch (record.topic) {
    case OutputTopic::kDeadLetter:
      return string_field(record.json, kReason);
    case OutputTopic::kChurnRisk:
      return "churn_risk";
    case OutputTopic::kTriggers:
      return string_field(record.json, kType);
    case OutputTopic::kSegmentChanges:
      if (record.json.find(kDimension) != std::string::npos) {
        return string_field(record.json, kDimension);
      }
      return string_field(record.json, kType);  // customer_forgotten
  }
  return "unknown";
}

}  // namespace crm
