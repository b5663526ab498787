#include "observability/admin_client.h"

#include <httplib.h>
#include <simdjson.h>

#include "observability/listen_address.h"

namespace crm {

std::string encode_path_segment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : segment) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

Status admin_request(const HttpConfig& http, std::string_view method, std::string_view path,
                     std::string_view body, AdminResponse& response, std::chrono::seconds timeout) {
  ListenAddress address;
  if (Status s = parse_listen_address(http.listen, address); !s.is_ok()) return s;
  if (address.host == "0.0.0.0" || address.host.empty()) address.host = "127.0.0.1";
  if (address.host == "::") address.host = "::1";
  const std::string where = format_host_port(address.host, address.port);
  if (address.port == 0) {
    return Status::invalid_argument("http.listen " + http.listen +
                                    " has port 0: the running process's port is unknown");
  }
  httplib::Client client(address.host, address.port);
  client.set_connection_timeout(5);
  client.set_read_timeout(static_cast<time_t>(timeout.count()));
  client.set_write_timeout(10);
  httplib::Headers headers;
  if (!http.token.empty()) headers.emplace("Authorization", "Bearer " + http.token);
  const std::string target(path);
  httplib::Result result =
      method == "GET" ? client.Get(target, headers)
                      : client.Post(target, headers, std::string(body), "application/json");
  if (!result) {
    return Status::io_error("no answer from the running process at http.listen " + where + ": " +
                            httplib::to_string(result.error()));
  }
  response.status = result->status;
  response.body = result->body;
  return Status::ok();
}

std::string admin_error_message(const AdminResponse& response) {
  simdjson::dom::parser parser;
  std::string_view message;
  if (parser.parse(response.body).at_key("error").get(message) == simdjson::SUCCESS) {
    return std::string(message);
  }
  std::string text = response.body;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text.empty() ? "HTTP " + std::to_string(response.status) : text;
}

std::string admin_failure_message(const HttpConfig& http, const AdminResponse& response) {
  const std::string message = admin_error_message(response);
  if (response.status != 401 && response.status != 403) return message;
  return "the running process at http.listen " + http.listen + " refused the request (HTTP " +
         std::to_string(response.status) + "): " + message + "; set http.token to its token";
}

}  // namespace crm
