#include "sinks/jsonl_outbox_sink.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "state/outbox_codec.h"

namespace crm {

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
