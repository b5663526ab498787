#include "pipeline/file_replay.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "processors/experiments.h"

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

// A file's committed position: the number of the last line applied from it and a hash of that
// line's bytes, so that a re-run can tell whether the file under that path is still the one the
// state applied (positions written before the hash was kept have none, and are not checked).
struct CommittedLine {
  std::int64_t line = 0;
  std::optional<std::uint64_t> hash;
};

CommittedLine committed_line(const TaskEngine& engine, const std::string& name) {
  CommittedLine committed;
  const std::optional<std::string> value = engine.position(name);
  if (!value) return committed;
  const char* end = value->data() + value->size();
  const auto [rest, error] = std::from_chars(value->data(), end, committed.line);
  std::uint64_t hash = 0;
  if (error == std::errc() && rest != end && *rest == ' ' &&
      std::from_chars(rest + 1, end, hash).ec == std::errc()) {
    committed.hash = hash;
  }
  return committed;
}

std::string position_value(std::int64_t line, const std::string& bytes) {
  return std::to_string(line) + " " + std::to_string(fnv1a_64(bytes));
}

Status not_the_file_applied(const std::string& path, std::int64_t line, std::string_view what) {
  return Status::invalid_argument(
      "input " + path + " is not the file this state applied up to its line " +
      std::to_string(line) + " (" + std::string(what) +
      "): give a new file another name, or replay it into another state.dir");
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
    const CommittedLine committed = committed_line(engine, position_name);
    const std::int64_t resume_after = committed.line;
    LineReader reader(file.get());
    std::int64_t line_number = 0;
    const std::string* last_line = nullptr;  // the last line read, where it still is
    bool more = true;
    while (more) {
      records.clear();
      std::size_t used = 0;
      while (used < options.batch_size && (more = reader.next(lines[used]))) {
        ++line_number;
        last_line = &lines[used];
        if (line_number == resume_after && committed.hash &&
            fnv1a_64(lines[used]) != *committed.hash) {
          return not_the_file_applied(path, resume_after, "that line differs");
        }
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
      if (line_number <= resume_after) {
        if (!more && line_number < resume_after) {
          return not_the_file_applied(path, resume_after,
                                      "it has " + std::to_string(line_number) + " lines");
        }
        continue;
      }
      const InputPosition position{position_name, position_value(line_number, *last_line)};
      if (Status s = engine.process(records, std::span(&position, 1)); !s.is_ok()) return s;
      if (Status s = after_batch(); !s.is_ok()) return s;
    }
  }
  return Status::ok();
}

}  // namespace crm
