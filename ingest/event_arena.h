// Storage for the strings and item arrays of decoded Events (processors/event.h holds views).
// A chunked bump allocator: copies are appended to the current chunk, a new chunk is taken
// when it is full, and reset() rewinds to the first chunk while keeping every chunk, so a
// decoder that reuses one arena per batch allocates nothing in steady state.
// Views handed out stay valid until reset() or destruction.
// REQUIRES: external synchronization (one arena per decoding thread).
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace crm {

class EventArena {
 public:
  static constexpr std::size_t kDefaultChunkBytes = 64 * 1024;

  explicit EventArena(std::size_t chunk_bytes = kDefaultChunkBytes);
  EventArena(const EventArena&) = delete;
  EventArena& operator=(const EventArena&) = delete;

  // A copy of `text` owned by the arena (empty input gives an empty view, no storage).
  std::string_view copy(std::string_view text);

  // A copy of `text` followed by `padding` zero bytes (also owned), for parsers that read
  // past the end of their input (simdjson needs SIMDJSON_PADDING). Views into the copy stay
  // valid like any other.
  std::string_view copy_padded(std::string_view text, std::size_t padding);

  // `count` value-initialised objects of T owned by the arena. T must be trivially
  // destructible: reset() never runs destructors.
  template <typename T>
  std::span<T> allocate_array(std::size_t count) {
    static_assert(std::is_trivially_destructible_v<T>);
    if (count == 0) return {};
    void* raw = allocate(sizeof(T) * count, alignof(T));
    T* first = static_cast<T*>(raw);
    for (std::size_t i = 0; i < count; ++i) new (first + i) T();
    return {first, count};
  }

  // Forgets every copy; the chunks are kept for reuse.
  void reset();

  // Bytes handed out since the last reset (for tests and metrics).
  std::size_t used_bytes() const { return used_bytes_; }
  // Bytes of all chunks held.
  std::size_t capacity_bytes() const;

 private:
  struct Chunk {
    std::unique_ptr<std::byte[]> data;
    std::size_t size = 0;
  };

  void* allocate(std::size_t bytes, std::size_t align);

  std::size_t chunk_bytes_;
  std::vector<Chunk> chunks_;
  std::size_t current_ = 0;  // index of the chunk being filled
  std::size_t offset_ = 0;   // first free byte in chunks_[current_]
  std::size_t used_bytes_ = 0;
};

}  // namespace crm
