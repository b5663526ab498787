#include "pipeline/profile_filter.h"

#include <algorithm>

#include "processors/export_record.h"
#include "processors/population.h"

namespace crm {

void split_csv_line(std::string_view line, std::vector<std::string>& cells) {
  if (line.ends_with("\r\n")) {
    line.remove_suffix(2);
  } else if (line.ends_with('\n')) {
    line.remove_suffix(1);
  }
  std::size_t count = 0;
  const auto next_cell = [&]() -> std::string& {
    if (count == cells.size()) cells.emplace_back();
    std::string& cell = cells[count++];
    cell.clear();
    return cell;
  };
  std::size_t i = 0;
  while (true) {
    std::string& cell = next_cell();
    if (i < line.size() && line[i] == '"') {
      // A quoted cell runs to the quote not followed by another; "" is one quote inside.
      for (++i; i < line.size(); ++i) {
        if (line[i] != '"') {
          cell.push_back(line[i]);
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          ++i;
          break;
        }
      }
    }
    const std::size_t comma = line.find(',', i);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    cell.append(line.substr(i, end - i));
    if (comma == std::string_view::npos) break;
    i = comma + 1;
  }
  cells.resize(count);
}

Status ProfileFilter::check_classification(const std::string& term, std::string_view field,
                                           std::string_view value) const {
  for (const PopulationGauge gauge : {PopulationGauge::kLifecycle, PopulationGauge::kRfmSegment,
                                      PopulationGauge::kValueTier, PopulationGauge::kChurnRisk}) {
    if (field != to_string(gauge)) continue;
    const std::vector<std::string> values = known_values(gauge, *config_);
    if (value.empty() || std::find(values.begin(), values.end(), value) != values.end()) {
      return Status::ok();
    }
    std::string known;
    for (const std::string& name : values) known += (known.empty() ? "" : ", ") + name;
    return Status::invalid_argument("--where " + term + ": no " + std::string(field) +
                                    " is called \"" + std::string(value) + "\"; they are " + known +
                                    " (empty: not applicable)");
  }
  return Status::ok();
}

Status ProfileFilter::add_conditions(std::span<const std::string> terms) {
  std::vector<std::string> fields;
  split_csv_line(export_csv_header(*config_), fields);
  for (const std::string& term : terms) {
    const std::size_t equals = term.find('=');
    if (equals == std::string::npos) {
      return Status::invalid_argument("--where " + term + ": expected field=value");
    }
    const std::string field = term.substr(0, equals);
    const auto column = std::find(fields.begin(), fields.end(), field);
    if (column == fields.end()) {
      std::string known;
      for (const std::string& name : fields) {
        if (!known.empty()) known += ", ";
        known += name;
      }
      return Status::invalid_argument("--where " + term + ": the export has no field \"" + field +
                                      "\"; its fields are " + known);
    }
    const std::string value = term.substr(equals + 1);
    if (Status s = check_classification(term, field, value); !s.is_ok()) return s;
    conditions_.emplace_back(static_cast<std::size_t>(column - fields.begin()), value);
  }
  return Status::ok();
}

bool ProfileFilter::matches(const Profile& profile, const CustomerView& view) const {
  if (conditions_.empty()) return true;
  row_.clear();
  render_export_csv(profile, view, *config_, row_);
  split_csv_line(row_, cells_);
  return std::all_of(conditions_.begin(), conditions_.end(), [this](const auto& condition) {
    return condition.first < cells_.size() && cells_[condition.first] == condition.second;
  });
}

}  // namespace crm
