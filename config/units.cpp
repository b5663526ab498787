#include "config/units.h"

#include <array>
#include <charconv>
#include <limits>
#include <utility>

namespace crm {

namespace {

struct Unit {
  std::string_view suffix;
  std::uint64_t factor;
};

// Largest first, so that format_* picks the largest exact unit.
constexpr std::array<Unit, 5> kDurationUnits = {
    {{"d", kDayMs}, {"h", kHourMs}, {"m", kMinuteMs}, {"s", kSecondMs}, {"ms", 1}}};

constexpr std::array<Unit, 3> kSizeUnits = {
    {{"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10}}};

// Only ASCII digits: from_chars alone would also take a leading '-'.
std::optional<std::uint64_t> parse_digits(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> multiply(std::uint64_t value, std::uint64_t factor,
                                      std::uint64_t limit) {
  if (value > limit / factor) return std::nullopt;
  return value * factor;
}

// Splits "30ms" into "30" and "ms": the unit is the trailing run of letters.
std::pair<std::string_view, std::string_view> split_unit(std::string_view text) {
  std::size_t digits_end = text.size();
  while (digits_end > 0) {
    const char c = text[digits_end - 1];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) break;
    --digits_end;
  }
  return {text.substr(0, digits_end), text.substr(digits_end)};
}

std::string two_digits(std::int64_t value) {
  return {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

}  // namespace

std::optional<TimeMs> parse_duration(std::string_view text) {
  const auto [digits, suffix] = split_unit(text);
  const auto value = parse_digits(digits);
  if (!value) return std::nullopt;
  for (const Unit& unit : kDurationUnits) {
    if (suffix != unit.suffix) continue;
    const auto ms = multiply(*value, unit.factor,
                             static_cast<std::uint64_t>(std::numeric_limits<TimeMs>::max()));
    if (!ms) return std::nullopt;
    return static_cast<TimeMs>(*ms);
  }
  return std::nullopt;
}

std::string format_duration(TimeMs ms) {
  const auto magnitude = static_cast<std::uint64_t>(ms);
  for (const Unit& unit : kDurationUnits) {
    if (magnitude % unit.factor == 0 && (magnitude != 0 || unit.factor == kSecondMs)) {
      return std::to_string(magnitude / unit.factor) + std::string(unit.suffix);
    }
  }
  return std::to_string(magnitude) + "ms";
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  const auto [digits, suffix] = split_unit(text);
  const auto value = parse_digits(digits);
  if (!value) return std::nullopt;
  if (suffix.empty()) return value;
  for (const Unit& unit : kSizeUnits) {
    if (suffix == unit.suffix) {
      return multiply(*value, unit.factor, std::numeric_limits<std::uint64_t>::max());
    }
  }
  return std::nullopt;
}

std::string format_size(std::uint64_t bytes) {
  for (const Unit& unit : kSizeUnits) {
    if (bytes != 0 && bytes % unit.factor == 0) {
      return std::to_string(bytes / unit.factor) + std::string(unit.suffix);
    }
  }
  return std::to_string(bytes);
}

std::optional<TimeMs> parse_day_offset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') {
    return std::nullopt;
  }
  const auto hours = parse_digits(text.substr(1, 2));
  const auto minutes = parse_digits(text.substr(4, 2));
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  const TimeMs offset =
      static_cast<TimeMs>(*hours) * kHourMs + static_cast<TimeMs>(*minutes) * kMinuteMs;
  return text[0] == '-' ? -offset : offset;
}

std::string format_day_offset(TimeMs offset) {
  const TimeMs magnitude = offset < 0 ? -offset : offset;
  return std::string(offset < 0 ? "-" : "+") + two_digits(magnitude / kHourMs) + ":" +
         two_digits(magnitude % kHourMs / kMinuteMs);
}

bool is_listen_address(std::string_view address) {
  const std::size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view host = address.substr(0, colon);
  const std::string_view port = address.substr(colon + 1);
  const bool bracketed = host.front() == '[';
  if (bracketed != (host.back() == ']') || (bracketed && host.size() < 3)) return false;
  if (!bracketed && host.find(':') != std::string_view::npos) return false;
  unsigned value = 0;
  const auto result = std::from_chars(port.data(), port.data() + port.size(), value);
  return !port.empty() && result.ec == std::errc() && result.ptr == port.data() + port.size() &&
         value <= 65535;
}

}  // namespace crm
