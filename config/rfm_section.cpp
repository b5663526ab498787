// rfm: window, scoring, static thresholds, quantile refresh and segment rules
// (semantics.md "RFM").
#include <array>
#include <charconv>
#include <set>

#include "config/config_error.h"
#include "config/scalar_values.h"
#include "config/section_readers.h"
#include "processors/segment_rules.h"

namespace crm {

namespace {

// Thresholds are strictly ascending: an equal pair would make a score unreachable.
template <typename Number, typename ReadOne>
std::array<Number, 4> read_thresholds(const ConfigNode& node, ReadOne read_one) {
  const std::vector<ConfigNode> elements = node.elements();
  if (elements.size() != 4) {
    node.fail("must be a list of 4 ascending thresholds, got " + std::to_string(elements.size()) +
              " values");
  }
  std::array<Number, 4> thresholds{};
  for (std::size_t i = 0; i < 4; ++i) {
    thresholds[i] = read_one(elements[i]);
    if (i > 0 && thresholds[i] <= thresholds[i - 1]) {
      elements[i].fail("thresholds must be ascending: this one is not above the one before it");
    }
  }
  return thresholds;
}

std::optional<int> parse_score(std::string_view text) {
  int score = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), score);
  if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  if (score < 1 || score > 5) return std::nullopt;
  return score;
}

std::string range_forms_but(const std::string& got) {
  return "must be a score 1..5 (5), a range (\"4-5\") or a pair ([4, 5]), got " + got;
}

// 5, "4-5" or [4, 5].
ScoreRange read_range(const ConfigNode& node) {
  std::optional<int> min;
  std::optional<int> max;
  std::string got;
  if (node.is_sequence()) {
    const std::vector<ConfigNode> bounds = node.elements();
    if (bounds.size() != 2)
      node.fail(range_forms_but("a list of " + std::to_string(bounds.size())));
    // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict, PR105329) on the chain of +.
    got.append("[").append(bounds[0].text()).append(", ").append(bounds[1].text()).append("]");
    min = parse_score(bounds[0].text());
    max = parse_score(bounds[1].text());
  } else {
    got = node.text();
    const std::size_t dash = got.find('-');
    min = parse_score(std::string_view(got).substr(0, dash));
    max = dash == std::string::npos ? min : parse_score(std::string_view(got).substr(dash + 1));
  }
  if (!min || !max) node.fail(range_forms_but(got));
  if (*min > *max) node.fail("the range's lower bound is above its upper bound: " + got);
  return {*min, *max};
}

SegmentRule read_segment(const ConfigNode& node) {
  const ConfigMap map(node, {"name", "r", "f", "m"});
  SegmentRule rule;
  rule.name = read_nonempty_string(map.require("name"));
  if (auto value = map.find("r")) rule.r = read_range(*value);
  if (auto value = map.find("f")) rule.f = read_range(*value);
  if (auto value = map.find("m")) rule.m = read_range(*value);
  return rule;
}

std::vector<SegmentRule> read_segments(const ConfigNode& node) {
  std::vector<SegmentRule> rules;
  std::set<std::string, std::less<>> names;
  for (const ConfigNode& element : node.elements()) {
    rules.push_back(read_segment(element));
    if (!names.insert(rules.back().name).second) {
      throw ConfigError(element.path() + ".name", "segment names must be unique: " +
                                                      quoted(rules.back().name) + " is repeated");
    }
  }
  // Every customer with a purchase must land in some segment (semantics.md "RFM segment").
  if (auto gap = find_unmatched_scores(rules)) {
    node.fail("no rule matches R=" + std::to_string(gap->r) + " F=" + std::to_string(gap->f) +
              " M=" + std::to_string(gap->m));
  }
  return rules;
}

}  // namespace

void read_rfm(const ConfigNode& node, RfmConfig& rfm) {
  const ConfigMap map(node, {"window_days", "scoring", "recency_days", "frequency", "monetary",
                             "quantile_refresh", "segments"});
  if (auto value = map.find("window_days")) rfm.window_days = read_integer(*value, 0);
  if (auto value = map.find("scoring")) rfm.scoring = read_choice(*value, kRfmScoringNames);
  const auto read_count = [](const ConfigNode& element) { return read_integer(element, 0); };
  if (auto value = map.find("recency_days")) {
    rfm.recency_days = read_thresholds<std::int64_t>(*value, read_count);
  }
  if (auto value = map.find("frequency")) {
    rfm.frequency = read_thresholds<std::int64_t>(*value, read_count);
  }
  if (auto value = map.find("monetary")) rfm.monetary = read_thresholds<Money>(*value, read_money);
  if (auto value = map.find("quantile_refresh")) {
    rfm.quantile_refresh = read_duration(*value, 1);
  }
  if (auto value = map.find("segments")) rfm.segments = read_segments(*value);
}

}  // namespace crm
