// Byte encodings of dead-letter payloads (outputs.md "crm.dead-letter"): standard base64
// (RFC 4648, with padding) of the original bytes, and the SHA-256 of a too_large message.
// Thin wrappers over OpenSSL's libcrypto.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace crm {

void append_base64(std::string& out, std::string_view bytes);

// The bytes of standard padded base64 text; nullopt when `text` is not such base64.
std::optional<std::string> decode_base64(std::string_view text);

// Lowercase hex of the SHA-256 of `bytes` (64 characters).
std::string sha256_hex(std::string_view bytes);

}  // namespace crm
