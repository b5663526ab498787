#include "observability/listen_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace crm {

Status parse_listen_address(std::string_view text, ListenAddress& address) {
  const auto bad = [&] {
    return Status::invalid_argument(
        "http.listen must be host:port such as \"127.0.0.1:9464\", got \"" + std::string(text) +
        "\"");
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return bad();
  }
  unsigned value = 0;
  const auto result = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || result.ec != std::errc() || result.ptr != port.data() + port.size() ||
      value > 65535) {
    return bad();
  }
  address.host = std::string(host);
  address.port = static_cast<int>(value);
  return Status::ok();
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost") return true;
  const std::string text(host);
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) return v6.s6_addr[12] == 127;
  }
  return false;
}

std::string format_host_port(std::string_view host, int port) {
  const bool v6 = host.find(':') != std::string_view::npos;
  return (v6 ? "[" + std::string(host) + "]" : std::string(host)) + ":" + std::to_string(port);
}

}  // namespace crm
