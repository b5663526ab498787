#include "pipeline/task_engine.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>

#include "pipeline/task_clocks.h"
#include "processors/dedupe.h"
#include "processors/evaluate.h"
#include "processors/identity.h"
#include "processors/quantiles.h"
#include "state/outbox_codec.h"
#include "state/profile_codec.h"

namespace crm {
namespace {

constexpr std::string_view kOutboxSequenceMeta = "outbox_next";
constexpr std::string_view kForwardSequenceMeta = "forward_next";

template <typename Int>
Status parse_meta_integer(std::string_view name, const std::string& text, Int& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::corruption("meta " + std::string(name) + " is not an integer: " + text);
  }
  return Status::ok();
}

// Reads the task's integer meta `name` into `value` when it is there (setting *found).
template <typename Int>
Status read_meta(const StateStore& store, TaskId task, std::string_view name, Int& value,
                 bool* found) {
  std::string text;
  const Status status = store.get_meta(task, name, text);
  if (status.is_not_found()) return Status::ok();
  if (!status.is_ok()) return status;
  if (found != nullptr) *found = true;
  return parse_meta_integer(name, text, value);
}

// The largest multiple of `step` at or before `instant` (instants before the epoch included).
TimeMs floor_multiple(TimeMs instant, TimeMs step) {
  TimeMs quotient = instant / step;
  if (instant % step < 0) --quotient;
  return quotient * step;
}

}  // namespace

TaskEngine::TaskEngine(StateStore& store, const Config& config, const WallClock& wall,
                       TaskEngineOptions options)
    : store_(store),
      config_(config),
      model_(config.model()),
      wall_(wall),
      options_(options),
      thresholds_(static_thresholds(config.rfm)),
      context_{model_, thresholds_},
      decoder_(config.decoder()),
      counts_(options.task, model_),
      batch_(store) {}

Status TaskEngine::open() {
  Status status = read_meta(store_, options_.task, kClockMeta, clock_, &clock_started_);
  if (!status.is_ok()) return status;
  if (clock_started_) stored_clock_ = clock_;
  bool outbox_sequence_found = false;
  status = read_meta(store_, options_.task, kOutboxSequenceMeta, next_outbox_sequence_,
                     &outbox_sequence_found);
  if (!status.is_ok()) return status;
  if (outbox_sequence_found) stored_outbox_sequence_ = next_outbox_sequence_;
  status = read_meta(store_, options_.task, kForwardSequenceMeta, next_forward_sequence_, nullptr);
  if (!status.is_ok()) return status;
  status = read_task_thresholds(store_, options_.task, config_.rfm, thresholds_);
  if (!status.is_ok()) return status;
  RangeIterator erasures = store_.scan(Family::kMeta, erasure_records_range(options_.task));
  holds_erasure_records_ = erasures.valid();
  if (Status s = erasures.status(); !s.is_ok()) return s;
  return counts_.load(store_);
}

std::optional<std::string> TaskEngine::position(std::string_view name) const {
  std::string value;
  if (!store_.get_meta(options_.task, name, value).is_ok()) return std::nullopt;
  return value;
}

TaskEngine::SlotId TaskEngine::slot_id(ProfileKind kind, std::string_view key) {
  SlotId id;
  id.reserve(key.size() + 1);
  id.push_back(static_cast<char>(kind));
  id.append(key);
  return id;
}

void TaskEngine::reset_batch() {
  events_.clear();
  event_records_.clear();
  slots_.clear();
  links_.clear();
  new_links_.clear();
  expired_links_to_check_.clear();
  timers_.clear();
  scanned_timers_from_.reset();
  forwarded_.clear();
  timers_stored_elsewhere_.clear();
  consumed_forwards_.clear();
  last_write_seconds_.reset();
  arena_.reset();
  batch_.clear();
}

