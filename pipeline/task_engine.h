// One task of the pipeline (Kafka Streams' StreamTask): partition N of every input topic, or a
// whole file replay. It owns its stream clock, its timers, its profiles and its counts in the
// state store, and turns each input batch into exactly one atomic write:
//
//   decode -> load the profiles the batch touches (one MultiGet) and the timers due by the
//   batch's last instant (one scan, skipped while the earliest stored timer is known to come
//   later) -> for each event in order: fire the timers due at or before its ts in time order,
//   and the quantile passes (below) among them, then fold it -> one WriteBatch with profiles,
//   links, timers, outbox entries, counts, the clock, the RFM thresholds and the input
//   positions.
//
// Quantile passes (rfm.scoring: quantile; semantics.md "RFM"): a timer of the task itself at
// the whole multiples P of rfm.quantile_refresh. At P, the customers' timers due at or before
// P fire first, then the pass, then the events with ts P: the pass sees the world as it is at
// P. When the clock moves from c to c' over several multiples, the first and the last of them
// run, and one in between only if a customer timer fired since the previous multiple: a quiet
// stretch (nothing applied, nothing fired) costs two passes, not one per multiple, and the last
// pass before the next event still sets the thresholds as of then. A pass reads every customer
// profile of the task twice from the store (once to rank the buyers, once to rescore them,
// batch slots overriding), so it holds three rank samples and the profiles it changes (their
// classification or their timer moved) in memory, all of which go out in the batch's one
// WriteBatch. A pass whose thresholds equal those in force changes nothing and skips the
// second read.
//
// Routing (events.md "Keys, partitions and tasks"): with `owner_task`, an event whose customer
// key another task owns is not applied here but forwarded (pipeline/forwarded_record.h): stored
// in the forwards family for its owner in this batch's write, and listed by forwarded(). An
// anonymous id's link lives with the id's task; any task reads it there and sends the id's
// later events to the customer's task (one hop, or two when the message went to the id's
// partition first); a signup or login reads and erases the visitor's profile and timer in the
// visitor's task and writes the link there, all in the customer task's one write. A link
// expires like a visitor profile (semantics.md "Identity"): the customer's profile keeps each
// link's last activity and its timer covers the earliest expiry; the customer's task erases the
// link in the id's task when it fires, or when an event would reach the customer through a
// link already past it. One thread
// runs every task of the instance in turn, so each task reads the others' committed state.
//
// Dead letters and duplicates never move the clock (semantics.md "Time"). Outputs go to the
// outbox; a sink delivers and deletes them. REQUIRES external synchronization: one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "config/config.h"
#include "ingest/decoder.h"
#include "pipeline/forwarded_record.h"
#include "pipeline/input_record.h"
#include "pipeline/task_counts.h"
#include "pipeline/wall_clock.h"
#include "processors/customer_step.h"
#include "processors/output_event.h"
#include "state/erasure_record.h"
#include "state/store.h"

namespace crm {

// Counters for logs, metrics and tests; never reset.
struct TaskStats {
  std::int64_t events_applied = 0;
  std::int64_t duplicates = 0;
  std::int64_t rejected = 0;
  std::int64_t timers_fired = 0;
  std::int64_t outputs = 0;
  std::int64_t batches = 0;
  std::int64_t rescore_passes = 0;  // quantile passes run, whether or not thresholds moved
  std::int64_t forwarded = 0;       // records sent on to the task owning their customer key
};

struct TaskEngineOptions {
  TaskId task = 0;
  // run and demo check the future skew of each ts against the wall clock; replay does not.
  bool check_future_skew = false;
  // The task owning a customer key; empty when this task owns every key (file replay).
  std::function<TaskId(std::string_view)> owner_task;
};

// An input position committed with a batch: meta name -> value (replay: the file's last line).
using InputPosition = std::pair<std::string, std::string>;

class TaskEngine {
 public:
  TaskEngine(StateStore& store, const Config& config, const WallClock& wall,
             TaskEngineOptions options);
  TaskEngine(const TaskEngine&) = delete;
  TaskEngine& operator=(const TaskEngine&) = delete;

  // Reads the task's clock, outbox sequence, thresholds and counts from the store.
  Status open();

  // Applies one batch and commits it, with `positions`, in one atomic write.
  Status process(std::span<const InputRecord> records, std::span<const InputPosition> positions);

