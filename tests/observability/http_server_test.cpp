// The listener's routes and the token rule, over real sockets on a free port: loopback open,
// 0.0.0.0 with a token (401 without or with a wrong one, WWW-Authenticate: Bearer), 0.0.0.0
// without a token (403); probes and /metrics always open; unknown paths 404.
#include "observability/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <mutex>
#include <string>

namespace crm {
namespace {

using namespace std::chrono_literals;

class FakeEndpoints final : public ServiceEndpoints {
 public:
  Status customer_json(std::string_view id, std::string& json) override {
    const std::lock_guard lock(mutex_);
    last_id = std::string(id);
    if (id != "c 1/x") return Status::not_found("customer " + std::string(id) + " not found");
    json = R"({"customer_id":"c 1/x"})";
    return Status::ok();
  }
  Status segments_json(std::string& json) override {
    json = R"({"overall":{}})";
    return Status::ok();
  }
  Status backup(const std::string& dir, std::string& json) override {
    const std::lock_guard lock(mutex_);
    last_dir = dir;
    if (dir == "/taken") return Status::invalid_argument("/taken already exists");
    json = R"({"backup":"ok"})";
    return Status::ok();
  }
  Status forget(std::string_view id, std::string& json) override {
    if (id == "broken") return Status::io_error("disk full");
    json = R"({"customer_id":")" + std::string(id) + "\"}";
    return Status::ok();
  }

  std::mutex mutex_;
  std::string last_id;
  std::string last_dir;
};

struct Listener {
  explicit Listener(const std::string& listen, const std::string& token = "") {
    config.listen = listen;
    config.token = token;
    server = std::make_unique<HttpServer>(config, metrics, health, &endpoints);
    const Status s = server->start();
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    EXPECT_GT(server->port(), 0);
  }

  httplib::Result get(const std::string& path, const std::string& token = "") {
    httplib::Client client("127.0.0.1", server->port());
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client.Get(path, headers);
  }
  httplib::Result post(const std::string& path, const std::string& body,
                       const std::string& token = "") {
    httplib::Client client("127.0.0.1", server->port());
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client.Post(path, headers, body, "application/json");
  }

  HttpConfig config;
  Metrics metrics{"9.9.9"};
  HealthState::Clock::time_point now{};
  HealthState health{30s, [this] { return now; }};
  FakeEndpoints endpoints;
  std::unique_ptr<HttpServer> server;
};

TEST(HttpServer, MetricsAndProbes) {
  Listener l("127.0.0.1:0");
  auto metrics = l.get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4");
  EXPECT_NE(metrics->body.find("crmstream_build_info{version=\"9.9.9\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("\ncrmstream_ready 0\n"), std::string::npos);

  EXPECT_EQ(l.get("/healthz")->status, 200);
  auto readyz = l.get("/readyz");
  EXPECT_EQ(readyz->status, 503);
  l.health.set_ready(true);
  EXPECT_EQ(l.get("/readyz")->status, 200);
  EXPECT_NE(l.get("/metrics")->body.find("\ncrmstream_ready 1\n"), std::string::npos);

  l.now += 31s;  // no beat
  auto stale = l.get("/healthz");
  EXPECT_EQ(stale->status, 503);
  EXPECT_NE(stale->body.find("no heartbeat for 31.0 s"), std::string::npos) << stale->body;
  l.health.beat();
  EXPECT_EQ(l.get("/healthz")->status, 200);

  EXPECT_EQ(l.get("/nope")->status, 404);
  EXPECT_EQ(l.get("/v1/nope")->status, 404);
}

TEST(HttpServer, V1RoutesOnLoopback) {
  Listener l("127.0.0.1:0");
  auto customer = l.get("/v1/customers/c%201%2Fx");
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->status, 200);
  EXPECT_EQ(customer->body, "{\"customer_id\":\"c 1/x\"}\n");
  EXPECT_EQ(customer->get_header_value("Content-Type"), "application/json");

  auto unknown = l.get("/v1/customers/c2");
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->body, "{\"error\":\"customer c2 not found\"}\n");
  // Any id the events allow reaches the endpoint whole, a line break included.
  EXPECT_EQ(l.get("/v1/customers/line%0Abreak%0D")->status, 404);
  EXPECT_EQ(l.endpoints.last_id, "line\nbreak\r");
  auto forget_break = l.post("/v1/admin/forget/line%0Abreak", "");
  EXPECT_EQ(forget_break->status, 200);
  EXPECT_EQ(forget_break->body, "{\"customer_id\":\"line\nbreak\"}\n");

  EXPECT_EQ(l.get("/v1/segments")->status, 200);

  auto backup = l.post("/v1/admin/backup", R"({"to":"/tmp/b1"})");
  EXPECT_EQ(backup->status, 200);
  EXPECT_EQ(l.endpoints.last_dir, "/tmp/b1");
  EXPECT_EQ(l.post("/v1/admin/backup", R"({"to":"/taken"})")->status, 400);
  auto bad = l.post("/v1/admin/backup", "to=/x");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("JSON object"), std::string::npos);

