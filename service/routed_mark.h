// A message applied by an earlier task than the one whose partition holds it
// (service/instance_window.h route_window) is applied before its partition's position passes
// it. Its owner commits a mark with it, in the owner's meta, so that a run restarted before that
// position moved on skips the message instead of applying it twice. A mark lives one window: the
// window's last write moves the positions past its messages and deletes its marks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "state/key_codec.h"
#include "state/status.h"

namespace crm {

struct RoutedMessage {
  TaskId home = 0;        // the task whose partition holds it
  std::size_t input = 0;  // clickstream 0, orders 1
  std::int64_t offset = 0;

  friend bool operator<(const RoutedMessage& a, const RoutedMessage& b) {
    return std::tie(a.home, a.input, a.offset) < std::tie(b.home, b.input, b.offset);
  }
};

// A message a window moved to the task of the customer its anonymous id is linked to
// (service/link_routing.h); the window plan keeps them.
struct LinkMove {
  RoutedMessage message;
  TaskId owner = 0;
  bool for_visitor = false;  // QueuedRecord::for_visitor
};

// The mark's meta name ("routed/<home>/<input>/<offset>") and value.
std::string routed_mark_name(const RoutedMessage& message);
std::string encode_routed_mark(const RoutedMessage& message);
Status decode_routed_mark(std::string_view value, RoutedMessage& message);
// Every mark an owner task holds.
KeyRange routed_marks_range(TaskId owner);

}  // namespace crm