  // Moves the clock to `instant` (time.clock: wall, or the end of a replay under a wall clock)
  // firing the timers due by then, and commits.
  Status advance_clock(TimeMs instant);

  // Erases a customer of this task (crmstream forget): profile, ledger, timer, pending outputs
  // and the links of its visitor ids held by this task; emits customer_forgotten. NotFound when
  // the customer is unknown here. Leaves an erasure record (state/erasure_record.h) so that no
  // output id repeats: a second erasure of the customer at the same clock gets the instant
  // after the first's, and the erased profile's remembered ids still make a retried event a
  // duplicate. Drops the task's records dedupe_retention old.
  Status forget(std::string_view customer_id);

  // Reads a committed input position (nullopt when none).
  std::optional<std::string> position(std::string_view name) const;

  TimeMs clock() const { return clock_; }
  TaskId task() const { return options_.task; }
  // The sequence the next outbox entry of this task gets.
  std::uint64_t next_outbox_sequence() const { return next_outbox_sequence_; }
  // The records the last process() forwarded to other tasks, committed with it.
  const std::vector<ForwardedRecord>& forwarded() const { return forwarded_; }
  // The timers the last process() stored in other tasks' key spaces, (task, due): a visitor's,
  // applied here for a link of this task (InputRecord::for_visitor) that did not merge it in the
  // batch. The caller tells each of those tasks' engines (note_timer_stored).
  const std::vector<std::pair<TaskId, TimeMs>>& timers_stored_elsewhere() const {
    return timers_stored_elsewhere_;
  }
  // Another task stored a timer due at `due` in this task's key space: a later batch scans for
  // it, which the bound on the stored timers would otherwise skip (stored_timers_from_), and
  // fires it at once if its instant has passed by this task's clock.
  void note_timer_stored(TimeMs due);
  const TaskStats& stats() const { return stats_; }
  // How long the last call's one atomic state write took (crmstream_commit_duration_seconds);
  // nullopt when it made none (it failed before).
  std::optional<double> last_write_seconds() const { return last_write_seconds_; }
  const TaskCounts& counts() const { return counts_; }

 private:
  struct Slot {
    std::string id;  // slot_id(kind, key)
    Profile profile;
    ProfileKind kind = ProfileKind::kCustomer;
    std::string key;
    TaskId task = 0;      // the task whose key space holds it
    bool exists = false;  // stored, or created in this batch
    bool dirty = false;
    bool loaded_existed = false;         // in the store when the batch began
    std::optional<TimeMs> stored_timer;  // the timer key in the store
    // A customer without a profile that was erased before: its erasure record, whose
    // remembered ids a new profile under the key starts with (state/erasure_record.h).
    std::optional<ErasureRecord> erasure;
  };
  using SlotId = std::string;  // kind byte + key

  static SlotId slot_id(ProfileKind kind, std::string_view key);
  Status load_slots(std::span<const SlotId> ids);
  Status load_links(std::span<const std::string> anonymous_ids);
  // The erasure records of the customer slots `wanted` that have no profile.
  Status load_erasures(std::span<Slot* const> wanted);
  // A fresh profile for a key without one, holding its erased profile's remembered ids if any.
  static void start_profile(Slot& slot);
  // The slot's profile ceases in this batch (an expired visitor, one merged into a customer):
  // commit deletes it, and a later event of the key starts afresh, not from the old values.
  static void cease(Slot& slot);
  Status load_due_timers(TimeMs up_to);
  // Sets the slot's id, kind, key and the task whose key space holds it.
  void name_slot(Slot& slot, const SlotId& id) const;
  Slot& slot(const SlotId& id);

