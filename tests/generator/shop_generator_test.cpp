// The synthetic shop's stream as a whole: determinism, ordering, duplicates, counts.
#include "generator/shop_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace crm {
namespace {

std::vector<GeneratedEvent> generate_all(const GeneratorOptions& options) {
  ShopGenerator generator(options);
  std::vector<GeneratedEvent> events;
  GeneratedEvent event;
  while (generator.next(event)) events.push_back(event);
  return events;
}

GeneratorOptions small_shop(std::uint64_t seed = 7) {
  GeneratorOptions options;
  options.seed = seed;
  options.customers = 200;
  options.duration = 120 * kDayMs;
  return options;
}

// The value of a top-level string field as written by the generator ("name":"value").
std::string string_field(const std::string& json, std::string_view name) {
  const std::string needle = "\"" + std::string(name) + "\":\"";
  const std::size_t at = json.find(needle);
  if (at == std::string::npos) return {};
  const std::size_t from = at + needle.size();
  return json.substr(from, json.find('"', from) - from);
}

TEST(ShopGenerator, SameSeedSameBytes) {
  const auto a = generate_all(small_shop());
  const auto b = generate_all(small_shop());
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 10'000u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].json, b[i].json) << "line " << i;
    ASSERT_EQ(a[i].key, b[i].key) << "line " << i;
    ASSERT_EQ(a[i].stream, b[i].stream) << "line " << i;
  }
}

TEST(ShopGenerator, OtherSeedOtherBytes) {
  const auto a = generate_all(small_shop(7));
  const auto b = generate_all(small_shop(8));
  std::size_t same = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) same += a[i].json == b[i].json;
  EXPECT_EQ(same, 0u);
}

TEST(ShopGenerator, MaxEventsCutsTheSameStream) {
  GeneratorOptions options = small_shop();
  const auto all = generate_all(options);
  options.max_events = 5'000;
  const auto cut = generate_all(options);
  ASSERT_EQ(cut.size(), 5'000u);
  for (std::size_t i = 0; i < cut.size(); ++i) ASSERT_EQ(cut[i].json, all[i].json) << i;
}

TEST(ShopGenerator, EventTimeWithinSpanAndLateness) {
  const GeneratorOptions options = small_shop();
  TimeMs highest = options.start;
  std::int64_t behind = 0;
  for (const GeneratedEvent& e : generate_all(options)) {
    ASSERT_GE(e.ts, options.start) << e.json;
    ASSERT_LT(e.ts, options.start + options.duration) << e.json;
    ASSERT_GE(e.ts, highest - options.max_lateness) << e.json;
    behind += e.ts < highest;
    highest = std::max(highest, e.ts);
  }
  EXPECT_GT(behind, 0) << "some events must arrive late";
}

TEST(ShopGenerator, DuplicatesAreEarlierLinesResent) {
  std::set<std::string> seen;
  std::int64_t duplicates = 0;
  for (const GeneratedEvent& e : generate_all(small_shop())) {
    if (e.intended_rejection) continue;
    const bool first = seen.insert(e.json).second;
    ASSERT_EQ(first, !e.duplicate) << e.json;
    duplicates += e.duplicate;
  }
  EXPECT_GT(duplicates, 0);
}

TEST(ShopGenerator, EventIdsAreUnique) {
  std::set<std::string> ids;
  for (const GeneratedEvent& e : generate_all(small_shop())) {
    if (e.duplicate || e.intended_rejection) continue;
    const std::string id = string_field(e.json, "event_id");
    ASSERT_FALSE(id.empty()) << e.json;
    ASSERT_TRUE(ids.insert(id).second) << "repeated " << id;
  }
}

TEST(ShopGenerator, StatsCountWhatWasYielded) {
  const GeneratorOptions options = small_shop();
  ShopGenerator generator(options);
  GeneratedEvent e;
  GeneratorStats counted;
  std::set<std::string> orders;
  while (generator.next(e)) {
    ++counted.events;
    counted.malformed += e.intended_rejection.has_value();
    counted.duplicates += e.duplicate;
    if (!e.intended_rejection) orders.insert(string_field(e.json, "order_id"));
  }
  orders.erase("");
  const GeneratorStats stats = generator.stats();
  EXPECT_EQ(stats.events, counted.events);
  EXPECT_EQ(stats.malformed, counted.malformed);
  EXPECT_EQ(stats.duplicates, counted.duplicates);
  EXPECT_GT(stats.late, 0);
  // Orders placed near the end of the span may have no event in it yet... all placed ones do.
  EXPECT_EQ(stats.orders, static_cast<std::int64_t>(orders.size()));
  std::int64_t shoppers = 0;
  for (std::int64_t n : stats.shoppers) shoppers += n;
  EXPECT_EQ(shoppers, options.customers);
}

TEST(ShopGenerator, KeysAndTopicsFollowTheEvent) {
  std::int64_t wrong_keys = 0;
  std::int64_t wrong_topics = 0;
  std::int64_t valid = 0;
  GeneratorOptions options = small_shop();
  options.wrong_key_fraction = 0.01;
  options.wrong_topic_fraction = 0.01;
  for (const GeneratedEvent& e : generate_all(options)) {
    if (e.intended_rejection) continue;
    ++valid;
    std::string customer_key = string_field(e.json, "customer_id");
    if (customer_key.empty()) customer_key = string_field(e.json, "anonymous_id");
    wrong_keys += e.key != customer_key;
    const bool order = string_field(e.json, "type").starts_with("order_");
    wrong_topics += order != (e.stream == GeneratedEvent::kOrders);
  }
  EXPECT_GT(wrong_keys, 0);
  EXPECT_LT(wrong_keys, valid / 50);
  EXPECT_GT(wrong_topics, 0);
  EXPECT_LT(wrong_topics, valid / 50);
}

TEST(ShopGenerator, CleanStreamWhenImperfectionsAreOff) {
  GeneratorOptions options = small_shop();
  options.malformed_fraction = 0;
  options.duplicate_fraction = 0;
  options.late_fraction = 0;
  options.wrong_key_fraction = 0;
  options.wrong_topic_fraction = 0;
  TimeMs previous = options.start;
  for (const GeneratedEvent& e : generate_all(options)) {
    ASSERT_FALSE(e.intended_rejection) << e.json;
    ASSERT_FALSE(e.duplicate) << e.json;
    ASSERT_GE(e.ts, previous) << e.json;
    previous = e.ts;
  }
}

TEST(ShopGenerator, RejectsOptionsOutOfRange) {
  GeneratorOptions options;
  options.customers = -1;
  EXPECT_THROW(ShopGenerator{options}, std::invalid_argument);
  options = {};
  options.duration = 0;
  EXPECT_THROW(ShopGenerator{options}, std::invalid_argument);
  options = {};
  options.duplicate_fraction = 1.5;
  EXPECT_THROW(ShopGenerator{options}, std::invalid_argument);
}

TEST(ShopGenerator, NoCustomersNoEvents) {
  GeneratorOptions options;
  options.customers = 0;
  EXPECT_TRUE(generate_all(options).empty());
}

}  // namespace
}  // namespace crm
