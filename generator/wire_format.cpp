#include "generator/wire_format.h"

#include <algorithm>
#include <array>

#include "generator/json_line.h"

namespace crm {
namespace {

// Offsets of shops' producers around the world, in minutes east of UTC.
constexpr std::array<int, 6> kOffsetsMinutes = {480, 330, -300, 60, -180, 540};

// "YYYY-MM-DDTHH:MM:SS", then ".mmm" when `with_millis`, of a year 0000-9999.
void append_datetime(std::string& out, TimeMs t, bool with_millis) {
  char text[kDateTimeMsChars];
  if (!put_datetime_ms(text, t)) std::fill_n(text, kDateTimeMsChars, '0');  // not a shop's span
  out.append(text, with_millis ? kDateTimeMsChars : 19);
}

void append_offset(std::string& out, int offset_minutes) {
  const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char text[6] = {offset_minutes < 0 ? '-' : '+', '0', '0', ':', '0', '0'};
  put_digits(text + 1, magnitude / 60, 2);
  put_digits(text + 4, magnitude % 60, 2);
  out.append(text, sizeof text);
}

}  // namespace

void append_ts(std::string& out, TimeMs t, TsForm form, SplitMix64& rng) {
  if (form == TsForm::kEpochMillis) {
    JsonLine::append_digits(out, t);
    return;
  }
  out.push_back('"');
  switch (form) {
    case TsForm::kUtcMillis:
      append_datetime(out, t, true);
      out.push_back('Z');
      break;
    case TsForm::kUtcMicros:
      append_datetime(out, t, true);
      JsonLine::append_digits(out, rng.between(100, 999));  // three digits, none a leading zero
      out.push_back('Z');
      break;
    case TsForm::kWholeSecond:
      append_datetime(out, t, t % kSecondMs != 0);
      out.push_back('Z');
      break;
    case TsForm::kOffset: {
      const int offset = kOffsetsMinutes[rng.below(kOffsetsMinutes.size())];
      append_datetime(out, t + offset * kMinuteMs, true);
      append_offset(out, offset);
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
        JsonLine::append_digits(out, m / 100);
        out.append("e-2");
      } else {
        JsonLine::append_digits(out, m);
        out.append("e-4");
      }
      return;
    case MoneyForm::kString:
    case MoneyForm::kPaddedString: {
      out.push_back('"');
      JsonLine::append_digits(out, m / kMoneyScale);
      out.push_back('.');
      const auto fraction = static_cast<int>(m % kMoneyScale);
      char digits[4];
      put_digits(digits, fraction, 4);
      const bool cents_only = fraction % 100 == 0 && form != MoneyForm::kPaddedString;
      out.append(digits, cents_only ? 2 : 4);
      if (form == MoneyForm::kPaddedString) out.push_back('0');
      out.push_back('"');
      return;
    }
  }
}

}  // namespace crm