  TaskId task_of(std::string_view customer_key) const;
  // The task that applies the event: its customer's, or the anonymous id's until linked.
  TaskId route(const Event& event) const;
  // route(), except that a record moved here for its still unlinked visitor is applied here.
  TaskId applying_task(const Event& event, const InputRecord& record) const;
  SlotId owner_of(const Event& event) const;
  void forward(const InputRecord& record, TaskId owner);
  Status apply(const Event& event, const InputRecord& record);
  // Fires the timers and runs the quantile passes due by `instant`, then sets the clock to it.
  Status advance_to(TimeMs instant);
  // Fires the timers due at or before `instant` in time order; true when any fired.
  bool fire_due(TimeMs instant);
  void fire(Slot& slot, TimeMs instant);
  // Erases the links of `customer` that step_.expired_links names, where they are kept (the
  // anonymous id's task), unless they name another customer by now.
  void release_expired_links(const Slot& customer);
  // An event reaching its customer of this task through a link that expires at or before the
  // instant the event would be applied at: the link expires now, as its timer would have
  // fired first, so that the event is routed anew (to the visitor).
  void expire_outlived_link(const Event& event);
  // The quantile pass at `instant`: new thresholds from the buyers as they are then, and the
  // rescore changes they cause.
  Status rescore_pass(TimeMs instant);
  // Visits every existing customer profile of the task in key order: the batch's slot when it
  // has one (slot non-null), else the stored profile, decoded into a scratch profile.
  Status visit_customers(const std::function<void(Profile&, Slot*)>& visit);
  void rescore_customer(Profile& profile, Slot* in_batch, TimeMs instant);
  // Sets the slot's timer to its next instant; fires at once one that is already due.
  // `late_event_id`: the event just applied, which a timer already due fires as its cause.
  void schedule(Slot& slot, TimeMs instant, std::string_view late_event_id = {});
  void emit(const StepResult& result);
  void dead_letter(const InputRecord& record, const Rejection& rejection);
  void put_output(const OutputRecord& record);
  Status commit(std::span<const InputPosition> positions);
  void reset_batch();

  StateStore& store_;
  const Config& config_;
  const ModelConfig model_;
  const WallClock& wall_;
  TaskEngineOptions options_;
  RfmThresholds thresholds_;  // in force; context_ refers to it, so a pass updates it in place
  bool thresholds_changed_ = false;  // by a pass of this batch: commit stores them
  StepContext context_;
  EventDecoder decoder_;
  EventArena arena_;
  TaskCounts counts_;
  TaskStats stats_;

  TimeMs clock_ = 0;
  bool clock_started_ = false;  // false until the first event: the clock has no value yet
  std::uint64_t next_outbox_sequence_ = 0;
  std::uint64_t next_forward_sequence_ = 0;
  // The clock and the outbox sequence as the store holds them (nullopt: not stored yet).
  std::optional<TimeMs> stored_clock_;
  std::optional<std::uint64_t> stored_outbox_sequence_;
  std::optional<double> last_write_seconds_;
  // Whether the task's state holds an erasure record: until one exists (the common case) no
  // batch looks its new customers up in them.
  bool holds_erasure_records_ = false;
  TimeMs batch_wall_now_ = 0;  // emitted_at and received_at of the batch's outputs
  // No timer in this task's key space is stored due before this instant (nullopt: not known
  // yet). Only this engine stores timers there, except a visitor's timer another task stored
  // (note_timer_stored lowers it) and a merged visitor's that another task erases, so it holds
  // between batches; a batch whose last instant comes before it skips the scan of
  // the timers family, an iterator and a seek per batch.
  std::optional<TimeMs> stored_timers_from_;
  // The earliest timer another task stored due at or before this task's clock (nullopt: none):
  // the next scan starts there instead of after the clock.
  std::optional<TimeMs> overdue_timers_from_;

  // Per batch.
  std::vector<Event> events_;
  std::vector<const InputRecord*> event_records_;
  std::unordered_map<SlotId, Slot> slots_;
  // Looked up by the event's string_view (per event: no string built for it).
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  // anonymous id -> its customer (nullopt: not linked)
  std::unordered_map<std::string, std::optional<std::string>, StringHash, std::equal_to<>> links_;
  std::vector<std::pair<std::string, std::string>> new_links_;
  // (anonymous id, customer) links that expired in this batch and no event of it uses (not in
  // links_): commit erases each one the store still holds for that customer.
  std::vector<std::pair<std::string, std::string>> expired_links_to_check_;
  std::set<std::pair<TimeMs, SlotId>> timers_;
  std::optional<TimeMs> scanned_timers_from_;  // the bound the batch's scan found, if it ran
  StepResult step_;
  Profile stored_profile_;  // scratch of visit_customers()
  std::vector<OutputRecord> rendered_;
  std::vector<ForwardedRecord> forwarded_;
  std::vector<std::pair<TaskId, TimeMs>> timers_stored_elsewhere_;
  std::vector<ForwardId> consumed_forwards_;
  Batch batch_;
  std::string scratch_;
};

}  // namespace crm
