// The one error of configuration loading: which key is wrong (its YAML path, such as
// `kafka.properties.enable.auto.commit` or `rfm.segments[2].r`) and why, so that a typo or a
// bad value is reported where it is instead of silently falling back to a default.
#pragma once

#include <stdexcept>
#include <string>

namespace crm {

class ConfigError : public std::runtime_error {
 public:
  // An empty path is the document as a whole (unreadable file, YAML syntax error).
  ConfigError(std::string path, std::string reason);

  const std::string& path() const { return path_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string path_;
  std::string reason_;
};

}  // namespace crm
