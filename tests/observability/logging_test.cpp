// JSON log lines: one object per line, the message escaped so that quotes and newlines cannot
// break the line or the object.
#include "observability/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

namespace crm {
namespace {

TEST(JsonLogLine, EscapesTheMessage) {
  const std::string line =
      json_log_line(1'769'853'780'123, "warning", "bad \"event\"\nin C:\\shop\tnow\x01");
  EXPECT_EQ(line,
            R"({"ts":"2026-01-31T10:03:00.123Z","level":"warning","msg":"bad \"event\"\u000ain )"
            R"(C:\\shop\u0009now\u0001"})"
            "\n");
  EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(ConfigureLogging, JsonLinesOnStderr) {
  LogConfig config;
  config.format = LogFormat::kJson;
  config.level = "warn";
  configure_logging(config);
  testing::internal::CaptureStderr();
  spdlog::info("not shown");
  spdlog::warn("partition {} \"lost\"\nretrying", 3);
  spdlog::default_logger()->flush();
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err.find("not shown"), std::string::npos) << err;
  EXPECT_NE(err.find(R"("level":"warning","msg":"partition 3 \"lost\"\u000aretrying"})"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.rfind("{\"ts\":\"", 0), 0u) << err;

  config.format = LogFormat::kText;
  config.level = "info";
  configure_logging(config);
  testing::internal::CaptureStderr();
  spdlog::info("started");
  spdlog::default_logger()->flush();
  const std::string text = testing::internal::GetCapturedStderr();
  EXPECT_NE(text.find("Z info started\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace crm
