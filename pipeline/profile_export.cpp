#include "pipeline/profile_export.h"

#include <queue>
#include <string>
#include <vector>

#include "pipeline/task_clocks.h"
#include "processors/evaluate.h"
#include "processors/export_record.h"
#include "state/profile_codec.h"

namespace crm {
namespace {

// Rendered lines are handed to the stream in chunks of about this size.
constexpr std::size_t kFlushBytes = 1 << 16;

// One task's profiles of one kind, positioned at its next profile.
struct TaskCursor {
  RangeIterator it;
  TimeMs clock = 0;
  RfmThresholds thresholds;  // the task's, as its engine scores its buyers
  std::string_view key;      // the customer key part of it.key()
};

class ExportWriter {
 public:
  ExportWriter(const Config& config, const ProfileFilter& filter, ExportFormat format,
               std::ostream& out, ExportStats& stats)
      : model_(config.model()), filter_(filter), format_(format), out_(out), stats_(stats) {}

  Status header() {
    if (format_ == ExportFormat::kCsv) buffer_ = export_csv_header(model_);
    return flush_if_full();
  }

  Status write(std::string_view key, std::string_view bytes, TimeMs clock,
               const RfmThresholds& thresholds) {
    if (Status s = decode_profile(bytes, profile_); !s.is_ok()) {
      return Status::corruption("profile " + std::string(key) + ": " + s.message());
    }
    ++stats_.profiles;
    const CustomerView view = evaluate(profile_, clock, model_, thresholds);
    if (!filter_.matches(profile_, view)) return Status::ok();
    ++stats_.exported;
    if (format_ == ExportFormat::kJsonl) {
      render_export_json(profile_, view, model_, buffer_);
    } else {
      render_export_csv(profile_, view, model_, buffer_);
    }
    return flush_if_full();
  }

  Status finish() {
    if (Status s = flush(); !s.is_ok()) return s;
    out_.flush();
    return out_ ? Status::ok() : Status::io_error("write of the export failed");
  }

 private:
  Status flush_if_full() { return buffer_.size() >= kFlushBytes ? flush() : Status::ok(); }

  Status flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    return out_ ? Status::ok() : Status::io_error("write of the export failed");
  }

  const ModelConfig model_;
  const ProfileFilter& filter_;
  ExportFormat format_;
  std::ostream& out_;
  ExportStats& stats_;
  Profile profile_;
  std::string buffer_;
};

// Reads the cursor's current key; false at the end of its range (or on an error, left in
// it.status()).
Status position(TaskCursor& cursor, bool& valid) {
  valid = cursor.it.valid();
  if (!valid) return cursor.it.status();
  ProfileKeyParts parts;
  if (Status s = decode_profile_key(cursor.it.key(), parts); !s.is_ok()) return s;
  cursor.key = parts.key;
  return Status::ok();
}

// Writes the profiles of one kind of every task, merged into key order.
Status export_kind(const StateStore& store, const RfmConfig& rfm,
                   const std::vector<TaskClock>& tasks, ProfileKind kind, ExportWriter& writer) {
  std::vector<TaskCursor> cursors;
  cursors.reserve(tasks.size());
  const auto later = [&cursors](std::size_t a, std::size_t b) {
    return cursors[a].key > cursors[b].key;
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> next(later);
  for (const TaskClock& task : tasks) {
    TaskCursor cursor{store.scan(Family::kProfiles, profiles_range(task.task, kind), false),
                      task.clock.value_or(0),
                      {},
                      {}};
    bool valid = false;
    if (Status s = position(cursor, valid); !s.is_ok()) return s;
    if (!valid) continue;
    if (!task.clock) {
      return Status::corruption("task " + std::to_string(task.task) + " of " + store.dir() +
                                " holds profiles but no clock");
    }
    if (Status s = read_task_thresholds(store, task.task, rfm, cursor.thresholds); !s.is_ok()) {
      return s;
    }
    cursors.push_back(std::move(cursor));
    next.push(cursors.size() - 1);
  }
  while (!next.empty()) {
    const std::size_t i = next.top();
    next.pop();
    TaskCursor& cursor = cursors[i];
    if (Status s = writer.write(cursor.key, cursor.it.value(), cursor.clock, cursor.thresholds);
        !s.is_ok()) {
      return s;
    }
    cursor.it.next();
    bool valid = false;
    if (Status s = position(cursor, valid); !s.is_ok()) return s;
    if (valid) next.push(i);
  }
  return Status::ok();
}

}  // namespace

Status export_profiles(const StateStore& store, const Config& config, const WallClock& wall,
                       const ProfileFilter& filter, ExportFormat format, std::ostream& out,
                       ExportStats& stats) {
  std::vector<TaskClock> tasks;
  if (Status s = read_task_clocks(store, config.time.clock, wall, tasks); !s.is_ok()) return s;
  ExportWriter writer(config, filter, format, out, stats);
  if (Status s = writer.header(); !s.is_ok()) return s;
  for (const ProfileKind kind : {ProfileKind::kCustomer, ProfileKind::kVisitor}) {
    if (Status s = export_kind(store, config.rfm, tasks, kind, writer); !s.is_ok()) return s;
  }
  return writer.finish();
}

}  // namespace crm