Status TaskEngine::process(std::span<const InputRecord> records,
                           std::span<const InputPosition> positions) {
  reset_batch();
  batch_wall_now_ = wall_.now();
  const std::optional<TimeMs> skew_now =
      options_.check_future_skew ? std::optional<TimeMs>(batch_wall_now_) : std::nullopt;
  for (const InputRecord& record : records) {
    if (record.forward) consumed_forwards_.push_back(*record.forward);
    Event event;
    const DecodeOutcome outcome = decoder_.decode(record.bytes, arena_, skew_now, event);
    if (!outcome) {
      dead_letter(record, outcome.rejection());
      continue;
    }
    events_.push_back(event);
    event_records_.push_back(&record);
  }

  // A customer event's anonymous id changes nothing: its visitor's link and profile are not read.
  std::vector<std::string> anonymous_ids;
  for (const Event& event : events_) {
    if (uses_visitor_state(event)) anonymous_ids.emplace_back(event.anonymous_id);
  }
  if (Status s = load_links(anonymous_ids); !s.is_ok()) return s;

  std::vector<SlotId> ids;
  TimeMs last_instant = clock_;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const Event& event = events_[i];
    // Forwarded, unless a link of this batch makes it this task's.
    if (applying_task(event, *event_records_[i]) != options_.task) continue;
    if (!event.customer_id.empty())
      ids.push_back(slot_id(ProfileKind::kCustomer, event.customer_id));
    if (uses_visitor_state(event)) {
      ids.push_back(slot_id(ProfileKind::kVisitor, event.anonymous_id));
      const auto link = links_.find(event.anonymous_id);
      if (link != links_.end() && link->second) {
        ids.push_back(slot_id(ProfileKind::kCustomer, *link->second));
      }
    }
    last_instant = std::max(last_instant, event.ts);
  }
  if (Status s = load_slots(ids); !s.is_ok()) return s;

  const bool wall_clock = config_.time.clock == ClockKind::kWall;
  if (wall_clock) last_instant = std::max(clock_, batch_wall_now_);
  if (Status s = load_due_timers(last_instant); !s.is_ok()) return s;
  if (wall_clock) {
    if (Status s = advance_to(last_instant); !s.is_ok()) return s;
  }

  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (Status s = apply(events_[i], *event_records_[i]); !s.is_ok()) return s;
  }
  ++stats_.batches;
  return commit(positions);
}

Status TaskEngine::advance_clock(TimeMs instant) {
  reset_batch();
  batch_wall_now_ = wall_.now();
  if (Status s = load_due_timers(instant); !s.is_ok()) return s;
  if (Status s = advance_to(instant); !s.is_ok()) return s;
  return commit({});
}

Status TaskEngine::load_links(std::span<const std::string> anonymous_ids) {
  std::vector<std::string> keys;
  std::vector<std::string> wanted;
  for (const std::string& id : anonymous_ids) {
    if (!links_.emplace(id, std::nullopt).second) continue;
    wanted.push_back(id);
    keys.push_back(link_key(task_of(id), id));
  }
  if (keys.empty()) return Status::ok();
  MultiGetResult result;
  if (Status s = store_.multi_get(Family::kLinks, keys, result); !s.is_ok()) return s;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (result.found(i)) links_[wanted[i]] = std::string(result.value(i));
  }
  return Status::ok();
}

Status TaskEngine::load_slots(std::span<const SlotId> ids) {
  // The slot map itself tells which ids are new: a batch names thousands, many of them twice.
  std::vector<std::string> keys;
  std::vector<Slot*> wanted;
  for (const SlotId& id : ids) {
    const auto [entry, added] = slots_.try_emplace(id);
    if (!added) continue;
    Slot& slot = entry->second;
    name_slot(slot, id);
    wanted.push_back(&slot);  // unordered_map nodes stay put while others are added
    keys.push_back(profile_key(slot.task, slot.kind, slot.key));
  }
  if (keys.empty()) return Status::ok();
  MultiGetResult result;
  if (Status s = store_.multi_get(Family::kProfiles, keys, result); !s.is_ok()) return s;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Slot& slot = *wanted[i];
    if (!result.found(i)) continue;
    if (Status s = decode_profile(result.value(i), slot.profile); !s.is_ok()) {
      return Status::corruption("profile " + slot.key + ": " + s.message());
    }
    slot.exists = slot.loaded_existed = true;
    slot.stored_timer = slot.profile.timer_due;
  }
  return load_erasures(wanted);
}

