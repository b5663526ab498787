#include "service/window_groups.h"

#include <numeric>

namespace crm {
namespace {

// Union-find over the tasks; the smallest task of a set is its root.
class TaskSets {
 public:
  explicit TaskSets(std::size_t tasks) : parent_(tasks) {
    std::iota(parent_.begin(), parent_.end(), TaskId{0});
  }
  TaskId root(TaskId task) {
    while (parent_[task] != task) task = parent_[task] = parent_[parent_[task]];
    return task;
  }
  void join(TaskId a, TaskId b) {
    a = root(a);
    b = root(b);
    if (a < b) parent_[b] = a;
    if (b < a) parent_[a] = b;
  }

 private:
  std::vector<TaskId> parent_;
};

}  // namespace

std::vector<std::vector<TaskId>> independent_groups(
    const std::vector<std::vector<QueuedRecord>>& records) {
  TaskSets sets(records.size());
  for (TaskId task = 0; task < records.size(); ++task) {
    for (const QueuedRecord& record : records[task]) {
      if (record.visitor_task && *record.visitor_task < records.size()) {
        sets.join(task, *record.visitor_task);
      }
    }
  }
  std::vector<std::vector<TaskId>> groups;
  std::vector<std::size_t> group_of_root(records.size(), records.size());
  for (TaskId task = 0; task < records.size(); ++task) {
    if (records[task].empty()) continue;
    const TaskId root = sets.root(task);
    if (group_of_root[root] == records.size()) {
      group_of_root[root] = groups.size();
      groups.emplace_back();
    }
    groups[group_of_root[root]].push_back(task);
  }
  return groups;
}

}  // namespace crm
