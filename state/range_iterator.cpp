#include "state/range_iterator.h"

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>

#include <utility>

#include "state/rocksdb_status.h"

namespace crm {

// Heap-allocated so that the upper bound slice, which RocksDB reads through a pointer for
// the iterator's whole life, keeps its address when the RangeIterator moves.
struct RangeIterator::Impl {
  KeyRange range;
  rocksdb::Slice upper;
  std::string what;
  std::unique_ptr<rocksdb::Iterator> it;
};

RangeIterator::RangeIterator(rocksdb::DB& db, rocksdb::ColumnFamilyHandle& family, KeyRange range,
                             std::string what, bool fill_cache)
    : impl_(std::make_unique<Impl>()) {
  impl_->range = std::move(range);
  impl_->what = std::move(what);
  rocksdb::ReadOptions options;
  if (!impl_->range.end.empty()) {
    impl_->upper = rocksdb::Slice(impl_->range.end);
    options.iterate_upper_bound = &impl_->upper;
  }
  options.fill_cache = fill_cache;
  impl_->it.reset(db.NewIterator(options, &family));
  impl_->it->Seek(impl_->range.begin);
}

RangeIterator::~RangeIterator() = default;
RangeIterator::RangeIterator(RangeIterator&&) noexcept = default;
RangeIterator& RangeIterator::operator=(RangeIterator&&) noexcept = default;

bool RangeIterator::valid() const {
  return impl_->it->Valid();
}

void RangeIterator::next() {
  impl_->it->Next();
}

std::string_view RangeIterator::key() const {
  const rocksdb::Slice k = impl_->it->key();
  return {k.data(), k.size()};
}

std::string_view RangeIterator::value() const {
  const rocksdb::Slice v = impl_->it->value();
  return {v.data(), v.size()};
}

Status RangeIterator::status() const {
  return from_rocksdb(impl_->it->status(), impl_->what);
}

}  // namespace crm