Status TaskEngine::load_erasures(std::span<Slot* const> wanted) {
  if (!holds_erasure_records_) return Status::ok();
  std::vector<std::string> keys;
  std::vector<Slot*> unknown;
  for (Slot* slot : wanted) {
    if (slot->exists || slot->kind != ProfileKind::kCustomer) continue;
    unknown.push_back(slot);
    keys.push_back(meta_key(slot->task, erasure_meta_name(slot->key)));
  }
  if (keys.empty()) return Status::ok();
  MultiGetResult result;
  if (Status s = store_.multi_get(Family::kMeta, keys, result); !s.is_ok()) return s;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!result.found(i)) continue;
    Slot& slot = *unknown[i];
    slot.erasure.emplace();
    if (Status s = decode_erasure_record(result.value(i), *slot.erasure); !s.is_ok()) {
      return Status::corruption("customer " + slot.key + ": " + s.message());
    }
    start_profile(slot);
  }
  return Status::ok();
}

void TaskEngine::start_profile(Slot& slot) {
  slot.profile = Profile{};
  if (slot.erasure) slot.profile.seen_events = slot.erasure->seen_events;
}

void TaskEngine::cease(Slot& slot) {
  slot.exists = false;
  slot.dirty = true;
  start_profile(slot);
}

Status TaskEngine::load_due_timers(TimeMs up_to) {
  if (stored_timers_from_ && up_to < *stored_timers_from_) return Status::ok();  // none due
  std::vector<std::pair<TimeMs, SlotId>> due;
  // Every stored timer is due after the committed clock (those up to it have fired), but one
  // another task stored late (overdue_timers_from_). The scan reads one timer past `up_to`: the
  // earliest of those that stay stored.
  TimeMs first_not_due = std::numeric_limits<TimeMs>::max();
  std::optional<TimeMs> after = clock_started_ ? std::optional<TimeMs>(clock_) : std::nullopt;
  if (after && overdue_timers_from_) after = std::min(*after, *overdue_timers_from_ - 1);
  overdue_timers_from_.reset();
  RangeIterator it =
      store_.scan_timers_due(options_.task, std::numeric_limits<TimeMs>::max(), after);
  for (; it.valid(); it.next()) {
    TimerKeyParts parts;
    if (Status s = decode_timer_key(it.key(), parts); !s.is_ok()) return s;
    if (parts.due > up_to) {
      first_not_due = parts.due;
      break;
    }
    due.emplace_back(parts.due, slot_id(parts.kind, parts.key));
  }
  if (Status s = it.status(); !s.is_ok()) return s;
  std::vector<SlotId> ids;
  for (const auto& [instant, id] : due) ids.push_back(id);
  if (Status s = load_slots(ids); !s.is_ok()) return s;
  for (const auto& [instant, id] : due) timers_.emplace(instant, id);
  scanned_timers_from_ = first_not_due;
  return Status::ok();
}

void TaskEngine::name_slot(Slot& slot, const SlotId& id) const {
  slot.id = id;
  slot.kind = static_cast<ProfileKind>(id[0]);
  slot.key = id.substr(1);
  slot.task = task_of(slot.key);
}

TaskEngine::Slot& TaskEngine::slot(const SlotId& id) {
  Slot& slot = slots_[id];
  // Not prefetched: a key created by a link earlier in this batch.
  if (slot.id.empty()) name_slot(slot, id);
  return slot;
}

TaskId TaskEngine::task_of(std::string_view customer_key) const {
  return options_.owner_task ? options_.owner_task(customer_key) : options_.task;
}

TaskId TaskEngine::route(const Event& event) const {
  if (!event.customer_id.empty()) return task_of(event.customer_id);
  // The link is read from the anonymous id's task (its committed state, or this batch's), so
  // a linked id's event goes straight to its customer's task, and one forwarded there by the
  // id's task is applied there, never sent back.
  const auto link = links_.find(event.anonymous_id);
  if (link != links_.end() && link->second) return task_of(*link->second);
  return task_of(event.anonymous_id);
}

