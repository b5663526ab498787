#include "state/status.h"

namespace crm {

std::string_view to_string(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "ok";
    case Status::Code::kNotFound:
      return "not found";
    case Status::Code::kCorruption:
      return "corruption";
    case Status::Code::kInvalidArgument:
      return "invalid argument";
    case Status::Code::kBusy:
      return "busy";
    case Status::Code::kIOError:
      return "IO error";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string out(crm::to_string(code_));
  out += ": ";
  out += message_;
  return out;
}

}  // namespace crm
