// One atomic write to the state store: every put and delete of a pipeline batch (profiles,
// links, timers, outbox entries, counts, input positions) goes into one Batch and reaches
// RocksDB in one StateStore::write, so after a crash either all of it is there or none.
// REQUIRES external synchronization: one thread fills and writes a Batch. The StateStore it
// was made for must outlive it. clear() and reuse it across batches: its buffers keep their
// capacity.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "processors/profile.h"
#include "processors/time.h"
#include "state/family.h"
#include "state/key_codec.h"
#include "state/status.h"

namespace rocksdb {
class ColumnFamilyHandle;
class WriteBatch;
}  // namespace rocksdb

namespace crm {

class StateStore;

class Batch {
 public:
  explicit Batch(const StateStore& store);
  ~Batch();
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  Batch(Batch&&) noexcept;
  Batch& operator=(Batch&&) noexcept;

  // Raw keys and values, for keys built with key_codec.h.
  void put(Family family, std::string_view key, std::string_view value);
  void erase(Family family, std::string_view key);

  // The profile under (task, kind_of(profile), profile.key()), encoded with profile_codec.h.
  void put_profile(TaskId task, const Profile& profile);
  void erase_profile(TaskId task, ProfileKind kind, std::string_view key);

  void put_timer(TaskId task, TimeMs due, ProfileKind kind, std::string_view key,
                 std::string_view value = {});
  void erase_timer(TaskId task, TimeMs due, ProfileKind kind, std::string_view key);

  void put_link(TaskId task, std::string_view anonymous_id, std::string_view customer_id);
  void erase_link(TaskId task, std::string_view anonymous_id);

  void put_outbox(TaskId task, std::uint64_t sequence, std::string_view value);
  void erase_outbox(TaskId task, std::uint64_t sequence);

  void put_forward(TaskId owner, TaskId source, std::uint64_t sequence, std::string_view value);
  void erase_forward(TaskId owner, TaskId source, std::uint64_t sequence);

  void put_count(TaskId task, std::string_view name, std::int64_t value);
  void erase_count(TaskId task, std::string_view name);

  void put_meta(TaskId task, std::string_view name, std::string_view value);
  void erase_meta(TaskId task, std::string_view name);

  // Puts and deletes so far.
  std::size_t count() const;
  // Bytes of the serialized batch (keys, values and RocksDB's framing).
  std::size_t byte_size() const;
  bool empty() const { return count() == 0; }
  // Forgets every operation and any recorded error; keeps the buffers' capacity.
  void clear();

  // The first failure to add an operation (RocksDB rejects keys or values over 4 GiB);
  // StateStore::write returns it instead of writing a partial batch.
  const Status& error() const { return error_; }

 private:
  friend class StateStore;
  rocksdb::WriteBatch& rep();

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::array<rocksdb::ColumnFamilyHandle*, kFamilyCount> families_{};
  std::string key_;    // scratch for typed keys
  std::string value_;  // scratch for encoded profiles and counts
  Status error_;
};

}  // namespace crm
