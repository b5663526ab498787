#include "processors/model_config.h"

namespace crm {

std::vector<SegmentRule> default_segment_rules() {
  return {
      {"champions", {5, 5}, {4, 5}, {1, 5}},
      {"loyal_customers", {3, 4}, {4, 5}, {1, 5}},
      {"potential_loyalists", {4, 5}, {2, 3}, {1, 5}},
      {"new_customers", {5, 5}, {1, 1}, {1, 5}},
      {"promising", {4, 4}, {1, 1}, {1, 5}},
      {"need_attention", {3, 3}, {3, 3}, {1, 5}},
      {"about_to_sleep", {3, 3}, {1, 2}, {1, 5}},
      {"cant_lose_them", {1, 2}, {5, 5}, {1, 5}},
      {"at_risk", {1, 2}, {3, 4}, {1, 5}},
      {"hibernating", {1, 2}, {1, 2}, {1, 5}},
  };
}

}  // namespace crm