TaskId TaskEngine::applying_task(const Event& event, const InputRecord& record) const {
  const TaskId task = route(event);
  const bool visitor_here =
      record.for_visitor && event.customer_id.empty() && task == task_of(event.anonymous_id);
  return visitor_here ? options_.task : task;
}

void TaskEngine::forward(const InputRecord& record, TaskId owner) {
  ForwardedRecord& out = forwarded_.emplace_back();
  out.owner = owner;
  out.source = options_.task;
  out.sequence = next_forward_sequence_++;
  out.bytes.assign(record.bytes);
  out.key.assign(record.key);
  if (const auto* kafka = std::get_if<KafkaPosition>(&record.position)) {
    out.topic.assign(kafka->topic);
    out.partition = kafka->partition;
    out.offset = kafka->offset;
  } else {  // a file replay has one task and never forwards; kept readable all the same
    const auto& file = std::get<FilePosition>(record.position);
    out.topic.assign(file.file);
    out.partition = -1;
    out.offset = file.line;
  }
  scratch_.clear();
  encode_forwarded_record(out, scratch_);
  batch_.put_forward(owner, out.source, out.sequence, scratch_);
  ++stats_.forwarded;
}
TaskEngine::SlotId TaskEngine::owner_of(const Event& event) const {
  if (!event.customer_id.empty()) return slot_id(ProfileKind::kCustomer, event.customer_id);
  const auto link = links_.find(event.anonymous_id);
  if (link != links_.end() && link->second) return slot_id(ProfileKind::kCustomer, *link->second);
  return slot_id(ProfileKind::kVisitor, event.anonymous_id);
}

Status TaskEngine::apply(const Event& event, const InputRecord& record) {
  expire_outlived_link(event);
  if (const TaskId owner_task = applying_task(event, record); owner_task != options_.task) {
    forward(record, owner_task);
    return Status::ok();
  }
  // A pass in advance_to() may add slots: an unordered_map insert keeps `owner` valid.
  Slot& owner = slot(owner_of(event));
  // A duplicate must not move the clock, so it is recognised before any timer fires.
  if (is_duplicate(owner.profile, event.event_id, clock_, model_.dedupe_retention)) {
    ++stats_.duplicates;
    return Status::ok();
  }
  if (config_.time.clock == ClockKind::kStream) {
    const Status s = advance_to(clock_started_ ? std::max(clock_, event.ts) : event.ts);
    if (!s.is_ok()) return s;
  }

  Slot* visitor = nullptr;
  if (links_visitor(event)) {
    Slot& candidate = slot(slot_id(ProfileKind::kVisitor, event.anonymous_id));
    if (candidate.exists) visitor = &candidate;
    // Its ids were stamped with its own task's clock, which may lag far behind this one.
    if (visitor && visitor->task != options_.task) {
      restamp_seen_events(visitor->profile, clock_);
    }
  }
  step_.clear();
  apply_event(owner.profile, event, clock_, context_, step_, visitor ? &visitor->profile : nullptr);
  if (step_.duplicate) {
    ++stats_.duplicates;
    return Status::ok();
  }
  ++stats_.events_applied;
  owner.exists = owner.dirty = true;
  emit(step_);

  if (links_visitor(event)) {
    if (visitor) {  // merged into the customer: the visitor profile ceases to exist on its own
      if (visitor->profile.timer_due) timers_.erase({*visitor->profile.timer_due, visitor->id});
      cease(*visitor);
    }
    std::string anonymous_id(event.anonymous_id);
    links_[anonymous_id] = std::string(event.customer_id);
    new_links_.emplace_back(std::move(anonymous_id), std::string(event.customer_id));
  }
  schedule(owner, clock_, event.event_id);
  return Status::ok();
}

