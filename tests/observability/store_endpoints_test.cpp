// StoreEndpoints on a real store held read-write, as the running process holds it: profiles
// in the export format (200 / 404 through the listener), populations, a checkpoint, and an
// erasure that runs on the loop thread through LoopRequests.
#include "observability/store_endpoints.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "observability/http_server.h"
#include "pipeline/customer_erasure.h"
#include "pipeline/population_summary.h"
#include "tests/observability/shop_store.h"

namespace crm {
namespace {

using test::ShopStore;

// A stand-in for the processing loop: runs the queued requests until stopped.
class Loop {
 public:
  explicit Loop(LoopRequests& requests)
      : thread_([this, &requests] {
          id_ = std::this_thread::get_id();
          while (!stop_.load()) {
            requests.run_pending();
            std::this_thread::yield();
          }
        }) {}
  ~Loop() {
    stop_ = true;
    thread_.join();
  }
  std::thread::id id() const { return id_; }

 private:
  std::atomic<bool> stop_{false};
  std::thread::id id_;
  std::thread thread_;
};

TEST(StoreEndpoints, CustomerInTheExportFormat) {
  ShopStore shop;
  LoopRequests requests;
  StoreEndpoints endpoints(shop.store(), shop.config(), shop.wall(), requests, {});
  std::string json;
  ASSERT_TRUE(endpoints.customer_json("c1", json).is_ok());
  EXPECT_EQ(json.rfind(R"({"customer_id":"c1","lifecycle":"repeat",)", 0), 0u) << json;
  EXPECT_NE(json.find(R"("purchases":2)"), std::string::npos) << json;
  EXPECT_EQ(json.find('\n'), std::string::npos);

  const Status unknown = endpoints.customer_json("nobody", json);
  EXPECT_TRUE(unknown.is_not_found());
  EXPECT_EQ(unknown.message(), "customer nobody not found");
  // Visitors are not customers.
  EXPECT_TRUE(endpoints.customer_json("a2", json).is_not_found());
}

TEST(StoreEndpoints, SegmentsAreTheSummary) {
  ShopStore shop;
  LoopRequests requests;
  StoreEndpoints endpoints(shop.store(), shop.config(), shop.wall(), requests, {});
  std::string json;
  ASSERT_TRUE(endpoints.segments_json(json).is_ok());
  PopulationSummary summary;
  ASSERT_TRUE(summarize_population(shop.store(), shop.config(), shop.wall(), summary).is_ok());
  std::string expected;
  render_population_summary(summary, shop.config().model(), expected);
  expected.pop_back();
  EXPECT_EQ(json, expected);
  EXPECT_NE(json.find(R"("repeat":1)"), std::string::npos) << json;
}

TEST(StoreEndpoints, BackupIsACheckpoint) {
  ShopStore shop;
  LoopRequests requests;
  StoreEndpoints endpoints(shop.store(), shop.config(), shop.wall(), requests, {});
  const std::string target = shop.path("backup");
  std::string json;
  ASSERT_TRUE(endpoints.backup(target, json).is_ok());
  EXPECT_EQ(json,
            R"({"state_dir":")" + shop.config().state.dir + R"(","backup":")" + target + R"("})");
  EXPECT_TRUE(std::filesystem::exists(target + "/CURRENT"));

  const Status again = endpoints.backup(target, json);
  EXPECT_EQ(again.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(again.message().find("already exists"), std::string::npos);
  EXPECT_EQ(endpoints.backup("relative/dir", json).code(), Status::Code::kInvalidArgument);
}

TEST(StoreEndpoints, ForgetRunsOnTheLoopThread) {
  ShopStore shop;
  LoopRequests requests;
  std::thread::id ran_on;
  StoreEndpoints endpoints(shop.store(), shop.config(), shop.wall(), requests,
                           [&](std::string_view id, ErasureReport& report) {
                             ran_on = std::this_thread::get_id();
                             return forget_customer(shop.store(), shop.config(), shop.wall(), id,
                                                    report);
                           });
  Loop loop(requests);
  std::string json;
  ASSERT_TRUE(endpoints.forget("c1", json).is_ok());
  EXPECT_EQ(ran_on, loop.id());
  EXPECT_EQ(json.rfind(R"({"customer_id":"c1","task":0,"orders":2,"timer_due":")", 0), 0u) << json;
  EXPECT_NE(json.find(R"("links":[{"task":0,"anonymous_id":"a1"}])"), std::string::npos) << json;
  EXPECT_TRUE(endpoints.customer_json("c1", json).is_not_found());

  const Status again = endpoints.forget("c1", json);
  EXPECT_TRUE(again.is_not_found()) << again.to_string();
}

TEST(StoreEndpoints, ForgetWhenTheLoopDoesNotAnswer) {
  ShopStore shop;
  LoopRequests requests;  // nobody runs it
  StoreEndpoints endpoints(
      shop.store(), shop.config(), shop.wall(), requests,
      [](std::string_view, ErasureReport&) { return Status::ok(); }, std::chrono::milliseconds(1));
  std::string json;
  const Status s = endpoints.forget("c1", json);
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_NE(s.message().find("did not answer"), std::string::npos);
  requests.close();
}

TEST(StoreEndpoints, ThroughTheListener) {
  ShopStore shop;
  LoopRequests requests;
  StoreEndpoints endpoints(shop.store(), shop.config(), shop.wall(), requests, {});
  HttpConfig http;
  http.listen = "127.0.0.1:0";
  Metrics metrics("t");
  HealthState health;
  HttpServer server(http, metrics, health, &endpoints);
  ASSERT_TRUE(server.start().is_ok());
  httplib::Client client("127.0.0.1", server.port());
  auto found = client.Get("/v1/customers/c2");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, 200);
  EXPECT_EQ(found->body.rfind(R"({"customer_id":"c2",)", 0), 0u) << found->body;
  auto missing = client.Get("/v1/customers/c3");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "{\"error\":\"customer c3 not found\"}\n");
  auto segments = client.Get("/v1/segments");
  EXPECT_EQ(segments->status, 200);
}

}  // namespace
}  // namespace crm
