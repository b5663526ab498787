#include "processors/money.h"

namespace crm {

void append_money(std::string& out, Money m) {
  // Work in unsigned so that the most negative value does not overflow on negation.
  std::uint64_t magnitude =
      m < 0 ? 0 - static_cast<std::uint64_t>(m) : static_cast<std::uint64_t>(m);
  if (m < 0) out.push_back('-');
  out += std::to_string(magnitude / kMoneyScale);
  std::uint64_t fraction = magnitude % kMoneyScale;
  if (fraction == 0) return;
  char digits[4];
  for (int i = 3; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  int length = 4;
  while (digits[length - 1] == '0') --length;
  out.push_back('.');
  out.append(digits, static_cast<std::size_t>(length));
}

std::string format_money(Money m) {
  std::string out;
  append_money(out, m);
  return out;
}

}  // namespace crm
