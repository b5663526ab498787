#include "generator/ids.h"

#include "generator/json_line.h"
#include "generator/random.h"

namespace crm {
namespace {

void append_hex16(std::string& out, std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  char digits[16];
  for (int i = 15; i >= 0; --i) {
    digits[i] = kHex[value & 0xF];
    value >>= 4;
  }
  out.append(digits, sizeof digits);
}

}  // namespace

IdFormat::IdFormat(std::uint64_t seed)
    : anonymous_salt_(SplitMix64::mix(seed ^ 0xA11011ull)),
      session_salt_(SplitMix64::mix(seed ^ 0x5E5510Bull)),
      event_salt_(SplitMix64::mix(seed ^ 0xE7E7ull)) {}

void IdFormat::append_customer(std::string& out, std::uint32_t shopper) {
  out.append("cust-");
  JsonLine::append_digits(out, shopper + std::int64_t{1});
}

void IdFormat::append_anonymous(std::string& out, std::uint32_t shopper,
                                std::uint8_t device) const {
  out.append("anon-");
  append_hex16(out, SplitMix64::mix(anonymous_salt_ ^ ((std::uint64_t{shopper} << 8) | device)));
}

void IdFormat::append_session(std::string& out, std::uint32_t shopper,
                              std::uint32_t session) const {
  out.append("sess-");
  append_hex16(out, SplitMix64::mix(session_salt_ ^ ((std::uint64_t{shopper} << 32) | session)));
}

void IdFormat::append_order(std::string& out, std::uint64_t order_number) {
  out.append("ord-");
  JsonLine::append_digits(out, static_cast<std::int64_t>(order_number));
}

void IdFormat::append_event(std::string& out, std::uint64_t event_number) const {
  out.append("evt-");
  append_hex16(out, SplitMix64::mix(event_salt_ ^ event_number));
}

}  // namespace crm
