// Helpers for the output tests: outputs.md's examples are pretty-printed, the writers compact.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "processors/model_config.h"

namespace crm::test_support {

// The JSON text without whitespace outside strings.
inline std::string minify(std::string_view json) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < json.size()) {
        out.push_back(json[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\n') {
      out.push_back(c);
    }
  }
  return out;
}

// The index of the named segment in the configured rules.
inline int segment_index(const ModelConfig& config, std::string_view name) {
  for (std::size_t i = 0; i < config.rfm.segments.size(); ++i) {
    if (config.rfm.segments[i].name == name) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no segment " << name;
  return 0;
}

// "winback-q4:c-1042" hashes to bucket 5589 of 10000 (treatment at 10 % holdout), "winback-q4:c-1"
// to bucket 625 (holdout).
inline ModelConfig config_with_experiment() {
  ModelConfig config;
  config.experiments.push_back({"winback-q4", "winback-q4", 10});
  return config;
}

}  // namespace crm::test_support
