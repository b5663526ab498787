#include "state/batch.h"

#include <rocksdb/write_batch.h>

#include <string>
#include <utility>

#include "state/count_value.h"
#include "state/profile_codec.h"
#include "state/rocksdb_status.h"
#include "state/store.h"

namespace crm {

struct Batch::Impl {
  rocksdb::WriteBatch batch;
};

Batch::Batch(const StateStore& store)
    : impl_(std::make_unique<Impl>()), families_(store.families_) {}

Batch::~Batch() = default;
Batch::Batch(Batch&&) noexcept = default;
Batch& Batch::operator=(Batch&&) noexcept = default;

rocksdb::WriteBatch& Batch::rep() {
  return impl_->batch;
}

namespace {

rocksdb::Slice slice(std::string_view s) {
  return {s.data(), s.size()};
}

}  // namespace

void Batch::put(Family family, std::string_view key, std::string_view value) {
  const rocksdb::Status s =
      impl_->batch.Put(families_[family_index(family)], slice(key), slice(value));
  if (!s.ok() && error_.is_ok()) {
    error_ = from_rocksdb(s, "add a put to the " + std::string(family_name(family)) + " batch");
  }
}

void Batch::erase(Family family, std::string_view key) {
  const rocksdb::Status s = impl_->batch.Delete(families_[family_index(family)], slice(key));
  if (!s.ok() && error_.is_ok()) {
    error_ = from_rocksdb(s, "add a delete to the " + std::string(family_name(family)) + " batch");
  }
}

void Batch::put_profile(TaskId task, const Profile& profile) {
  key_.clear();
  append_profile_key(key_, task, kind_of(profile), profile.key());
  value_.clear();
  encode_profile(profile, value_);
  put(Family::kProfiles, key_, value_);
}

void Batch::erase_profile(TaskId task, ProfileKind kind, std::string_view key) {
  key_.clear();
  append_profile_key(key_, task, kind, key);
  erase(Family::kProfiles, key_);
}

void Batch::put_timer(TaskId task, TimeMs due, ProfileKind kind, std::string_view key,
                      std::string_view value) {
  key_.clear();
  append_timer_key(key_, task, due, kind, key);
  put(Family::kTimers, key_, value);
}

void Batch::erase_timer(TaskId task, TimeMs due, ProfileKind kind, std::string_view key) {
  key_.clear();
  append_timer_key(key_, task, due, kind, key);
  erase(Family::kTimers, key_);
}

void Batch::put_link(TaskId task, std::string_view anonymous_id, std::string_view customer_id) {
  key_.clear();
  append_link_key(key_, task, anonymous_id);
  put(Family::kLinks, key_, customer_id);
}

void Batch::erase_link(TaskId task, std::string_view anonymous_id) {
  key_.clear();
  append_link_key(key_, task, anonymous_id);
  erase(Family::kLinks, key_);
}

void Batch::put_outbox(TaskId task, std::uint64_t sequence, std::string_view value) {
  key_.clear();
  append_outbox_key(key_, task, sequence);
  put(Family::kOutbox, key_, value);
}

void Batch::erase_outbox(TaskId task, std::uint64_t sequence) {
  key_.clear();
  append_outbox_key(key_, task, sequence);
  erase(Family::kOutbox, key_);
}

void Batch::put_forward(TaskId owner, TaskId source, std::uint64_t sequence,
                        std::string_view value) {
  key_.clear();
  append_forward_key(key_, owner, source, sequence);
  put(Family::kForwards, key_, value);
}

void Batch::erase_forward(TaskId owner, TaskId source, std::uint64_t sequence) {
  key_.clear();
  append_forward_key(key_, owner, source, sequence);
  erase(Family::kForwards, key_);
}

void Batch::put_count(TaskId task, std::string_view name, std::int64_t value) {
  key_.clear();
  append_count_key(key_, task, name);
  value_.clear();
  append_count_value(value_, value);
  put(Family::kCounts, key_, value_);
}

void Batch::erase_count(TaskId task, std::string_view name) {
  key_.clear();
  append_count_key(key_, task, name);
  erase(Family::kCounts, key_);
}

void Batch::put_meta(TaskId task, std::string_view name, std::string_view value) {
  key_.clear();
  append_meta_key(key_, task, name);
  put(Family::kMeta, key_, value);
}

void Batch::erase_meta(TaskId task, std::string_view name) {
  key_.clear();
  append_meta_key(key_, task, name);
  erase(Family::kMeta, key_);
}

std::size_t Batch::count() const {
  return static_cast<std::size_t>(impl_->batch.Count());
}

std::size_t Batch::byte_size() const {
  return impl_->batch.GetDataSize();
}

void Batch::clear() {
  impl_->batch.Clear();
  error_ = Status::ok();
}

}  // namespace crm
