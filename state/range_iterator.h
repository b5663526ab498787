// A forward scan over one key range of one column family, in key order, over a consistent
// view of the store taken when the scan began (later writes are not seen). Used for the
// timers due by an instant, a task's outbox in sequence order and profiles for export.
// REQUIRES external synchronization: one thread uses an iterator; distinct iterators may run
// on different threads. The StateStore that made it must outlive it. key() and value() are
// views valid until the next next().
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "state/key_codec.h"
#include "state/status.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace crm {

class RangeIterator {
 public:
  ~RangeIterator();
  RangeIterator(RangeIterator&&) noexcept;
  RangeIterator& operator=(RangeIterator&&) noexcept;
  RangeIterator(const RangeIterator&) = delete;
  RangeIterator& operator=(const RangeIterator&) = delete;

  // False at the end of the range or after a read error: then look at status().
  bool valid() const;
  void next();
  std::string_view key() const;
  std::string_view value() const;
  // Ok at the end of the range; the read error (naming family and directory) otherwise.
  Status status() const;

 private:
  friend class StateStore;
  RangeIterator(rocksdb::DB& db, rocksdb::ColumnFamilyHandle& family, KeyRange range,
                std::string what, bool fill_cache);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm
