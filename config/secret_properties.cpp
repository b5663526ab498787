#include "config/secret_properties.h"

#include <array>
#include <string>

namespace crm {

bool is_secret_property(std::string_view key) {
  // sasl.oauthbearer.config may carry credentials in its extension_* entries; librdkafka marks
  // it sensitive too.
  static constexpr std::array<std::string_view, 5> kMarkers = {
      "password", "secret", "sasl.jaas", "ssl.key", "sasl.oauthbearer.config"};
  std::string lower(key);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::string_view marker : kMarkers) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace crm
