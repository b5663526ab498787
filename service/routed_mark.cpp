#include "service/routed_mark.h"

#include <charconv>

namespace crm {
namespace {

constexpr std::string_view kPrefix = "routed/";

bool read_number(std::string_view& text, std::int64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || value < 0) return false;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return true;
}

}  // namespace

std::string routed_mark_name(const RoutedMessage& message) {
  return std::string(kPrefix) + encode_routed_mark(message);
}

std::string encode_routed_mark(const RoutedMessage& message) {
  return std::to_string(message.home) + "/" + std::to_string(message.input) + "/" +
         std::to_string(message.offset);
}

Status decode_routed_mark(std::string_view value, RoutedMessage& message) {
  const Status corrupt =
      Status::corruption("unreadable routed-message mark '" + std::string(value) + "'");
  std::int64_t home = 0;
  std::int64_t input = 0;
  std::string_view text = value;
  if (!read_number(text, home) || !text.starts_with('/')) return corrupt;
  text.remove_prefix(1);
  if (!read_number(text, input) || input > 1 || !text.starts_with('/')) return corrupt;
  text.remove_prefix(1);
  if (!read_number(text, message.offset) || !text.empty()) return corrupt;
  message.home = static_cast<TaskId>(home);
  message.input = static_cast<std::size_t>(input);
  return Status::ok();
}

KeyRange routed_marks_range(TaskId owner) {
  KeyRange range{meta_key(owner, kPrefix), meta_key(owner, kPrefix)};
  ++range.end.back();  // "routed0": just past every name with the prefix
  return range;
}

}  // namespace crm
