#include "observability/bearer_token.h"

#include <cstddef>

namespace crm {

bool constant_time_equals(std::string_view a, std::string_view b) {
  // Every byte of the longer one is visited; a length difference counts as a difference.
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = diff | static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

Access check_bearer(bool loopback, std::string_view configured_token,
                    std::string_view authorization) {
  if (loopback) return Access::kAllowed;
  if (configured_token.empty()) return Access::kForbidden;
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() < kScheme.size()) return Access::kUnauthorized;
  // The scheme is case-insensitive (RFC 7235).
  for (std::size_t i = 0; i + 1 < kScheme.size(); ++i) {
    const char c = authorization[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const char expected = (kScheme[i] >= 'A' && kScheme[i] <= 'Z')
                              ? static_cast<char>(kScheme[i] - 'A' + 'a')
                              : kScheme[i];
    if (lower != expected) return Access::kUnauthorized;
  }
  if (authorization[kScheme.size() - 1] != ' ') return Access::kUnauthorized;
  const std::string_view presented = authorization.substr(kScheme.size());
  return constant_time_equals(presented, configured_token) ? Access::kAllowed
                                                           : Access::kUnauthorized;
}

}  // namespace crm
