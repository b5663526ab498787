// Internal to state/: turns a rocksdb::Status into a crm::Status whose message names what was
// being done ("write of a batch to /x: IO error: ..."), so no RocksDB type leaks out of state/.
// Pure function.
#pragma once

#include <rocksdb/status.h>

#include <string_view>

#include "state/status.h"

namespace crm {

Status from_rocksdb(const rocksdb::Status& status, std::string_view what);

}  // namespace crm
