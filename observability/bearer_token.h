// The token rule of operations.md "HTTP" for /v1/*: on a loopback listener anything goes; off
// loopback the request must carry "Authorization: Bearer <http.token>", compared in constant
// time, and without a configured token /v1/* is off. Pure functions: any thread.
#pragma once

#include <string_view>

namespace crm {

// Equality whose running time depends only on the lengths, not on where the bytes differ.
bool constant_time_equals(std::string_view a, std::string_view b);

enum class Access { kAllowed, kUnauthorized /* 401 */, kForbidden /* 403: /v1 off */ };

// `authorization` is the request's Authorization header ("" when absent).
Access check_bearer(bool loopback, std::string_view configured_token,
                    std::string_view authorization);

}  // namespace crm
