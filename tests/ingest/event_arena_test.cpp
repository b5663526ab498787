#include "ingest/event_arena.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "processors/event.h"

namespace crm {
namespace {

TEST(EventArenaTest, CopiesStayValidUntilReset) {
  EventArena arena(16);
  std::vector<std::string_view> views;
  std::vector<std::string> originals;
  for (int i = 0; i < 100; ++i) {
    originals.push_back("value-" + std::to_string(i));
    views.push_back(arena.copy(originals.back()));
  }
  for (int i = 0; i < 100; ++i) EXPECT_EQ(views[i], originals[i]);
  EXPECT_EQ(arena.copy(""), std::string_view());
}

TEST(EventArenaTest, ResetKeepsChunks) {
  EventArena arena(64);
  const std::string text(40, 'x');
  const std::string big(1000, 'y');
  auto fill = [&] {
    for (int i = 0; i < 20; ++i) arena.copy(text);
    EXPECT_EQ(arena.copy(big), big);
    arena.allocate_array<OrderItem>(3);
  };
  fill();
  const std::size_t capacity = arena.capacity_bytes();
  EXPECT_GE(arena.used_bytes(), 20 * 40 + 1000);
  for (int round = 0; round < 10; ++round) {
    arena.reset();
    EXPECT_EQ(arena.used_bytes(), 0u);
    fill();
    EXPECT_EQ(arena.capacity_bytes(), capacity) << "steady state must not grow";
  }
}

TEST(EventArenaTest, ArraysAreAlignedAndValueInitialised) {
  EventArena arena(100);
  arena.copy("abc");  // misalign the bump pointer
  std::span<OrderItem> items = arena.allocate_array<OrderItem>(4);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(items.data()) % alignof(OrderItem), 0u);
  for (const OrderItem& item : items) {
    EXPECT_EQ(item.quantity, 1);
    EXPECT_TRUE(item.product_id.empty());
    EXPECT_FALSE(item.price.has_value());
  }
  EXPECT_TRUE(arena.allocate_array<OrderItem>(0).empty());
}

}  // namespace
}  // namespace crm