Status TaskEngine::advance_to(TimeMs instant) {
  if (config_.rfm.scoring == RfmScoring::kQuantile && clock_started_) {
    const TimeMs refresh = config_.rfm.quantile_refresh;
    const TimeMs last = floor_multiple(instant, refresh);
    bool first = true;
    for (TimeMs pass = floor_multiple(clock_, refresh) + refresh; pass <= last;) {
      const bool fired = fire_due(pass);
      if (first || fired || pass == last) {
        clock_ = std::max(clock_, pass);
        if (Status s = rescore_pass(pass); !s.is_ok()) return s;
      }
      if (pass == last) break;
      first = false;
      // Every timer due by `pass` has fired, so the next one (if before `last`) closes the next
      // multiple worth a pass; the ones in between saw nothing happen.
      pass = last;
      if (!timers_.empty() && timers_.begin()->first < last) {
        pass = floor_multiple(timers_.begin()->first - 1, refresh) + refresh;
      }
    }
  }
  fire_due(instant);
  clock_ = clock_started_ ? std::max(clock_, instant) : instant;
  clock_started_ = true;
  return Status::ok();
}

bool TaskEngine::fire_due(TimeMs instant) {
  bool fired = false;
  while (!timers_.empty() && timers_.begin()->first <= instant) {
    const auto [due, id] = *timers_.begin();
    timers_.erase(timers_.begin());
    Slot& timer_slot = slots_.at(id);
    if (!timer_slot.exists || timer_slot.profile.timer_due != due) continue;  // rescheduled
    clock_ = std::max(clock_, due);
    // At its instant; one another task stored after its instant had passed, at once (the clock).
    fire(timer_slot, clock_);
    fired = true;
  }
  return fired;
}

Status TaskEngine::rescore_pass(TimeMs instant) {
  ++stats_.rescore_passes;
  std::vector<std::int64_t> recency_days;
  std::vector<std::int64_t> frequency;
  std::vector<Money> monetary;
  Status status = visit_customers([&](Profile& profile, Slot*) {
    if (profile.purchases.empty()) return;
    const CustomerView view = evaluate(profile, instant, model_, thresholds_);
    recency_days.push_back(view.rfm->recency_days);
    frequency.push_back(view.rfm->frequency);
    monetary.push_back(view.rfm->monetary);
  });
  if (!status.is_ok()) return status;
  std::optional<RfmThresholds> computed =
      quantile_thresholds(std::move(recency_days), std::move(frequency), std::move(monetary));
  // With no buyer the thresholds in force stay; equal ones would change no score or timer.
  if (!computed || *computed == thresholds_) return Status::ok();
  thresholds_ = *computed;
  thresholds_changed_ = true;
  return visit_customers(
      [&](Profile& profile, Slot* slot) { rescore_customer(profile, slot, instant); });
}

void TaskEngine::rescore_customer(Profile& profile, Slot* in_batch, TimeMs instant) {
  if (profile.purchases.empty()) return;
  const KpiMembership counted = profile.counted_kpi;
  rescore(profile, instant, context_, step_);
  emit(step_);
  // The thresholds also move the recency crossings, so the timer may move too.
  const bool reclassified = !step_.change_sets.empty() || profile.counted_kpi != counted;
  if (in_batch != nullptr) {
    const std::optional<TimeMs> timer = in_batch->profile.timer_due;
    schedule(*in_batch, instant);
    if (reclassified || in_batch->profile.timer_due != timer) in_batch->dirty = true;
    return;
  }
  if (!reclassified && next_timer(profile, instant, context_) == profile.timer_due) return;
  // A stored profile that changed becomes a slot of the batch, so that commit writes it and a
  // timer now due within the batch fires.
  const SlotId id = slot_id(ProfileKind::kCustomer, profile.customer_id);
  Slot& changed = slots_[id];
  name_slot(changed, id);
  changed.exists = changed.loaded_existed = changed.dirty = true;
  changed.stored_timer = profile.timer_due;
  changed.profile = std::move(profile);
  schedule(changed, instant);
}

