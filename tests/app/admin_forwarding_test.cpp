// `crmstream forget` and `crmstream backup` on a state directory a running process holds: the
// request goes to that process's http.listen (here a listener with StoreEndpoints over the
// held store, and a thread standing in for the processing loop), with http.token when the
// listener is off loopback; exit codes as for the local commands.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "observability/http_server.h"
#include "observability/store_endpoints.h"
#include "pipeline/customer_erasure.h"
#include "tests/app/shop_state.h"

namespace crm {
namespace {

using test::run_crmstream;
using test::ShopState;

class RunningProcess {
 public:
  RunningProcess(const ShopState& shop, const std::string& listen, const std::string& token)
      : shop_(shop),
        store_(shop.open()),
        wall_(test::kWallNow),
        endpoints_(*store_, shop.config(), wall_, requests_,
                   [this](std::string_view id, ErasureReport& report) {
                     return forget_customer(*store_, shop_.config(), wall_, id, report);
                   }),
        loop_([this] {
          while (!stop_.load()) {
            requests_.run_pending();
            std::this_thread::yield();
          }
        }) {
    HttpConfig http;
    http.listen = listen;
    http.token = token;
    server_ = std::make_unique<HttpServer>(http, metrics_, health_, &endpoints_);
    const Status s = server_->start();
    EXPECT_TRUE(s.is_ok()) << s.to_string();
  }
  ~RunningProcess() {
    server_->stop();
    stop_ = true;
    loop_.join();
  }

  // A configuration for the commands: the same state directory, this listener, `token`.
  std::string config_path(const std::string& token) const {
    const std::string path = shop_.path("running-" + token + ".yaml");
    std::ofstream(path) << "state:\n  dir: " << shop_.state_dir()
                        << "\n  memory_budget: 32MiB\nhttp:\n  listen: \"127.0.0.1:"
                        << server_->port() << "\"\n"
                        << (token.empty() ? "" : "  token: \"" + token + "\"\n");
    return path;
  }
  StateStore& store() { return *store_; }

 private:
  const ShopState& shop_;
  std::unique_ptr<StateStore> store_;
  FixedClock wall_;
  LoopRequests requests_;
  StoreEndpoints endpoints_;
  Metrics metrics_{"test"};
  HealthState health_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<bool> stop_{false};
  std::thread loop_;
};

TEST(AdminForwarding, ForgetGoesThroughTheRunningProcess) {
  ShopState shop;
  shop.build();
  RunningProcess running(shop, "127.0.0.1:0", "");
  const auto run =
      run_crmstream({"forget", "--config", running.config_path(""), "--customer", "c3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("erased customer c3\n  task 0: profile, 1 orders in its ledger, timer "
                         "2026-01-31T10:31:00.000Z, "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  task 0: link of anonymous id a3\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("; the running process delivers it\n"), std::string::npos) << run.out;
  Profile profile;
  EXPECT_TRUE(running.store().get_profile(0, ProfileKind::kCustomer, "c3", profile).is_not_found());

  const auto again =
      run_crmstream({"forget", "--config", running.config_path(""), "--customer", "c3"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "crmstream forget: customer c3 not found\n");
}

TEST(AdminForwarding, BackupGoesThroughTheRunningProcess) {
  ShopState shop;
  shop.build();
  RunningProcess running(shop, "127.0.0.1:0", "");
  const std::string target = shop.path("backup");
  const auto run = run_crmstream({"backup", "--config", running.config_path(""), "--to", target});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "backup of " + shop.state_dir() + " written to " + target +
                         " by the running process; to restore, point state.dir at it\n");
  EXPECT_TRUE(std::filesystem::exists(target + "/CURRENT"));
}

TEST(AdminForwarding, OffLoopbackTheTokenIsSent) {
  ShopState shop;
  shop.build();
  RunningProcess running(shop, "0.0.0.0:0", "s3cret");
  const auto refused =
      run_crmstream({"forget", "--config", running.config_path(""), "--customer", "c2"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("refused the request (HTTP 401)"), std::string::npos) << refused.err;
  const auto wrong =
      run_crmstream({"forget", "--config", running.config_path("wrong"), "--customer", "c2"});
  EXPECT_EQ(wrong.exit_code, 1);
  const auto done =
      run_crmstream({"forget", "--config", running.config_path("s3cret"), "--customer", "c2"});
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.out.find("erased customer c2\n"), std::string::npos) << done.out;
}

TEST(AdminForwarding, NobodyListening) {
  ShopState shop;
  shop.build();
  const auto held = shop.open();
  ASSERT_TRUE(held);
  const std::string config = shop.path("nobody.yaml");
  // A port nobody listens on: bind one, learn it, close it.
  int port = 0;
  {
    HttpConfig http;
    http.listen = "127.0.0.1:0";
    Metrics metrics("t");
    HealthState health;
    HttpServer probe(http, metrics, health, nullptr);
    ASSERT_TRUE(probe.start().is_ok());
    port = probe.port();
  }
  std::ofstream(config) << "state:\n  dir: " << shop.state_dir()
                        << "\n  memory_budget: 32MiB\nhttp:\n  listen: \"127.0.0.1:" << port
                        << "\"\n";
  const auto run = run_crmstream({"forget", "--config", config, "--customer", "c2"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no answer from the running process at http.listen 127.0.0.1:" +
                         std::to_string(port)),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace crm
