// RFM segment rules: an ordered list, the first rule whose score ranges all hold wins.
#pragma once

#include <optional>
#include <vector>

#include "processors/model_config.h"

namespace crm {

struct ScoreTriple {
  int r = 1;
  int f = 1;
  int m = 1;
  friend bool operator==(const ScoreTriple&, const ScoreTriple&) = default;
};

// Index of the first rule matching the scores, or nullopt when none does.
std::optional<int> match_segment(const std::vector<SegmentRule>& rules, ScoreTriple scores);

// A score combination (1..5 each) that no rule matches, or nullopt when the rules cover all 125.
std::optional<ScoreTriple> find_unmatched_scores(const std::vector<SegmentRule>& rules);

}  // namespace crm