Status TaskEngine::visit_customers(const std::function<void(Profile&, Slot*)>& visit) {
  // The store's profiles and the batch's slots, merged in key order so that a pass's outputs
  // come out in the same order however the input was batched.
  std::vector<Slot*> in_batch;
  for (auto& [id, entry] : slots_) {
    if (entry.kind == ProfileKind::kCustomer) in_batch.push_back(&entry);
  }
  std::sort(in_batch.begin(), in_batch.end(),
            [](const Slot* a, const Slot* b) { return a->key < b->key; });
  auto next = in_batch.begin();
  const auto visit_next_in_batch = [&] {
    Slot* entry = *next++;
    if (entry->exists) visit(entry->profile, entry);
  };
  RangeIterator it =
      store_.scan(Family::kProfiles, profiles_range(options_.task, ProfileKind::kCustomer), false);
  for (; it.valid(); it.next()) {
    ProfileKeyParts parts;
    if (Status s = decode_profile_key(it.key(), parts); !s.is_ok()) return s;
    while (next != in_batch.end() && (*next)->key < parts.key) visit_next_in_batch();
    if (next != in_batch.end() && (*next)->key == parts.key) {
      visit_next_in_batch();  // the slot overrides the stored profile
      continue;
    }
    if (Status s = decode_profile(it.value(), stored_profile_); !s.is_ok()) {
      return Status::corruption("profile " + std::string(parts.key) + ": " + s.message());
    }
    visit(stored_profile_, nullptr);
  }
  if (Status s = it.status(); !s.is_ok()) return s;
  while (next != in_batch.end()) visit_next_in_batch();
  return Status::ok();
}

void TaskEngine::expire_outlived_link(const Event& event) {
  if (event.is_customer()) return;
  const auto link = links_.find(event.anonymous_id);
  if (link == links_.end() || !link->second || task_of(*link->second) != options_.task) return;
  Slot& customer = slot(slot_id(ProfileKind::kCustomer, *link->second));
  if (!customer.exists) return;
  TimeMs instant = clock_;
  if (config_.time.clock == ClockKind::kStream) {
    instant = clock_started_ ? std::max(clock_, event.ts) : event.ts;
  }
  step_.clear();
  expire_links(customer.profile, instant, model_, step_.expired_links);
  if (step_.expired_links.empty()) return;
  customer.dirty = true;
  release_expired_links(customer);
}

void TaskEngine::release_expired_links(const Slot& customer) {
  for (std::string& anonymous_id : step_.expired_links) {
    const auto link = links_.find(anonymous_id);
    if (link == links_.end()) {  // not read by this batch: commit checks the store
      expired_links_to_check_.emplace_back(std::move(anonymous_id), customer.key);
      continue;
    }
    if (link->second != customer.key) continue;  // linked to another customer since
    link->second.reset();
    std::erase_if(new_links_, [&](const auto& added) { return added.first == anonymous_id; });
    batch_.erase_link(task_of(anonymous_id), anonymous_id);
  }
}

void TaskEngine::fire(Slot& timer_slot, TimeMs instant) {
  timer_slot.profile.timer_due.reset();
  timer_slot.dirty = true;
  step_.clear();
  fire_timer(timer_slot.profile, instant, context_, step_);
  ++stats_.timers_fired;
  emit(step_);
  release_expired_links(timer_slot);
  if (step_.profile_expired) {
    cease(timer_slot);
    return;
  }
  schedule(timer_slot, instant);
}

void TaskEngine::schedule(Slot& owner, TimeMs instant, std::string_view late_event_id) {
  if (owner.profile.timer_due) timers_.erase({*owner.profile.timer_due, owner.id});
  std::optional<TimeMs> next = next_timer(owner.profile, instant, context_);
  if (next && *next <= instant) {
    // A late event set a timer whose instant has passed: it fires at once, with the clock as
    // its instant. Firing evaluates everything due by then, so once is enough.
    step_.clear();
    fire_timer(owner.profile, instant, context_, step_, late_event_id);
    ++stats_.timers_fired;
    emit(step_);
    release_expired_links(owner);
    if (step_.profile_expired) {
      cease(owner);
      return;
    }
    next = next_timer(owner.profile, instant, context_);
    if (next && *next <= instant) next = instant + 1;
  }
  owner.profile.timer_due = next;
  if (next) timers_.emplace(*next, owner.id);
}

