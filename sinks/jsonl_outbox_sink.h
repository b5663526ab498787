// Delivers a task's outbox to JSON-lines files, one per output topic, named after the topic
// (`crm.segment-changes.jsonl`, ...), for `replay --output DIR`. An entry is deleted from the
// outbox only after its line was written and flushed, so a crash between the two repeats a
// line on the next run (at-least-once, the same event_id) and never loses one; a line torn by
// a crash mid-write is cut off when the file is opened again, and written whole.
// REQUIRES external synchronization (one thread).
#pragma once

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include "processors/output_event.h"
#include "state/store.h"

namespace crm {

struct OutputTopicNames {
  std::string segment_changes;
  std::string churn_risk;
  std::string triggers;
  std::string dead_letter;
  const std::string& of(OutputTopic topic) const;
};

class JsonlOutboxSink {
 public:
  JsonlOutboxSink(std::string directory, OutputTopicNames topics);
  ~JsonlOutboxSink();
  JsonlOutboxSink(const JsonlOutboxSink&) = delete;
  JsonlOutboxSink& operator=(const JsonlOutboxSink&) = delete;

  // Appends every pending entry of the task's outbox to its file, then deletes them.
  Status drain(StateStore& store, TaskId task);

  std::int64_t delivered() const { return delivered_; }

 private:
  Status file_for(OutputTopic topic, std::FILE*& file);

  std::string directory_;
  OutputTopicNames topics_;
  std::array<std::FILE*, 4> files_{};
  std::int64_t delivered_ = 0;
  // Where the next drain starts: entries before it were delivered and deleted, and starting
  // past them spares the scan their tombstones. One task per sink.
  std::uint64_t next_sequence_ = 0;
};

}  // namespace crm