  auto forget = l.post("/v1/admin/forget/c9", "");
  EXPECT_EQ(forget->status, 200);
  EXPECT_EQ(forget->body, "{\"customer_id\":\"c9\"}\n");
  auto broken = l.post("/v1/admin/forget/broken", "");
  EXPECT_EQ(broken->status, 500);
  EXPECT_EQ(broken->body, "{\"error\":\"disk full\"}\n");
  // Admin routes answer POST only.
  EXPECT_NE(l.get("/v1/admin/forget/c9")->status, 200);
}

TEST(HttpServer, OffLoopbackTheTokenGuardsV1) {
  Listener l("0.0.0.0:0", "s3cret");
  EXPECT_TRUE(l.server->requires_token());
  auto none = l.get("/v1/segments");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(l.get("/v1/segments", "wrong")->status, 401);
  EXPECT_EQ(l.get("/v1/customers/c%201%2Fx", "s3cret")->status, 200);
  EXPECT_EQ(l.post("/v1/admin/forget/c9", "")->status, 401);
  EXPECT_EQ(l.post("/v1/admin/forget/c9", "", "s3cret")->status, 200);
  // No personal data: always open.
  EXPECT_EQ(l.get("/metrics")->status, 200);
  EXPECT_EQ(l.get("/healthz")->status, 200);
  EXPECT_EQ(l.get("/readyz")->status, 503);
  EXPECT_EQ(l.endpoints.last_id, "c 1/x");  // the unauthorized requests never got there
}

TEST(HttpServer, OffLoopbackWithoutTokenV1IsOff) {
  Listener l("0.0.0.0:0");
  auto off = l.get("/v1/segments");
  ASSERT_TRUE(off);
  EXPECT_EQ(off->status, 403);
  EXPECT_NE(off->body.find("no http.token"), std::string::npos);
  EXPECT_EQ(l.get("/v1/segments", "anything")->status, 403);
  EXPECT_EQ(l.get("/metrics")->status, 200);
  EXPECT_EQ(l.get("/healthz")->status, 200);
}

TEST(HttpServer, BadAndBusyAddresses) {
  Listener first("127.0.0.1:0");
  HttpConfig config;
  config.listen = "127.0.0.1:" + std::to_string(first.server->port());
  Metrics metrics("t");
  HealthState health;
  HttpServer second(config, metrics, health, nullptr);
  const Status busy = second.start();
  EXPECT_EQ(busy.code(), Status::Code::kIOError);
  EXPECT_NE(busy.message().find(config.listen), std::string::npos);

  config.listen = "nonsense";
  HttpServer bad(config, metrics, health, nullptr);
  EXPECT_EQ(bad.start().code(), Status::Code::kInvalidArgument);
}

TEST(HttpServer, WithoutEndpointsV1IsUnavailable) {
  HttpConfig config;
  config.listen = "127.0.0.1:0";
  Metrics metrics("t");
  HealthState health;
  HttpServer server(config, metrics, health, nullptr);
  ASSERT_TRUE(server.start().is_ok());
  httplib::Client client("127.0.0.1", server.port());
  EXPECT_EQ(client.Get("/v1/segments")->status, 503);
  EXPECT_EQ(client.Get("/metrics")->status, 200);
  server.stop();
  server.stop();
}

}  // namespace
}  // namespace crm