void TaskEngine::emit(const StepResult& result) {
  counts_.add(result);
  if (result.change_sets.empty()) return;
  rendered_.clear();
  for (const ChangeSet& changes : result.change_sets) {
    render_change_set(changes, model_, batch_wall_now_, rendered_);
  }
  for (const OutputRecord& record : rendered_) put_output(record);
}

void TaskEngine::dead_letter(const InputRecord& record, const Rejection& rejection) {
  ++stats_.rejected;
  OutputRecord out;
  out.topic = OutputTopic::kDeadLetter;
  out.key.assign(record.key);
  out.event_id = dead_letter_id(record.position);
  out.json = build_dead_letter_record(record.position, rejection, record.bytes, batch_wall_now_,
                                      config_.limits.max_message_bytes);
  put_output(out);
}

void TaskEngine::put_output(const OutputRecord& record) {
  scratch_.clear();
  encode_output_record(record, scratch_);
  batch_.put_outbox(options_.task, next_outbox_sequence_++, scratch_);
  ++stats_.outputs;
}

Status TaskEngine::commit(std::span<const InputPosition> positions) {
  const TaskId task = options_.task;
  for (auto& [id, entry] : slots_) {
    if (!entry.dirty) continue;
    // A visitor merged into a customer of this task may live in another task's key space.
    if (entry.exists) {
      batch_.put_profile(entry.task, entry.profile);
    } else if (entry.loaded_existed) {
      batch_.erase_profile(entry.task, entry.kind, entry.key);
    }
    const std::optional<TimeMs> wanted =
        entry.exists ? entry.profile.timer_due : std::optional<TimeMs>();
    if (entry.stored_timer != wanted) {
      if (entry.stored_timer) {
        batch_.erase_timer(entry.task, *entry.stored_timer, entry.kind, entry.key);
      }
      if (wanted) batch_.put_timer(entry.task, *wanted, entry.kind, entry.key);
      if (wanted && entry.task != task) timers_stored_elsewhere_.emplace_back(entry.task, *wanted);
    }
  }
  for (const auto& [anonymous_id, customer_id] : expired_links_to_check_) {
    std::string linked_to;
    const TaskId link_task = task_of(anonymous_id);
    const Status s = store_.get_link(link_task, anonymous_id, linked_to);
    if (s.is_not_found()) continue;
    if (!s.is_ok()) return s;
    if (linked_to == customer_id) batch_.erase_link(link_task, anonymous_id);
  }
  // After the erasures: a link made again in this batch stays.
  for (const auto& [anonymous_id, customer_id] : new_links_) {
    batch_.put_link(task_of(anonymous_id), anonymous_id, customer_id);
  }
  for (const ForwardId& consumed : consumed_forwards_) {
    batch_.erase_forward(task, consumed.source, consumed.sequence);
  }
  if (!forwarded_.empty()) {
    batch_.put_meta(task, kForwardSequenceMeta, std::to_string(next_forward_sequence_));
  }
  counts_.flush(batch_);
  // Small batches are common (a window of a quiet stream): values the store already holds are
  // not written again, each would be one more memtable insert.
  if (clock_started_ && stored_clock_ != clock_) {
    batch_.put_meta(task, kClockMeta, std::to_string(clock_));
  }
  if (stored_outbox_sequence_ != next_outbox_sequence_) {
    batch_.put_meta(task, kOutboxSequenceMeta, std::to_string(next_outbox_sequence_));
  }
  if (thresholds_changed_) {
    batch_.put_meta(task, kRfmThresholdsMeta, encode_rfm_thresholds(thresholds_));
    thresholds_changed_ = false;
  }
  for (const auto& [name, value] : positions) batch_.put_meta(task, name, value);
  const auto write_started = std::chrono::steady_clock::now();
  Status status = store_.write(batch_);
  last_write_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - write_started).count();
  batch_.clear();
  if (!status.is_ok()) return status;  // the store is as it was
  if (clock_started_) stored_clock_ = clock_;
  stored_outbox_sequence_ = next_outbox_sequence_;
  // The stored timers are now those the scan left (not before its bound) and those this batch
  // wrote or kept, all in timers_ (loaded and not fired, or scheduled).
  if (scanned_timers_from_) stored_timers_from_ = scanned_timers_from_;
  if (stored_timers_from_ && !timers_.empty()) {
    stored_timers_from_ = std::min(*stored_timers_from_, timers_.begin()->first);
  }
  return status;
}

