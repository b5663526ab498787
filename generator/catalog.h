// The synthetic shop's products, categories, pages, search queries and inquiry topics. Built
// once from the seed; the generator only reads it. Prices are whole cents, so every amount the
// shop charges has at most 2 decimals (the money forms in wire_format.h rely on it).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "generator/random.h"
#include "processors/money.h"

namespace crm {

class Catalog {
 public:
  static constexpr int kCategories = 12;
  static constexpr std::uint32_t kProductsPerCategory = 400;

  explicit Catalog(std::uint64_t seed);

  // Products are stored by category, so a product's category is its block.
  int category_of(std::uint32_t product) const {
    return static_cast<int>(product / kProductsPerCategory);
  }
  std::string_view category_name(int category) const;
  Money price(std::uint32_t product) const { return prices_[product]; }
  // "sku-00042"
  void append_product_id(std::string& out, std::uint32_t product) const;

  std::uint32_t random_product(SplitMix64& rng, int category) const {
    return static_cast<std::uint32_t>(category) * kProductsPerCategory +
           static_cast<std::uint32_t>(rng.below(kProductsPerCategory));
  }
  // The dearer of two picks: big spenders drift to the expensive end of a category.
  std::uint32_t random_premium_product(SplitMix64& rng, int category) const;

  // Texts of page_view, search and inquiry events; some need JSON escaping, some are UTF-8.
  std::span<const std::string_view> pages() const;
  std::span<const std::string_view> queries() const;
  std::span<const std::string_view> topics() const;

 private:
  std::vector<Money> prices_;
};

}  // namespace crm
