#include "observability/http_server.h"

#include <httplib.h>
#include <simdjson.h>
#include <sys/socket.h>

#include <chrono>
#include <utility>

#include "observability/bearer_token.h"
#include "observability/listen_address.h"
#include "processors/json_writer.h"

namespace crm {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kText = "text/plain; charset=utf-8";

int http_status(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kBusy:
      return 503;
    default:
      return 500;
  }
}

void answer_error(httplib::Response& res, int status, std::string_view message) {
  std::string body = "{\"error\":";
  append_json_string(body, message);
  body += "}\n";
  res.status = status;
  res.set_content(body, kJson);
}

// The endpoint's JSON with 200, or the error its Status maps to.
void answer(httplib::Response& res, const Status& status, std::string& json) {
  if (!status.is_ok()) return answer_error(res, http_status(status), status.message());
  json.push_back('\n');
  res.status = 200;
  res.set_content(json, kJson);
}

// The "to" member of a backup request's body.
Status backup_target(const std::string& body, std::string& dir) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(body).get(object)) {
    return Status::invalid_argument("the body must be a JSON object {\"to\": \"/new/dir\"}");
  }
  std::string_view to;
  if (object["to"].get(to)) {
    return Status::invalid_argument("the body needs \"to\": the new directory, as a string");
  }
  dir = std::string(to);
  return Status::ok();
}

}  // namespace

HttpServer::HttpServer(const HttpConfig& config, Metrics& metrics, HealthState& health,
                       ServiceEndpoints* endpoints)
    : config_(config), metrics_(metrics), health_(health), endpoints_(endpoints) {}

HttpServer::~HttpServer() {
  stop();
}

Status HttpServer::start() {
  ListenAddress address;
  if (Status s = parse_listen_address(config_.listen, address); !s.is_ok()) return s;
  host_ = address.host;
  loopback_ = is_loopback_host(address.host);
  server_ = std::make_unique<httplib::Server>();
  server_->new_task_queue = [] { return new httplib::ThreadPool(4); };
  // cpp-httplib's default is SO_REUSEPORT, which lets a second process bind the same port and
  // take half the requests; SO_REUSEADDR only allows a restart over TIME_WAIT connections.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  add_routes();
  if (address.port == 0) {
    port_ = server_->bind_to_any_port(address.host);
    if (port_ < 0) port_ = 0;
  } else if (server_->bind_to_port(address.host, address.port)) {
    port_ = address.port;
  }
  if (port_ == 0) {
    server_.reset();
    return Status::io_error("cannot listen on http.listen " + config_.listen +
                            " (address in use or not local)");
  }
  thread_ = std::thread([server = server_.get()] { server->listen_after_bind(); });
  // stop() only stops a server that runs: wait for it, so a quick stop() cannot be lost.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return Status::ok();
}

void HttpServer::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

std::string HttpServer::url() const {
  std::string host = host_;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  return format_host_port(host, port_);
}

void HttpServer::add_routes() {
  httplib::Server& s = *server_;

  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/v1/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
    switch (check_bearer(loopback_, config_.token, req.get_header_value("Authorization"))) {
      case Access::kAllowed:
        break;
      case Access::kUnauthorized:
        res.set_header("WWW-Authenticate", "Bearer");
        answer_error(res, 401,
                     "/v1/* needs the bearer token http.token on a non-loopback "
                     "listener");
        return httplib::Server::HandlerResponse::Handled;
      case Access::kForbidden:
        answer_error(res, 403,
                     "/v1/* is off: the listener is not on loopback and no http.token "
                     "is configured");
        return httplib::Server::HandlerResponse::Handled;
    }
    if (endpoints_ == nullptr) {
      answer_error(res, 503, "this process serves no state");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    metrics_.set_ready(health_.ready());
    res.set_content(metrics_.serialize(), "text/plain; version=0.0.4");
  });
  s.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    std::string reason;
    if (health_.healthy(reason)) {
      res.set_content("ok\n", kText);
    } else {
      res.status = 503;
      res.set_content(reason + "\n", kText);
    }
  });
  s.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    if (health_.ready()) {
      res.set_content("ready\n", kText);
    } else {
      res.status = 503;
      res.set_content("not ready: state or partitions not yet assigned and restored\n", kText);
    }
  });

  // [\s\S]: a customer id may hold any character, a line break too, which '.' does not match.
  s.Get(R"(/v1/customers/([\s\S]+))", [this](const httplib::Request& req, httplib::Response& res) {
    std::string json;
    const Status status = endpoints_->customer_json(req.matches[1].str(), json);
    answer(res, status, json);
  });
  s.Get("/v1/segments", [this](const httplib::Request&, httplib::Response& res) {
    std::string json;
    const Status status = endpoints_->segments_json(json);
    answer(res, status, json);
  });
  s.Post("/v1/admin/backup", [this](const httplib::Request& req, httplib::Response& res) {
    std::string dir;
    std::string json;
    Status status = backup_target(req.body, dir);
    if (status.is_ok()) status = endpoints_->backup(dir, json);
    answer(res, status, json);
  });
  s.Post(R"(/v1/admin/forget/([\s\S]+))",
         [this](const httplib::Request& req, httplib::Response& res) {
           std::string json;
           const Status status = endpoints_->forget(req.matches[1].str(), json);
           answer(res, status, json);
         });
}

}  // namespace crm
