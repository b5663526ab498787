// Which messages of anonymous ids a window moves to their customer's task
// (service/link_routing.h): those whose id is linked, by a stored link or by a signup its
// customer's task applies before them, to a task earlier than the part they are in; and a
// restart that gives the plan's moves to the same messages ends with the same parts.
#include "service/link_routing.h"

#include <gtest/gtest.h>

#include "service/instance_window.h"
#include "service/window_plan.h"
#include "service_test_support.h"
#include "tests/state/temp_dir.h"

namespace crm {
namespace {

using namespace service_test;
using S = InputSource;
using Picks = std::vector<std::pair<std::string, std::int64_t>>;  // (anonymous id or "", offset)

constexpr std::int32_t kPartitions = 4;

QueuedRecord message(TimeMs ts, std::int64_t offset, TaskId home, TaskId owner,
                     const std::string& anonymous_id = "", bool links = false) {
  QueuedRecord r;
  r.source = S::kClickstream;
  r.ts = ts;
  r.offset = offset;
  r.home = home;
  r.owner = owner;
  r.anonymous_id = anonymous_id;
  r.links = links;
  return r;
}

Picks order(const std::vector<QueuedRecord>& part) {
  Picks out;
  for (const QueuedRecord& r : part) out.emplace_back(r.links ? "" : r.anonymous_id, r.offset);
  return out;
}

// A restart: the window's parts as chosen again, given the moves the stored plan kept.
std::vector<std::vector<QueuedRecord>> restarted(std::vector<std::vector<QueuedRecord>> parts,
                                                 const std::vector<LinkMove>& moves) {
  WindowPlan plan;
  plan.tasks.resize(kPartitions);
  plan.forwards_below.assign(kPartitions, 0);
  plan.link_moves = moves;
  WindowPlan decoded;
  EXPECT_TRUE(decode_window_plan(encode_window_plan(plan), decoded).is_ok());
  EXPECT_EQ(decoded.link_moves.size(), moves.size());
  set_link_owners(decoded.link_moves, parts);
  route_window(parts);
  return parts;
}

// The parts hold the same records in the same order, each with the same for_visitor.
void expect_same_parts(const std::vector<std::vector<QueuedRecord>>& actual,
                       const std::vector<std::vector<QueuedRecord>>& expected) {
  for (std::size_t task = 0; task < kPartitions; ++task) {
    ASSERT_EQ(order(actual[task]), order(expected[task])) << task;
    for (std::size_t i = 0; i < expected[task].size(); ++i) {
      EXPECT_EQ(actual[task][i].for_visitor, expected[task][i].for_visitor) << task << " " << i;
    }
  }
}

TEST(LinkRouting, MovesALinkedIdsMessageToAnEarlierCustomerTask) {
  const std::string customer0 = key_of_task(kPartitions, 0);
  const std::string customer2 = key_of_task(kPartitions, 2);
  const std::string stored_to_0 = key_of_task(kPartitions, 3, "a-");
  const std::string stored_to_2 = key_of_task(kPartitions, 3, "b-");
  const std::string unlinked = key_of_task(kPartitions, 3, "u-");
  const std::string signed_up = key_of_task(kPartitions, 3, "w-");  // links at ts 5, task 1
  const std::string relinked = key_of_task(kPartitions, 3, "v-");   // stored, relinks at ts 50

  Config config;
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  Batch links(*store);
  links.put_link(3, stored_to_0, customer0);
  links.put_link(3, stored_to_2, customer2);
  links.put_link(3, relinked, customer0);
  ASSERT_TRUE(store->write(links).is_ok());

  const auto window = [&] {
    std::vector<std::vector<QueuedRecord>> parts(kPartitions);
    parts[0].push_back(message(10, 0, 0, 0));
    parts[0].push_back(message(60, 1, 0, 0));
    parts[1].push_back(message(5, 0, 1, 1, signed_up, true));
    parts[1].push_back(message(50, 1, 1, 1, relinked, true));
    parts[3].push_back(message(20, 0, 3, 3, stored_to_0));
    parts[3].push_back(message(21, 1, 3, 3, stored_to_2));
    parts[3].push_back(message(22, 2, 3, 3, unlinked));
    parts[3].push_back(message(30, 3, 3, 3, signed_up));
    // Its relink (task 1) comes after it: task 0 applies it first, by the stored link.
    parts[3].push_back(message(40, 4, 3, 3, relinked));
    return parts;
  };
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  auto parts = window();
  std::vector<LinkMove> moves;
  ASSERT_TRUE(move_linked_messages(*store, partitioner, parts, moves).is_ok());
  EXPECT_EQ(order(parts[0]), (Picks{{"", 0}, {stored_to_0, 0}, {relinked, 4}, {"", 1}}));
  EXPECT_EQ(order(parts[1]), (Picks{{"", 0}, {signed_up, 3}, {"", 1}}));
  EXPECT_EQ(order(parts[2]), (Picks{{stored_to_2, 1}}));
  EXPECT_EQ(order(parts[3]), (Picks{{unlinked, 2}}));
  ASSERT_EQ(moves.size(), 4u);
  for (const auto& part : parts) {
    for (const QueuedRecord& r : part) {
      EXPECT_EQ(r.home != r.owner, r.rerouted()) << r.anonymous_id;
    }
  }

  // A restart reads the moves from the plan: the same parts, whatever the links are by then.
  Batch unlink(*store);
  unlink.erase_link(3, stored_to_0);
  ASSERT_TRUE(store->write(unlink).is_ok());
  expect_same_parts(restarted(window(), moves), parts);
  ASSERT_TRUE(store->close().is_ok());
}

// A message between two links of its id in the window goes to the earlier link's task, when the
// later link's task comes after it there; else the id's task follows the link it finds.
TEST(LinkRouting, MovesAMessageBetweenTwoLinksToTheEarlierLinksTask) {
  const std::string between = key_of_task(kPartitions, 3, "x-");   // linked by 1, then by 2
  const std::string reversed = key_of_task(kPartitions, 3, "y-");  // linked by 2, then by 1
  Config config;
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  std::vector<std::vector<QueuedRecord>> parts(kPartitions);
  parts[1].push_back(message(5, 0, 1, 1, between, true));
  parts[1].push_back(message(50, 1, 1, 1, reversed, true));
  parts[2].push_back(message(5, 0, 2, 2, reversed, true));
  parts[2].push_back(message(50, 1, 2, 2, between, true));
  parts[3].push_back(message(30, 0, 3, 3, between));
  parts[3].push_back(message(30, 1, 3, 3, reversed));
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  std::vector<LinkMove> moves;
  ASSERT_TRUE(move_linked_messages(*store, partitioner, parts, moves).is_ok());
  EXPECT_EQ(order(parts[1]), (Picks{{"", 0}, {between, 0}, {"", 1}}));
  EXPECT_EQ(order(parts[3]), (Picks{{reversed, 1}}));
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_FALSE(moves[0].for_visitor);
  ASSERT_TRUE(store->close().is_ok());
}

// No link stored: a message before its id's first signup/login of the window goes to that link's
// task when it comes earlier than the id's own, and is applied there for the visitor.
TEST(LinkRouting, MovesAVisitorsMessageBeforeItsFirstLinkToThatLinksEarlierTask) {
  const std::string before = key_of_task(kPartitions, 3, "x-");
  const std::string after = key_of_task(kPartitions, 3, "w-");
  const std::string later_link_first = key_of_task(kPartitions, 3, "y-");  // linked at 1 and 2
  const std::string link_forwarded = key_of_task(kPartitions, 3, "v-");  // its signup's owner is 2

  Config config;
  test::TempDir dir;
  std::unique_ptr<StateStore> store = open_store_in(config, dir / "state");
  ASSERT_TRUE(store);
  const auto window = [&] {
    std::vector<std::vector<QueuedRecord>> parts(kPartitions);
    parts[1].push_back(message(20, 0, 1, 1, before, true));
    parts[1].push_back(message(20, 1, 1, 1, after, true));
    parts[1].push_back(message(20, 2, 1, 1, later_link_first, true));
    parts[1].push_back(message(20, 3, 1, 2, link_forwarded, true));
    parts[2].push_back(message(15, 0, 2, 2, later_link_first, true));
    parts[3].push_back(message(10, 0, 3, 3, before));
    parts[3].push_back(message(10, 1, 3, 3, later_link_first));
    parts[3].push_back(message(10, 2, 3, 3, link_forwarded));
    parts[3].push_back(message(30, 3, 3, 3, after));
    return parts;
  };
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  auto parts = window();
  std::vector<LinkMove> moves;
  ASSERT_TRUE(move_linked_messages(*store, partitioner, parts, moves).is_ok());
  EXPECT_EQ(order(parts[1]), (Picks{{before, 0}, {"", 0}, {"", 1}, {"", 2}, {"", 3}, {after, 3}}));
  EXPECT_EQ(order(parts[3]), (Picks{{later_link_first, 1}, {link_forwarded, 2}}));
  ASSERT_EQ(moves.size(), 2u);
  for (const QueuedRecord& r : parts[1]) {
    EXPECT_EQ(r.for_visitor, r.anonymous_id == before && !r.links) << r.anonymous_id;
  }

  // A restart gives the same messages the same flag.
  expect_same_parts(restarted(window(), moves), parts);
  ASSERT_TRUE(store->close().is_ok());
}

}  // namespace
}  // namespace crm