void TaskEngine::note_timer_stored(TimeMs due) {
  if (stored_timers_from_) stored_timers_from_ = std::min(*stored_timers_from_, due);
  // The scan starts after the clock: one due at or before it is looked for from its instant.
  if (clock_started_ && due <= clock_)
    overdue_timers_from_ = std::min(overdue_timers_from_.value_or(due), due);
}

Status TaskEngine::forget(std::string_view customer_id) {
  reset_batch();
  batch_wall_now_ = wall_.now();
  const SlotId id = slot_id(ProfileKind::kCustomer, customer_id);
  if (Status s = load_slots(std::span<const SlotId>(&id, 1)); !s.is_ok()) return s;
  Slot& customer = slot(id);
  if (!customer.exists) {
    return Status::not_found("customer " + std::string(customer_id) + " is not known here");
  }
  step_.clear();
  erase(customer.profile, context_, step_);
  counts_.add(step_);

  for (const auto& [anonymous_id, last_active] : customer.profile.linked_anonymous_ids) {
    std::string linked_to;
    const TaskId link_task = task_of(anonymous_id);
    if (store_.get_link(link_task, anonymous_id, linked_to).is_ok() && linked_to == customer_id) {
      batch_.erase_link(link_task, anonymous_id);
    }
  }
  RangeIterator it = store_.scan_outbox(options_.task);
  OutputRecord pending;
  for (; it.valid(); it.next()) {
    if (Status s = decode_output_record(it.value(), pending); !s.is_ok()) return s;
    if (pending.topic == OutputTopic::kDeadLetter || pending.key != customer_id) continue;
    OutboxKeyParts parts;
    if (Status s = decode_outbox_key(it.key(), parts); !s.is_ok()) return s;
    batch_.erase_outbox(options_.task, parts.sequence);
  }
  if (Status s = it.status(); !s.is_ok()) return s;

  // The erasure instant: the clock, or just after this customer's previous erasure if that
  // was made at it (a late event recreated the customer since), so the id x<instant> is new.
  // One scan of the task's records finds this customer's previous one and those to drop.
  const std::string erasure_name = erasure_meta_name(customer_id);
  const std::string erasure_key = meta_key(options_.task, erasure_name);
  TimeMs instant = clock_;
  RangeIterator records = store_.scan(Family::kMeta, erasure_records_range(options_.task));
  for (; records.valid(); records.next()) {
    ErasureRecord record;
    if (Status s = decode_erasure_record(records.value(), record); !s.is_ok()) return s;
    if (records.key() == erasure_key) instant = std::max(instant, record.erased_at + 1);
    if (record.erased_at + model_.dedupe_retention < clock_) {
      batch_.erase(Family::kMeta, records.key());
    }
  }
  if (Status s = records.status(); !s.is_ok()) return s;
  prune_seen_events(customer.profile, clock_, model_.dedupe_retention);
  ErasureRecord record{instant, std::move(customer.profile.seen_events)};
  scratch_.clear();
  encode_erasure_record(record, scratch_);
  batch_.put_meta(options_.task, erasure_name, scratch_);

  holds_erasure_records_ = true;
  customer.exists = false;
  customer.dirty = true;
  put_output(render_customer_forgotten(customer_id, instant, batch_wall_now_));
  return commit({});
}

}  // namespace crm
