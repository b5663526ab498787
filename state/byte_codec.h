// Byte-level primitives shared by the state encodings: LEB128 varints, zigzag for signed
// values, and fixed-width big-endian integers (the order-preserving form keys need).
// Appending functions never clear their output; the reader never reads past its input and
// reports running out instead. Pure functions and a cursor over caller-owned bytes: a
// ByteReader belongs to one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace crm {

inline constexpr std::size_t kMaxVarint64Bytes = 10;

constexpr std::uint64_t zigzag_encode(std::int64_t v) {
  // Small magnitudes of either sign become small unsigned values: 0, -1, 1, -2 -> 0, 1, 2, 3.
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

constexpr std::int64_t zigzag_decode(std::uint64_t u) {
  return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

inline void append_varint(std::string& out, std::uint64_t v) {
  char buf[kMaxVarint64Bytes];
  std::size_t n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out.append(buf, n);
}

inline void append_svarint(std::string& out, std::int64_t v) {
  append_varint(out, zigzag_encode(v));
}

inline void append_u8(std::string& out, std::uint8_t v) {
  out.push_back(static_cast<char>(v));
}

inline void append_fixed64_le(std::string& out, std::uint64_t v) {
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(v >> (8 * i));
  out.append(buf, 8);
}

// Big-endian so that byte-wise comparison (RocksDB's default comparator) orders as numbers do.
inline void append_fixed16_be(std::string& out, std::uint16_t v) {
  const char buf[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(buf, 2);
}

inline void append_fixed64_be(std::string& out, std::uint64_t v) {
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(v >> (8 * (7 - i)));
  out.append(buf, 8);
}

// Flipping the sign bit makes two's complement order (negative below positive) agree with
// unsigned order, so big-endian bytes of the result sort as the signed values do.
constexpr std::uint64_t order_preserving_u64(std::int64_t v) {
  return static_cast<std::uint64_t>(v) ^ (std::uint64_t{1} << 63);
}
constexpr std::int64_t from_order_preserving_u64(std::uint64_t u) {
  return static_cast<std::int64_t>(u ^ (std::uint64_t{1} << 63));
}

// Length-prefixed bytes: a varint length, then the bytes as they are (NULs included).
inline void append_bytes(std::string& out, std::string_view s) {
  append_varint(out, s.size());
  out.append(s);
}

// A cursor over encoded bytes. Every read returns false, leaving the value unspecified, when
// the input runs out or is malformed; the caller turns that into an error naming the field.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }

  bool read_u8(std::uint8_t& v) {
    if (pos_ >= data_.size()) return false;
    v = static_cast<std::uint8_t>(data_[pos_++]);
    return true;
  }

  // Rejects a tenth byte above 1 (more than 64 bits) rather than silently wrapping.
  bool read_varint(std::uint64_t& v) {
    std::uint64_t result = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      const auto byte = static_cast<std::uint8_t>(data_[pos_++]);
      if (shift == 63 && byte > 1) return false;
      result |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        v = result;
        return true;
      }
    }
    return false;
  }

  bool read_svarint(std::int64_t& v) {
    std::uint64_t u = 0;
    if (!read_varint(u)) return false;
    v = zigzag_decode(u);
    return true;
  }

  bool read_fixed64_le(std::uint64_t& v) {
    if (remaining() < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(data_[pos_ + i])) << (8 * i);
    }
    pos_ += 8;
    return true;
  }

  bool read_fixed16_be(std::uint16_t& v) {
    if (remaining() < 2) return false;
    v = static_cast<std::uint16_t>((static_cast<std::uint8_t>(data_[pos_]) << 8) |
                                   static_cast<std::uint8_t>(data_[pos_ + 1]));
    pos_ += 2;
    return true;
  }

  bool read_fixed64_be(std::uint64_t& v) {
    if (remaining() < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) {
      v = (v << 8) | static_cast<std::uint8_t>(data_[pos_ + i]);
    }
    pos_ += 8;
    return true;
  }

  // `n` bytes as a view into the input: valid as long as the input is.
  bool read_raw(std::size_t n, std::string_view& s) {
    if (n > remaining()) return false;
    s = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }

  // Length-prefixed bytes (append_bytes), as a view into the input.
  bool read_bytes(std::string_view& s) {
    std::uint64_t n = 0;
    return read_varint(n) && n <= remaining() && read_raw(static_cast<std::size_t>(n), s);
  }

  // The rest of the input, consumed.
  std::string_view read_rest() {
    const std::string_view rest = data_.substr(pos_);
    pos_ = data_.size();
    return rest;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace crm
