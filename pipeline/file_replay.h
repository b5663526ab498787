// Replays files of JSON lines through a task engine (operations.md `replay`): files in order,
// lines in file order, batches of `batch_size` lines, each batch committed with the file's last
// line as its input position. A re-run with the same input resumes after the last committed
// line, so a kill -9 followed by a re-run applies every line exactly once. The position also
// holds a hash of that line: a re-run given another file under the same path (shorter, or with
// another line there) is refused (InvalidArgument naming the file) instead of skipping its lines.
// Blank lines are not records. With `dead_letters`, each line is a dead-letter record whose
// original bytes are replayed. REQUIRES external synchronization (one thread).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/task_engine.h"

namespace crm {

struct FileReplayOptions {
  std::vector<std::string> inputs;
  bool dead_letters = false;
  std::size_t batch_size = 2048;
};

// Called after each committed batch (the sink drains the outbox there).
using AfterBatch = std::function<Status()>;

// The meta name under which a file's last committed line is kept.
std::string replay_position_name(const std::string& path);

Status replay_files(TaskEngine& engine, const FileReplayOptions& options,
                    const AfterBatch& after_batch);

}  // namespace crm
