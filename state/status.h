// The outcome of a state operation: ok, or a code and a message that names the operation and
// the path or key involved ("write of a batch to /var/lib/crmstream: IO error: No space ...").
// Errors are values the caller must look at ([[nodiscard]]); nothing in state/ throws or
// swallows a failure. A Status is a plain value: copy it, keep it, return it across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace crm {

class [[nodiscard]] Status {
 public:
  enum class Code : std::uint8_t {
    kOk,
    kNotFound,         // a point lookup found no value: often expected, never an I/O failure
    kCorruption,       // stored bytes that do not decode (profile, key or counter)
    kInvalidArgument,  // a caller's mistake: a bad option, a write to a read-only store
    kBusy,             // the state directory is locked by another read-write instance
    kIOError,          // the disk or RocksDB failed; retrying may help, the data is unchanged
  };

  Status() = default;  // ok

  static Status ok() { return Status(); }
  static Status not_found(std::string message) { return {Code::kNotFound, std::move(message)}; }
  static Status corruption(std::string message) { return {Code::kCorruption, std::move(message)}; }
  static Status invalid_argument(std::string message) {
    return {Code::kInvalidArgument, std::move(message)};
  }
  static Status busy(std::string message) { return {Code::kBusy, std::move(message)}; }
  static Status io_error(std::string message) { return {Code::kIOError, std::move(message)}; }

  bool is_ok() const { return code_ == Code::kOk; }
  bool is_not_found() const { return code_ == Code::kNotFound; }
  bool is_corruption() const { return code_ == Code::kCorruption; }
  bool is_busy() const { return code_ == Code::kBusy; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "ok", or the code's name and the message: for logs.
  std::string to_string() const;

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

std::string_view to_string(Status::Code code);

}  // namespace crm
