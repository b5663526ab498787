// The benchmarks' bounds (bench/work_bounds.h): what they count and what they write must be
// what the figures say, or the ratios in docs/performance.md mean nothing.
#include "bench/work_bounds.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "generator/shop_generator.h"
#include "ingest/decoder.h"
#include "state/profile_codec.h"
#include "state/store.h"
#include "tests/state/profile_samples.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

std::vector<std::string> shop_lines(std::int64_t events) {
  GeneratorOptions options;
  options.seed = 7;
  options.customers = 50;
  options.max_events = events;
  ShopGenerator generator(options);
  GeneratedEvent event;
  std::vector<std::string> lines;
  while (generator.next(event)) lines.push_back(event.json);
  return lines;
}

TEST(FoldInMemory, CountsTheValidEventsAndFoldsEachIntoItsCustomersProfile) {
  std::vector<std::string> lines = shop_lines(2000);
  lines.insert(lines.begin() + 10, "not json");
  lines.push_back(R"({"event_id":"e-1"})");
  const std::vector<std::string_view> views(lines.begin(), lines.end());

  // Independently: the decoder's verdict and customer key for each line.
  EventDecoder decoder(Config{}.decoder());
  EventArena arena;
  Event event;
  std::vector<std::string> expected_keys;
  for (std::string_view line : views) {
    arena.reset();
    if (decoder.decode(line, arena, std::nullopt, event).ok()) {
      expected_keys.emplace_back(event.customer_key());
    }
  }
  ASSERT_LE(expected_keys.size() + 2, lines.size()) << "both bad lines are rejected";

  std::unordered_map<std::string, Profile> profiles;
  std::vector<std::string> keys;
  EXPECT_EQ(fold_in_memory(views, profiles, &keys),
            static_cast<std::int64_t>(expected_keys.size()));
  EXPECT_EQ(keys, expected_keys);
  EXPECT_EQ(profiles.size(), std::set<std::string>(keys.begin(), keys.end()).size());
  // Each valid event counted once in its customer's profile, duplicates (same event id) not.
  std::int64_t folded = 0;
  for (const auto& [key, profile] : profiles) {
    EXPECT_EQ(profile.key(), key);
    for (std::int64_t count : profile.counters) folded += count;
  }
  EXPECT_GT(folded, static_cast<std::int64_t>(keys.size()) * 9 / 10);
  EXPECT_LE(folded, static_cast<std::int64_t>(keys.size()));
}

TEST(PutOnePerKey, LeavesEachCustomersValueAsItsProfile) {
  test::TempDir dir;
  Profile alice = test::rich_profile();
  alice.customer_id = "alice";
  Profile bob = test::rich_profile();
  bob.customer_id = "bob";
  bob.last_seen += 5'000;
  std::unordered_map<std::string, std::string> values;
  encode_profile(alice, values["alice"]);
  encode_profile(bob, values["bob"]);
  const std::vector<std::string> keys{"alice", "bob", "alice", "bob", "bob"};

  double seconds = -1;
  ASSERT_TRUE(put_one_per_key(dir / "raw", 8ull << 20, keys, values, 2, seconds).is_ok());
  EXPECT_GE(seconds, 0);

  StoreOptions options;
  options.dir = dir / "raw";
  std::unique_ptr<StateStore> store;
  ASSERT_TRUE(StateStore::open(options, store).is_ok());
  Profile read;
  ASSERT_TRUE(store->get_profile(0, ProfileKind::kCustomer, "alice", read).is_ok());
  EXPECT_TRUE(test::same_profile(read, alice));
  ASSERT_TRUE(store->get_profile(0, ProfileKind::kCustomer, "bob", read).is_ok());
  EXPECT_TRUE(test::same_profile(read, bob));
}

}  // namespace
}  // namespace crm
