#include "pipeline/file_replay.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace crm {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Reads lines into reused buffers: no allocation per line once they have grown.
class LineReader {
 public:
  explicit LineReader(std::FILE* file) : file_(file) {}

  ~LineReader() { std::free(buffer_); }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // False at the end of the file; `line` without its newline.
  bool next(std::string& line) {
    const ssize_t length = ::getline(&buffer_, &capacity_, file_);
    if (length < 0) return false;
    std::size_t size = static_cast<std::size_t>(length);
    if (size > 0 && buffer_[size - 1] == '\n') --size;
    line.assign(buffer_, size);
    return true;
  }

 private:
  std::FILE* file_;
  char* buffer_ = nullptr;  // getline's own buffer, grown as needed and reused
  std::size_t capacity_ = 0;
};

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

std::int64_t committed_line(const TaskEngine& engine, const std::string& name) {
  const std::optional<std::string> value = engine.position(name);
  std::int64_t line = 0;
  if (value) std::from_chars(value->data(), value->data() + value->size(), line);
  return line;
}

}  // namespace

std::string replay_position_name(const std::string& path) {
  return "input/file/" + path;
}

Status replay_files(TaskEngine& engine, const FileReplayOptions& options,
                    const AfterBatch& after_batch) {
  std::vector<std::string> lines(options.batch_size);
  std::vector<std::string> payloads(options.dead_letters ? options.batch_size : 0);
  std::vector<InputRecord> records;
  records.reserve(options.batch_size);
  std::string line;
  std::string error;

  for (const std::string& path : options.inputs) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) return Status::io_error("cannot open " + path + ": " + std::strerror(errno));
    const std::string position_name = replay_position_name(path);
    const std::int64_t resume_after = committed_line(engine, position_name);
    LineReader reader(file.get());
    std::int64_t line_number = 0;
    bool more = true;
    while (more) {
      records.clear();
      std::size_t used = 0;
      while (used < options.batch_size && (more = reader.next(lines[used]))) {
        ++line_number;
        if (line_number <= resume_after || is_blank(lines[used])) continue;
        std::string_view bytes = lines[used];
        if (options.dead_letters) {
          // An unreadable record is replayed as it is: it dead-letters again, with a reason.
          if (read_dead_letter_payload(bytes, payloads[used], error)) bytes = payloads[used];
        }
        records.push_back({bytes, {}, FilePosition{path, line_number}});
        ++used;
      }
      if (std::ferror(file.get())) {
        return Status::io_error("cannot read " + path + ": " + std::strerror(errno));
      }
      if (line_number <= resume_after) continue;
      const InputPosition position{position_name, std::to_string(line_number)};
      if (Status s = engine.process(records, std::span(&position, 1)); !s.is_ok()) return s;
      if (Status s = after_batch(); !s.is_ok()) return s;
    }
  }
  return Status::ok();
}

}  // namespace crm
