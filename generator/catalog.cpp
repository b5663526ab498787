#include "generator/catalog.h"

#include <array>
#include <cmath>

namespace crm {
namespace {

struct CategorySpec {
  std::string_view name;
  double min_price;  // dollars
  double max_price;
};

constexpr std::array<CategorySpec, Catalog::kCategories> kCategorySpecs = {{
    {"electronics", 15, 1500},
    {"books", 5, 60},
    {"home", 8, 400},
    {"beauty", 4, 120},
    {"fashion", 10, 300},
    {"sports", 8, 500},
    {"toys", 5, 150},
    {"grocery", 2, 40},
    {"garden", 5, 300},
    {"pets", 4, 120},
    {"jewelry", 30, 3000},
    {"shoes", 25, 250},
}};

constexpr std::array<std::string_view, 10> kPages = {
    "/",     "/sale",    "/new-arrivals",  "/category/electronics", "/category/fashion",
    "/cart", "/account", "/help/shipping", "/help/returns",         "/blog/gift-guide",
};

// Real search boxes receive quotes, backslashes and non-ASCII text.
constexpr std::array<std::string_view, 14> kQueries = {
    "wireless earbuds",
    "running shoes",
    "red \"summer\" dress",
    "usb-c cable",
    "caf\xC3\xA9 table",
    "50% off",
    "gift for dad",
    "\xE4\xBF\x9D\xE6\xB8\xA9\xE6\x9D\xAF",  // 保温杯, a vacuum flask
    "yoga mat",
    "C:\\ drive adapter",
    "organic coffee beans",
    "dog bed xl",
    "silver necklace",
    "lego",
};

constexpr std::array<std::string_view, 6> kTopics = {
    "shipping time", "sizing", "returns", "warranty", "invoice", "stock",
};

// Shop prices end in .99, .90, .50 or .00.
Money shop_price(double dollars, SplitMix64& rng) {
  static constexpr std::array<Money, 4> kEndings = {9900, 9000, 5000, 0};
  const auto whole = static_cast<Money>(std::floor(dollars));
  return whole * kMoneyScale + kEndings[rng.below(kEndings.size())];
}

}  // namespace

Catalog::Catalog(std::uint64_t seed) {
  SplitMix64 rng(SplitMix64::mix(seed ^ 0xCA7A106ull));
  prices_.reserve(kCategories * kProductsPerCategory);
  for (const CategorySpec& spec : kCategorySpecs) {
    const double log_min = std::log(spec.min_price);
    const double log_max = std::log(spec.max_price);
    for (std::uint32_t i = 0; i < kProductsPerCategory; ++i) {
      // Log-uniform: many cheap products, a few dear ones, as in real catalogues.
      prices_.push_back(shop_price(std::exp(log_min + rng.unit() * (log_max - log_min)), rng));
    }
  }
}

std::string_view Catalog::category_name(int category) const {
  return kCategorySpecs[static_cast<std::size_t>(category)].name;
}

void Catalog::append_product_id(std::string& out, std::uint32_t product) const {
  char digits[5];
  for (int i = 4; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + product % 10);
    product /= 10;
  }
  out.append("sku-");
  out.append(digits, sizeof digits);
}

std::uint32_t Catalog::random_premium_product(SplitMix64& rng, int category) const {
  const std::uint32_t a = random_product(rng, category);
  const std::uint32_t b = random_product(rng, category);
  return prices_[a] >= prices_[b] ? a : b;
}

std::span<const std::string_view> Catalog::pages() const {
  return kPages;
}
std::span<const std::string_view> Catalog::queries() const {
  return kQueries;
}
std::span<const std::string_view> Catalog::topics() const {
  return kTopics;
}

}  // namespace crm
