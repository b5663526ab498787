#include "config/config_error.h"

#include <utility>

namespace crm {

namespace {

std::string describe(const std::string& path, const std::string& reason) {
  return path.empty() ? reason : path + ": " + reason;
}

}  // namespace

ConfigError::ConfigError(std::string path, std::string reason)
    : std::runtime_error(describe(path, reason)),
      path_(std::move(path)),
      reason_(std::move(reason)) {}

}  // namespace crm
