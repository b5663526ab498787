#include "ingest/event_arena.h"

#include <cstring>

namespace crm {

EventArena::EventArena(std::size_t chunk_bytes)
    : chunk_bytes_(chunk_bytes == 0 ? 1 : chunk_bytes) {}

std::string_view EventArena::copy(std::string_view text) {
  if (text.empty()) return {};
  void* dest = allocate(text.size(), 1);
  std::memcpy(dest, text.data(), text.size());
  return {static_cast<const char*>(dest), text.size()};
}

std::string_view EventArena::copy_padded(std::string_view text, std::size_t padding) {
  auto* dest = static_cast<char*>(allocate(text.size() + padding, 1));
  if (!text.empty()) std::memcpy(dest, text.data(), text.size());
  std::memset(dest + text.size(), 0, padding);
  return {dest, text.size()};
}

void* EventArena::allocate(std::size_t bytes, std::size_t align) {
  // First fit over the kept chunks from the current one on: after reset() the same sequence
  // of requests walks the same chunks without touching the heap.
  while (current_ < chunks_.size()) {
    Chunk& chunk = chunks_[current_];
    const std::size_t start = (offset_ + align - 1) / align * align;
    if (start + bytes <= chunk.size) {
      offset_ = start + bytes;
      used_bytes_ += bytes;
      return chunk.data.get() + start;
    }
    ++current_;
    offset_ = 0;
  }
  // A request bigger than a chunk gets a chunk of its own size (kept like the others).
  // new[] of std::byte is aligned for any fundamental type, so offset 0 suits every `align`.
  const std::size_t size = bytes > chunk_bytes_ ? bytes : chunk_bytes_;
  chunks_.push_back(Chunk{std::make_unique_for_overwrite<std::byte[]>(size), size});
  current_ = chunks_.size() - 1;
  offset_ = bytes;
  used_bytes_ += bytes;
  return chunks_.back().data.get();
}

void EventArena::reset() {
  current_ = 0;
  offset_ = 0;
  used_bytes_ = 0;
}

std::size_t EventArena::capacity_bytes() const {
  std::size_t total = 0;
  for (const Chunk& chunk : chunks_) total += chunk.size;
  return total;
}

}  // namespace crm
