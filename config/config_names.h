// How the enumerated configuration values are spelled in YAML, shared by the loader (text ->
// value) and the printer (value -> text) so that the two cannot drift apart.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"

namespace crm {

template <typename Value>
struct Spelling {
  std::string_view name;
  Value value;
};

inline constexpr std::array<Spelling<Partitioner>, 2> kPartitionerNames = {
    {{"murmur2", Partitioner::kMurmur2}, {"crc32", Partitioner::kCrc32}}};

inline constexpr std::array<Spelling<ClockKind>, 2> kClockNames = {
    {{"stream", ClockKind::kStream}, {"wall", ClockKind::kWall}}};

inline constexpr std::array<Spelling<RfmScoring>, 2> kRfmScoringNames = {
    {{"static", RfmScoring::kStatic}, {"quantile", RfmScoring::kQuantile}}};

inline constexpr std::array<Spelling<LogFormat>, 2> kLogFormatNames = {
    {{"text", LogFormat::kText}, {"json", LogFormat::kJson}}};

// spdlog's level names; LogConfig keeps the name itself.
inline constexpr std::array<Spelling<std::string_view>, 7> kLogLevelNames = {
    {{"trace", "trace"},
     {"debug", "debug"},
     {"info", "info"},
     {"warn", "warn"},
     {"error", "error"},
     {"critical", "critical"},
     {"off", "off"}}};

template <typename Value, std::size_t N>
std::optional<Value> value_named(const std::array<Spelling<Value>, N>& names,
                                 std::string_view name) {
  for (const auto& spelling : names) {
    if (spelling.name == name) return spelling.value;
  }
  return std::nullopt;
}

template <typename Value, std::size_t N>
std::string_view name_of(const std::array<Spelling<Value>, N>& names, Value value) {
  for (const auto& spelling : names) {
    if (spelling.value == value) return spelling.name;
  }
  return {};
}

// "stream or wall", "one of trace, debug, ... or off": the allowed names, for error messages.
template <typename Value, std::size_t N>
std::string describe_names(const std::array<Spelling<Value>, N>& names) {
  std::string out = N > 2 ? "one of " : "";
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += names[i].name;
  }
  return out;
}

}  // namespace crm
