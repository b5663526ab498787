#include "config/config_node.h"

#include <algorithm>
#include <set>

#include "config/config_error.h"

namespace crm {

namespace {

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

// What a node is, for "must be X, got Y" messages.
std::string kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a scalar";
    default:
      return "no value";
  }
}

}  // namespace

ConfigNode::ConfigNode(YAML::Node node, std::string path, const EnvLookup& env)
    : node_(std::move(node)), path_(std::move(path)), env_(&env) {}

void ConfigNode::fail(const std::string& reason) const {
  throw ConfigError(path_, reason);
}

std::string ConfigNode::text() const {
  if (node_.IsNull()) fail("missing value");
  if (!node_.IsScalar()) fail("must be a single value, got " + kind_of(node_));
  try {
    return substitute_env(node_.Scalar(), *env_);
  } catch (const EnvSubstitutionError& error) {
    fail(error.what());
  }
}

std::vector<ConfigNode> ConfigNode::elements() const {
  std::vector<ConfigNode> out;
  if (node_.IsNull()) return out;
  if (!node_.IsSequence()) fail("must be a list, got " + kind_of(node_));
  out.reserve(node_.size());
  for (std::size_t i = 0; i < node_.size(); ++i) {
    out.emplace_back(node_[i], path_ + "[" + std::to_string(i) + "]", *env_);
  }
  return out;
}

std::vector<std::pair<std::string, ConfigNode>> ConfigNode::entries() const {
  std::vector<std::pair<std::string, ConfigNode>> out;
  if (node_.IsNull()) return out;
  if (!node_.IsMap()) fail("must be a map, got " + kind_of(node_));
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node_) {
    if (!entry.first.IsScalar()) fail("keys must be plain names, got " + kind_of(entry.first));
    const std::string& key = entry.first.Scalar();
    const std::string path = child_path(path_, key);
    if (!seen.insert(key).second) throw ConfigError(path, "duplicate key");
    out.emplace_back(key, ConfigNode(entry.second, path, *env_));
  }
  return out;
}

ConfigMap::ConfigMap(const ConfigNode& node, std::initializer_list<std::string_view> known_keys)
    : path_(node.path()), entries_(node.entries()) {
  for (const auto& [key, value] : entries_) {
    if (std::find(known_keys.begin(), known_keys.end(), key) == known_keys.end()) {
      value.fail("unknown key");
    }
  }
}

std::optional<ConfigNode> ConfigMap::find(std::string_view key) const {
  for (const auto& [name, value] : entries_) {
    if (name == key) return value;
  }
  return std::nullopt;
}

ConfigNode ConfigMap::require(std::string_view key) const {
  std::optional<ConfigNode> value = find(key);
  if (!value) throw ConfigError(child_path(path_, key), "missing (this key has no default)");
  return *value;
}

}  // namespace crm
