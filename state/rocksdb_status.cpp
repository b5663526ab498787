#include "state/rocksdb_status.h"

#include <string>

namespace crm {

Status from_rocksdb(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return Status::ok();
  std::string message(what);
  message += ": ";
  message += status.ToString();
  if (status.IsNotFound()) return Status::not_found(std::move(message));
  if (status.IsCorruption()) return Status::corruption(std::move(message));
  if (status.IsInvalidArgument() || status.IsNotSupported()) {
    return Status::invalid_argument(std::move(message));
  }
  if (status.IsBusy()) return Status::busy(std::move(message));
  return Status::io_error(std::move(message));
}

}  // namespace crm
