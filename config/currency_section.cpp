// currency and currency_rates (events.md "Money").
#include "config/scalar_values.h"
#include "config/section_readers.h"
#include "ingest/decimal.h"

namespace crm {

namespace {

bool is_currency_code(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace

std::string read_currency(const ConfigNode& node) {
  std::string code = node.text();
  if (!is_currency_code(code)) {
    node.fail("must be an ISO 4217 code of 3 capital letters, got " + quoted(code));
  }
  return code;
}

void read_currency_rates(const ConfigNode& node,
                         std::map<std::string, DecimalRate, std::less<>>& rates) {
  rates.clear();
  for (const auto& [code, value] : node.entries()) {
    if (!is_currency_code(code)) value.fail("must be an ISO 4217 code of 3 capital letters");
    const std::string text = value.text();
    const auto rate = parse_decimal_rate(text);
    if (!rate || rate->digits <= 0) {
      value.fail("must be a positive decimal rate such as \"1.08\", got " + quoted(text));
    }
    rates.emplace(code, *rate);
  }
}

}  // namespace crm
