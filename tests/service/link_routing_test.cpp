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
    parts[3].push_back(message(40, 4, 3, 3, relinked));  // its relink comes after it
    return parts;
  };
  const TaskPartitioner partitioner(Partitioner::kMurmur2, kPartitions);
  auto parts = window();
  std::vector<LinkMove> moves;
  ASSERT_TRUE(move_linked_messages(*store, partitioner, parts, moves).is_ok());
  EXPECT_EQ(order(parts[0]), (Picks{{"", 0}, {stored_to_0, 0}, {"", 1}}));
  EXPECT_EQ(order(parts[1]), (Picks{{"", 0}, {signed_up, 3}, {"", 1}}));
  EXPECT_EQ(order(parts[2]), (Picks{{stored_to_2, 1}}));
  EXPECT_EQ(order(parts[3]), (Picks{{unlinked, 2}, {relinked, 4}}));
  ASSERT_EQ(moves.size(), 3u);
  for (const auto& part : parts) {
    for (const QueuedRecord& r : part) {
      EXPECT_EQ(r.home != r.owner, r.rerouted()) << r.anonymous_id;
    }
  }

  // A restart reads the moves from the plan: the same parts, whatever the links are by then.
  WindowPlan plan;
  plan.tasks.resize(kPartitions);
  plan.forwards_below.assign(kPartitions, 0);
  plan.link_moves = moves;
  WindowPlan decoded;
  ASSERT_TRUE(decode_window_plan(encode_window_plan(plan), decoded).is_ok());
  ASSERT_EQ(decoded.link_moves.size(), moves.size());
  Batch unlink(*store);
  unlink.erase_link(3, stored_to_0);
  ASSERT_TRUE(store->write(unlink).is_ok());
  auto restarted = window();
  set_link_owners(decoded.link_moves, restarted);
  route_window(restarted);
  for (std::size_t task = 0; task < kPartitions; ++task) {
    EXPECT_EQ(order(restarted[task]), order(parts[task])) << task;
  }
  ASSERT_TRUE(store->close().is_ok());
}

}  // namespace
}  // namespace crm
