#include "observability/process_stats.h"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace crm {
namespace {

bool read_file(const char* path, std::string& text) {
  std::ifstream in(path);
  if (!in) return false;
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

}  // namespace

Status read_process_stats(ProcessStats& stats) {
  std::string text;
  if (!read_file("/proc/self/stat", text)) return Status::io_error("cannot read /proc/self/stat");
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted
  // from the last ')'. After it: field 3 (state) ... field 14 utime, 15 stime.
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) return Status::io_error("cannot parse /proc/self/stat");
  std::istringstream fields(text.substr(close + 1));
  std::string field;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index == 14) utime = std::stoull(field);
    if (index == 15) stime = std::stoull(field);
  }
  if (!fields) return Status::io_error("cannot parse /proc/self/stat");
  const long ticks = ::sysconf(_SC_CLK_TCK);
  stats.cpu_seconds =
      static_cast<double>(utime + stime) / static_cast<double>(ticks > 0 ? ticks : 100);

  if (!read_file("/proc/self/statm", text)) return Status::io_error("cannot read /proc/self/statm");
  std::istringstream statm(text);
  unsigned long long size_pages = 0;
  unsigned long long resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) {
    return Status::io_error("cannot parse /proc/self/statm");
  }
  stats.resident_bytes =
      static_cast<double>(resident_pages) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  return Status::ok();
}

}  // namespace crm
