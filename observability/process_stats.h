// The process's own CPU time and resident memory, read from /proc/self/stat and
// /proc/self/statm (Linux), for crmstream_process_cpu_seconds_total and
// crmstream_process_resident_memory_bytes. Any thread.
#pragma once

#include "state/status.h"

namespace crm {

struct ProcessStats {
  double cpu_seconds = 0;     // user + system
  double resident_bytes = 0;  // resident set size
};

// IOError naming the file when /proc cannot be read or parsed.
Status read_process_stats(ProcessStats& stats);

}  // namespace crm
