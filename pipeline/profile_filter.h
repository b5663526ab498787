// `crmstream export --where field=value`: which profiles the export keeps. A field is any
// scalar field of the export record, named as the CSV export's column is (lifecycle,
// rfm_segment, value_tier, churn_risk, customer_id, r, monetary, ..., experiments.<name>,
// counters.<type>), and a value is compared with that column's text exactly: the CSV row is
// the one rendering of the scalar fields, so the filter can never disagree with what is
// exported. A field left out of a profile's record (the RFM fields of a non-buyer) is an empty
// cell, matched by `field=`. Several conditions must all hold.
// Not thread-safe: matches() renders into scratch buffers owned by the filter.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "processors/customer_view.h"
#include "processors/model_config.h"
#include "processors/profile.h"
#include "state/status.h"

namespace crm {

class ProfileFilter {
 public:
  // Keeps every profile. `config` must outlive the filter.
  explicit ProfileFilter(const ModelConfig& config) : config_(&config) {}
  explicit ProfileFilter(const ModelConfig&& config) = delete;

  // Adds "field=value" terms. InvalidArgument naming the term for one without '=', with a
  // field the export does not have (the message lists the fields there are), or with a value
  // lifecycle, rfm_segment, value_tier or churn_risk never takes (a typo must not export nobody).
  Status add_conditions(std::span<const std::string> terms);

  bool empty() const { return conditions_.empty(); }
  bool matches(const Profile& profile, const CustomerView& view) const;

 private:
  Status check_classification(const std::string& term, std::string_view field,
                              std::string_view value) const;

  const ModelConfig* config_;
  std::vector<std::pair<std::size_t, std::string>> conditions_;  // column index, value
  mutable std::string row_;
  mutable std::vector<std::string> cells_;
};

// The cells of one RFC 4180 line (its CRLF or LF terminator, if any, left out), quotes removed.
// `cells` is overwritten; its strings keep their capacity across calls.
void split_csv_line(std::string_view line, std::vector<std::string>& cells);

}  // namespace crm
