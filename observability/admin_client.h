// The client side of POST /v1/admin/*: `crmstream forget` and `crmstream backup`, finding the
// state directory held by a running process, send their request to its http.listen (a
// wildcard host is reached on loopback) with http.token as the bearer token, and wait.
// One blocking request per call; any thread.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "config/config.h"
#include "state/status.h"

namespace crm {

struct AdminResponse {
  int status = 0;    // the HTTP status
  std::string body;  // JSON: the result, or {"error": message}
};

// Sends `method` (GET, POST) `path` with a JSON `body` (may be empty). ok when an HTTP answer
// came back, whatever its status; IOError naming the address when there was none.
Status admin_request(const HttpConfig& http, std::string_view method, std::string_view path,
                     std::string_view body, AdminResponse& response,
                     std::chrono::seconds timeout = std::chrono::seconds(120));

// A path segment with everything but unreserved characters percent-encoded ("a/b" -> "a%2Fb").
std::string encode_path_segment(std::string_view segment);

// The "error" member of an error body, or the body itself when it has none.
std::string admin_error_message(const AdminResponse& response);

// admin_error_message(), and for a refusal (HTTP 401 or 403) which process refused and what to
// set: the message a command shows for an answer other than 200.
std::string admin_failure_message(const HttpConfig& http, const AdminResponse& response);

}  // namespace crm
