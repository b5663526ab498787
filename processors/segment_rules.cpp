#include "processors/segment_rules.h"

namespace crm {

std::optional<int> match_segment(const std::vector<SegmentRule>& rules, ScoreTriple scores) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const SegmentRule& rule = rules[i];
    if (rule.r.contains(scores.r) && rule.f.contains(scores.f) && rule.m.contains(scores.m)) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

std::optional<ScoreTriple> find_unmatched_scores(const std::vector<SegmentRule>& rules) {
  for (int r = 1; r <= 5; ++r) {
    for (int f = 1; f <= 5; ++f) {
      for (int m = 1; m <= 5; ++m) {
        if (!match_segment(rules, {r, f, m})) return ScoreTriple{r, f, m};
      }
    }
  }
  return std::nullopt;
}

}  // namespace crm
