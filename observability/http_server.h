// crmstream's one HTTP listener on http.listen (operations.md "HTTP"), cpp-httplib:
//   GET /metrics                 Metrics::serialize(), text/plain; version=0.0.4
//   GET /healthz, GET /readyz    HealthState: 200 "ok", or 503 with the reason
//   GET /v1/customers/{id}       ServiceEndpoints::customer_json ({id} percent-decoded)
//   GET /v1/segments             ServiceEndpoints::segments_json
//   POST /v1/admin/backup        body {"to": "/absolute/new/dir"}
//   POST /v1/admin/forget/{id}
// /v1/* follows the token rule (bearer_token.h): open on a loopback listener; elsewhere it
// needs "Authorization: Bearer <http.token>" (401 and WWW-Authenticate: Bearer without it), and
// answers 403 when no token is configured. Other paths: 404.
//
// Threading: start() and stop() from one owning thread; the listener serves on its own
// threads (a small pool), which call Metrics, HealthState and ServiceEndpoints concurrently.
// Metrics, HealthState and the endpoints must outlive stop().
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "config/config.h"
#include "observability/health_state.h"
#include "observability/metrics.h"
#include "observability/service_endpoints.h"
#include "state/status.h"

namespace httplib {
class Server;
}

namespace crm {

class HttpServer {
 public:
  // `endpoints` may be null: /v1/* then answers 503 (no state in this process).
  HttpServer(const HttpConfig& config, Metrics& metrics, HealthState& health,
             ServiceEndpoints* endpoints);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds http.listen (port 0: a free port) and starts serving. InvalidArgument for a bad
  // address, IOError when the address cannot be bound (naming it).
  Status start();
  // Stops accepting, finishes the requests in flight and joins the threads. Idempotent.
  void stop();

  // The bound port (after start()), and the address to reach the listener at
  // ("127.0.0.1:40123"; a wildcard host is given as loopback).
  int port() const { return port_; }
  std::string url() const;
  // Whether /v1/* needs the token (the listen host is not loopback).
  bool requires_token() const { return !loopback_; }

 private:
  void add_routes();

  HttpConfig config_;
  Metrics& metrics_;
  HealthState& health_;
  ServiceEndpoints* endpoints_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::string host_;
  int port_ = 0;
  bool loopback_ = true;
};

}  // namespace crm
