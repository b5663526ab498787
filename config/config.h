// The whole configuration of crmstream (operations.md "Configuration") as plain structs, one
// field per YAML key, each with the contract's default. load_config() in config_loader.h fills
// and validates it once; everything else receives it by const reference.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "ingest/decoder_config.h"
#include "processors/model_config.h"
#include "processors/time.h"

namespace crm {

struct KafkaTopics {
  std::string clickstream = "crm.clickstream";
  std::string orders = "crm.orders";
  std::string segment_changes = "crm.segment-changes";
  std::string churn_risk = "crm.churn-risk";
  std::string triggers = "crm.triggers";
  std::string dead_letter = "crm.dead-letter";
};

enum class Partitioner : std::uint8_t { kMurmur2, kCrc32 };

struct KafkaConfig {
  std::string brokers = "127.0.0.1:9092";
  std::string group_id = "crmstream";
  KafkaTopics topics;
  Partitioner partitioner = Partitioner::kMurmur2;
  std::map<std::string, std::string> properties;  // passed to librdkafka as they are
};

// The least state.memory_budget the state store opens with (state/store_options.h
// kMinMemoryBudget; tests/app/bad_config_test.cpp checks the two agree): refused here, so that
// check-config and every command name the key with exit 2 instead of failing when they open it.
inline constexpr std::uint64_t kMinStateMemoryBudget = 8ull << 20;

struct StateConfig {
  std::string dir = "/var/lib/crmstream";
  std::uint64_t memory_budget = 256ull << 20;  // RocksDB block cache + write buffers
  bool sync_writes = false;  // fsync each batch: survives a machine crash, not only kill -9
};

enum class ClockKind : std::uint8_t { kStream, kWall };

struct TimeConfig {
  ClockKind clock = ClockKind::kStream;
  TimeMs max_task_idle = kSecondMs;
  TimeMs day_offset = 0;  // "+08:00" -> 8h
};

struct HttpConfig {
  std::string listen = "127.0.0.1:9464";
  std::string token;  // secret; required for /v1/* off loopback
};

struct LimitsConfig {
  std::size_t max_message_bytes = 65536;
  TimeMs max_future_skew = 24 * kHourMs;  // 0 = off
  TimeMs dedupe_retention = 7 * kDayMs;
  TimeMs visitor_retention = 180 * kDayMs;
};

enum class LogFormat : std::uint8_t { kText, kJson };

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
  LogFormat format = LogFormat::kText;
};

struct Config {
  std::string currency = "USD";
  std::map<std::string, DecimalRate, std::less<>> currency_rates;
  KafkaConfig kafka;
  StateConfig state;
  TimeConfig time;
  RfmConfig rfm;
  LifecycleConfig lifecycle;
  TriggersConfig triggers;
  std::vector<ExperimentConfig> experiments;
  HttpConfig http;
  LimitsConfig limits;
  LogConfig log;

  // The views each layer takes of it.
  ModelConfig model() const;
  DecoderConfig decoder() const;
};

}  // namespace crm
