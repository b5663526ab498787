// A node of the configuration YAML together with its key path, and the structural reads the
// section readers make of it. Every failure is a ConfigError naming the node's path; scalar
// text has `${VAR}` substituted before anything parses it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/env_substitution.h"

namespace crm {

class ConfigNode {
 public:
  // `env` must outlive the node and every node derived from it.
  ConfigNode(YAML::Node node, std::string path, const EnvLookup& env);

  const std::string& path() const { return path_; }
  bool is_sequence() const { return node_.IsSequence(); }

  [[noreturn]] void fail(const std::string& reason) const;

  // The scalar's text after `${VAR}` substitution. Fails on a map, a list or no value.
  std::string text() const;

  // A list's elements, with paths `path[i]` (0-based). No value reads as an empty list.
  std::vector<ConfigNode> elements() const;

  // A map's entries in document order, with paths `path.key`. No value reads as an empty map.
  // Fails on a key that is not a scalar and on a key given twice (yaml-cpp keeps both).
  std::vector<std::pair<std::string, ConfigNode>> entries() const;

 private:
  YAML::Node node_;
  std::string path_;
  const EnvLookup* env_;
};

// A map of fixed keys (one section): unknown keys are rejected on construction, before any
// value is read, so that a misspelt key is reported as such rather than as a missing one.
class ConfigMap {
 public:
  ConfigMap(const ConfigNode& node, std::initializer_list<std::string_view> known_keys);

  // The key's value, or nullopt when the key is absent and its default applies.
  std::optional<ConfigNode> find(std::string_view key) const;

  // The value of a key that has no default; fails naming `path.key` when it is absent.
  ConfigNode require(std::string_view key) const;

 private:
  std::string path_;
  std::vector<std::pair<std::string, ConfigNode>> entries_;
};

}  // namespace crm
