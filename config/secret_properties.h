// Which configuration values are secrets, so that check-config and logs show them as `***`:
// http.token, and the kafka.properties whose name says they hold a credential.
#pragma once

#include <string_view>

namespace crm {

inline constexpr std::string_view kSecretMask = "***";

// True when a librdkafka property name contains "password", "secret", "sasl.jaas", "ssl.key"
// or "sasl.oauthbearer.config" (any case): sasl.password, ssl.key.pem,
// sasl.oauthbearer.client.secret, ...
bool is_secret_property(std::string_view key);

}  // namespace crm
