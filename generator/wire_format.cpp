#include "generator/wire_format.h"

#include <array>

#include "processors/json_writer.h"

namespace crm {
namespace {

// Offsets of shops' producers around the world, in minutes east of UTC.
constexpr std::array<int, 6> kOffsetsMinutes = {480, 330, -300, 60, -180, 540};

void append_two_digits(std::string& out, int value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

// Replaces the final 'Z' of an RFC 3339 UTC time with a numeric offset.
void replace_zulu_with_offset(std::string& out, int offset_minutes) {
  out.pop_back();
  out.push_back(offset_minutes < 0 ? '-' : '+');
  const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  append_two_digits(out, magnitude / 60);
  out.push_back(':');
  append_two_digits(out, magnitude % 60);
}

}  // namespace

void append_ts(std::string& out, TimeMs t, TsForm form, SplitMix64& rng) {
  if (form == TsForm::kEpochMillis) {
    append_int64(out, t);
    return;
  }
  out.push_back('"');
  switch (form) {
    case TsForm::kUtcMillis:
      append_rfc3339_ms(out, t);
      break;
    case TsForm::kUtcMicros:
      append_rfc3339_ms(out, t);
      out.pop_back();
      append_int64(out, rng.between(100, 999));  // three digits, no leading zero to pad
      out.push_back('Z');
      break;
    case TsForm::kWholeSecond:
      append_rfc3339_ms(out, t);
      if (t % kSecondMs == 0) {
        out.erase(out.size() - 5, 4);  // ".000" before the 'Z'
      }
      break;
    case TsForm::kOffset: {
      const int offset = kOffsetsMinutes[rng.below(kOffsetsMinutes.size())];
      append_rfc3339_ms(out, t + offset * kMinuteMs);
      replace_zulu_with_offset(out, offset);
      break;
    }
    case TsForm::kEpochMillis:
      break;
  }
  out.push_back('"');
}

void append_money_as(std::string& out, Money m, MoneyForm form) {
  switch (form) {
    case MoneyForm::kNumber:
      append_money(out, m);
      return;
    case MoneyForm::kExponentNumber:
      if (m % 100 == 0) {
        append_int64(out, m / 100);
        out.append("e-2");
      } else {
        append_int64(out, m);
        out.append("e-4");
      }
      return;
    case MoneyForm::kString:
    case MoneyForm::kPaddedString: {
      out.push_back('"');
      append_int64(out, m / kMoneyScale);
      out.push_back('.');
      const auto fraction = static_cast<int>(m % kMoneyScale);
      append_two_digits(out, fraction / 100);
      if (fraction % 100 != 0 || form == MoneyForm::kPaddedString) {
        append_two_digits(out, fraction % 100);
      }
      if (form == MoneyForm::kPaddedString) out.push_back('0');
      out.push_back('"');
      return;
    }
  }
}

}  // namespace crm
