#include "processors/dedupe.h"

#include <algorithm>

#include "processors/experiments.h"

namespace crm {
namespace {

bool hash_less(const SeenEvent& a, const SeenEvent& b) {
  return a.id_hash < b.id_hash;
}

bool expired(const SeenEvent& seen, TimeMs clock, TimeMs retention) {
  return seen.applied_at + retention <= clock;
}

}  // namespace

std::uint64_t event_id_hash(std::string_view event_id) {
  return fnv1a_64(event_id);
}

bool is_duplicate(const Profile& profile, std::string_view event_id, TimeMs clock,
                  TimeMs retention) {
  const SeenEvent probe{event_id_hash(event_id), 0};
  const auto& seen = profile.seen_events;
  const auto it = std::lower_bound(seen.begin(), seen.end(), probe, hash_less);
  return it != seen.end() && it->id_hash == probe.id_hash && !expired(*it, clock, retention);
}

void remember_event(Profile& profile, std::string_view event_id, TimeMs clock) {
  const SeenEvent entry{event_id_hash(event_id), clock};
  auto& seen = profile.seen_events;
  const auto it = std::lower_bound(seen.begin(), seen.end(), entry, hash_less);
  if (it != seen.end() && it->id_hash == entry.id_hash) {
    it->applied_at = std::max(it->applied_at, clock);  // an expired id applied again
  } else {
    seen.insert(it, entry);
  }
}

void prune_seen_events(Profile& profile, TimeMs clock, TimeMs retention) {
  std::erase_if(profile.seen_events,
                [&](const SeenEvent& seen) { return expired(seen, clock, retention); });
}

void restamp_seen_events(Profile& profile, TimeMs clock) {
  for (SeenEvent& seen : profile.seen_events) seen.applied_at = std::max(seen.applied_at, clock);
}

void merge_seen_events(Profile& into, const Profile& from) {
  if (from.seen_events.empty()) return;
  std::vector<SeenEvent> merged;
  merged.reserve(into.seen_events.size() + from.seen_events.size());
  auto a = into.seen_events.begin();
  auto b = from.seen_events.begin();
  while (a != into.seen_events.end() || b != from.seen_events.end()) {
    if (b == from.seen_events.end() || (a != into.seen_events.end() && a->id_hash < b->id_hash)) {
      merged.push_back(*a++);
    } else if (a == into.seen_events.end() || b->id_hash < a->id_hash) {
      merged.push_back(*b++);
    } else {
      merged.push_back(SeenEvent{a->id_hash, std::max(a->applied_at, b->applied_at)});
      ++a;
      ++b;
    }
  }
  into.seen_events = std::move(merged);
}

}  // namespace crm
