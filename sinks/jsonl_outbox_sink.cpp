#include "sinks/jsonl_outbox_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "state/outbox_codec.h"

namespace crm {
namespace {

// A run killed while writing leaves the file's last line torn. That line's outbox entry is
// still stored (entries are deleted only once their lines are flushed), so this run writes it
// again: the torn part is cut off first, or the next line would be glued to it.
Status cut_torn_last_line(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR);
  if (fd < 0) {
    if (errno == ENOENT) return Status::ok();
    return Status::io_error("cannot open " + path + ": " + std::strerror(errno));
  }
  const off_t size = ::lseek(fd, 0, SEEK_END);
  off_t keep = size < 0 ? -1 : 0;  // bytes up to and including the last newline
  char chunk[4096];
  for (off_t end = size; end > 0 && keep == 0;) {
    const off_t from = end > static_cast<off_t>(sizeof chunk) ? end - sizeof chunk : 0;
    if (::pread(fd, chunk, static_cast<std::size_t>(end - from), from) != end - from) {
      keep = -1;
      break;
    }
    for (off_t i = end; i > from && keep == 0; --i) {
      if (chunk[i - 1 - from] == '\n') keep = i;
    }
    end = from;
  }
  const bool ok = keep >= 0 && (keep == size || ::ftruncate(fd, keep) == 0);
  const int saved = errno;
  ::close(fd);
  if (ok) return Status::ok();
  return Status::io_error("cannot cut the torn last line of " + path + ": " + std::strerror(saved));
}

}  // namespace

const std::string& OutputTopicNames::of(OutputTopic topic) const {
  switch (topic) {
    case OutputTopic::kSegmentChanges:
      return segment_changes;
    case OutputTopic::kChurnRisk:
      return churn_risk;
    case OutputTopic::kTriggers:
      return triggers;
    case OutputTopic::kDeadLetter:
      break;
  }
  return dead_letter;
}

JsonlOutboxSink::JsonlOutboxSink(std::string directory, OutputTopicNames topics)
    : directory_(std::move(directory)), topics_(std::move(topics)) {}

JsonlOutboxSink::~JsonlOutboxSink() {
  for (std::FILE* file : files_) {
    if (file) std::fclose(file);
  }
}

Status JsonlOutboxSink::file_for(OutputTopic topic, std::FILE*& file) {
  std::FILE*& slot = files_[static_cast<std::size_t>(topic)];
  if (!slot) {
    std::error_code error;
    std::filesystem::create_directories(directory_, error);
    const std::string path = directory_ + "/" + topics_.of(topic) + ".jsonl";
    if (Status s = cut_torn_last_line(path); !s.is_ok()) return s;
    slot = std::fopen(path.c_str(), "ab");
    if (!slot) return Status::io_error("cannot open " + path + ": " + std::strerror(errno));
  }
  file = slot;
  return Status::ok();
}

Status JsonlOutboxSink::drain(StateStore& store, TaskId task) {
  Batch deletes(store);
  OutputRecord record;
  RangeIterator it = store.scan_outbox(task, next_sequence_);
  OutboxKeyParts position;
  for (; it.valid(); it.next()) {
    if (Status s = decode_output_record(it.value(), record); !s.is_ok()) return s;
    std::FILE* file = nullptr;
    if (Status s = file_for(record.topic, file); !s.is_ok()) return s;
    if (std::fwrite(record.json.data(), 1, record.json.size(), file) != record.json.size() ||
        std::fputc('\n', file) == EOF) {
      return Status::io_error("cannot write to " + directory_ + "/" + topics_.of(record.topic) +
                              ".jsonl: " + std::strerror(errno));
    }
    if (Status s = decode_outbox_key(it.key(), position); !s.is_ok()) return s;
    deletes.erase(Family::kOutbox, it.key());
    ++delivered_;
  }
  if (Status s = it.status(); !s.is_ok()) return s;
  if (deletes.empty()) return Status::ok();
  for (std::FILE* file : files_) {
    if (file && std::fflush(file) != 0) {
      return Status::io_error("cannot flush outputs in " + directory_ + ": " +
                              std::strerror(errno));
    }
  }
  if (Status s = store.write(deletes); !s.is_ok()) return s;
  next_sequence_ = position.sequence + 1;
  return Status::ok();
}

}  // namespace crm
