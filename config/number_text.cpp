#include "config/number_text.h"

#include <charconv>

namespace crm {

std::string format_number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string format_rate(DecimalRate rate) {
  const std::string digits = std::to_string(rate.digits);
  if (rate.scale <= 0) return digits;
  const auto scale = static_cast<std::size_t>(rate.scale);
  // Left-pad with zeros so that there is at least one digit before the point.
  const std::string padded =
      digits.size() > scale ? digits : std::string(scale + 1 - digits.size(), '0') + digits;
  const std::size_t point = padded.size() - scale;
  return padded.substr(0, point) + "." + padded.substr(point);
}

}  // namespace crm
