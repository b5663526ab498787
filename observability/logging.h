// Logs to standard error (operations.md "Guarantees": one line per event worth a human's
// attention), as text ("2026-01-31T10:03:00.000Z info message") or, with log.format: json, one
// JSON object per line: {"ts":"2026-01-31T10:03:00.000Z","level":"info","msg":"..."}.
// configure_logging() installs spdlog's default logger; call it once at start, before other
// threads log. Logging itself (spdlog::info, ...) is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "processors/time.h"

namespace crm {

// Replaces spdlog's default logger with one writing to stderr in log.format at log.level
// ("warn" and "warning" both accepted).
void configure_logging(const LogConfig& config);

// One JSON log line, '\n' included: `message` escaped (quotes, backslashes, control
// characters), so a line never breaks.
std::string json_log_line(TimeMs ts, std::string_view level, std::string_view message);

}  // namespace crm
