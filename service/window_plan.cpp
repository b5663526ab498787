#include "service/window_plan.h"

#include <charconv>

namespace crm {
namespace {

// 1: without link moves, 2: without their for_visitor (written before those existed; still read).
constexpr std::int64_t kFormat = 3;

void append(std::string& out, std::int64_t value) {
  out += std::to_string(value);
  out += ' ';
}

// Reads the next space-separated integer of `text` from `at`.
bool read(std::string_view text, std::size_t& at, std::int64_t& value) {
  const char* begin = text.data() + at;
  const auto [end, error] = std::from_chars(begin, text.data() + text.size(), value);
  if (error != std::errc() || end == text.data() + text.size() || *end != ' ') return false;
  at = static_cast<std::size_t>(end - text.data()) + 1;
  return true;
}

}  // namespace

bool WindowPlan::contains(TaskId task, const QueuedRecord& record) const {
  const Part& part = tasks[task];
  if (record.source != InputSource::kForwarded) {
    return record.offset < part.input_end[static_cast<std::size_t>(record.source)];
  }
  const TaskId source = record.forwarded->source;
  if (source >= forwards_below.size()) return false;
  // Made in the window (it is the last one: its plan is still stored) by an earlier task: it
  // joined this part (service/instance_window.h).
  if (record.offset >= forwards_below[source]) return source < task;
  return part.last_forward && record.forward_order() <= *part.last_forward;
}

WindowPlan plan_window(const std::deque<TaskQueue>& queues, const Window& window,
                       const std::vector<std::int64_t>& forwards_below) {
  WindowPlan plan;
  plan.tasks.resize(queues.size());
  plan.forwards_below = forwards_below;
  for (std::size_t task = 0; task < queues.size(); ++task) {
    std::array<std::size_t, kInputSources> counts{};
    for (const InputSource source : window.picks[task]) ++counts[static_cast<std::size_t>(source)];
    WindowPlan::Part& part = plan.tasks[task];
    for (std::size_t i = 0; i < kInputPartitions; ++i) {
      if (counts[i] == 0) continue;
      part.input_end[i] = queues[task].at(static_cast<InputSource>(i), counts[i] - 1).offset + 1;
    }
    if (const std::size_t forwards = counts[static_cast<std::size_t>(InputSource::kForwarded)]) {
      part.last_forward = queues[task].at(InputSource::kForwarded, forwards - 1).forward_order();
    }
  }
  return plan;
}

std::string encode_window_plan(const WindowPlan& plan) {
  std::string out;
  append(out, kFormat);
  append(out, static_cast<std::int64_t>(plan.tasks.size()));
  for (const WindowPlan::Part& part : plan.tasks) {
    append(out, part.input_end[0]);
    append(out, part.input_end[1]);
    append(out, part.last_forward ? 1 : 0);
    const auto [ts, source, sequence] = part.last_forward.value_or(ForwardOrder{});
    append(out, ts);
    append(out, source);
    append(out, sequence);
  }
  for (const std::int64_t below : plan.forwards_below) append(out, below);
  append(out, static_cast<std::int64_t>(plan.link_moves.size()));
  for (const LinkMove& move : plan.link_moves) {
    append(out, move.message.home);
    append(out, static_cast<std::int64_t>(move.message.input));
    append(out, move.message.offset);
    append(out, move.owner);
    append(out, move.for_visitor ? 1 : 0);
  }
  return out;
}

Status decode_window_plan(std::string_view text, WindowPlan& plan) {
  const Status corrupt = Status::corruption("the stored window plan is unreadable");
  std::size_t at = 0;
  std::int64_t format = 0;
  std::int64_t tasks = 0;
  if (!read(text, at, format) || format < 1 || format > kFormat || !read(text, at, tasks) ||
      tasks < 0) {
    return corrupt;
  }
  plan.tasks.assign(static_cast<std::size_t>(tasks), {});
  for (WindowPlan::Part& part : plan.tasks) {
    std::array<std::int64_t, 6> values{};
    for (std::int64_t& value : values) {
      if (!read(text, at, value)) return corrupt;
    }
    part.input_end = {values[0], values[1]};
    if (values[2] != 0) {
      part.last_forward = ForwardOrder{values[3], static_cast<TaskId>(values[4]), values[5]};
    }
  }
  plan.forwards_below.assign(static_cast<std::size_t>(tasks), 0);
  for (std::int64_t& below : plan.forwards_below) {
    if (!read(text, at, below)) return corrupt;
  }
  plan.link_moves.clear();
  std::int64_t moves = 0;
  if (format >= 2 && (!read(text, at, moves) || moves < 0)) return corrupt;
  const std::size_t fields = format >= 3 ? 5 : 4;
  for (std::int64_t i = 0; i < moves; ++i) {
    std::array<std::int64_t, 5> values{};
    for (std::size_t field = 0; field < fields; ++field) {
      if (!read(text, at, values[field])) return corrupt;
    }
    if (values[0] < 0 || values[0] >= tasks || (values[1] != 0 && values[1] != 1) ||
        values[3] < 0 || values[3] >= tasks || (values[4] != 0 && values[4] != 1)) {
      return corrupt;
    }
    plan.link_moves.push_back(
        {{static_cast<TaskId>(values[0]), static_cast<std::size_t>(values[1]), values[2]},
         static_cast<TaskId>(values[3]),
         values[4] == 1});
  }
  return at == text.size() ? Status::ok() : corrupt;
}

}  // namespace crm
