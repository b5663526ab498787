// http.listen ("host:port", "[::1]:9464") split into what a socket binds to, and the token
// rule's question (operations.md "HTTP"): is the host loopback (127.0.0.0/8, ::1, localhost)?
// Pure functions: any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "state/status.h"

namespace crm {

struct ListenAddress {
  std::string host;  // without IPv6 brackets: "127.0.0.1", "::1", "0.0.0.0", "localhost"
  int port = 0;      // 0: any free port
};

// InvalidArgument naming `text` when it is not host:port with a port 0..65535.
Status parse_listen_address(std::string_view text, ListenAddress& address);

// True for 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) and "localhost"; false for every other
// host, wildcard addresses (0.0.0.0, ::) and names included.
bool is_loopback_host(std::string_view host);

// "127.0.0.1:9464", "[::1]:9464": an address to connect to.
std::string format_host_port(std::string_view host, int port);

}  // namespace crm
