// One step of one customer key: an input event, a timer or a rescoring pass applied to its
// profile, and what that step publishes (semantics.md "Time", "Triggers"; outputs.md). This is
// the model's whole surface for the task engine: the engine loads a profile, calls these in
// time order (timers due at or before an event's ts first), persists the profile and the
// result in one write batch, and sets the profile's timer to next_timer().
// Pure: no I/O, no clock reads. Not thread-safe per profile: a profile belongs to one task.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "processors/change.h"
#include "processors/customer_view.h"
#include "processors/event.h"
#include "processors/model_config.h"
#include "processors/population.h"
#include "processors/profile.h"

namespace crm {

struct StepContext {
  const ModelConfig& config;
  const RfmThresholds& thresholds;  // static_thresholds(), or the last quantile pass's
};

// What one step produced. Every entry point clears it first, so it describes that one call;
// reuse one instance across calls: clear() keeps the capacity.
struct StepResult {
  bool duplicate = false;        // apply_event: the event_id was seen; nothing was changed
  bool profile_expired = false;  // fire_timer: a visitor past retention; delete the profile
  // fire_timer: anonymous ids whose link to this customer expired (semantics.md "Identity");
  // the caller erases each link where it is kept, if it still names this customer.
  std::vector<std::string> expired_links;
  std::vector<ChangeSet> change_sets;  // customers only, in emission order (at most one per call)
  PopulationDelta populations;         // gauge deltas, visitors included (overall slice)
  std::vector<KpiTransition> kpi_transitions;

  void clear() {
    duplicate = false;
    profile_expired = false;
    expired_links.clear();
    change_sets.clear();
    populations.clear();
    kpi_transitions.clear();
  }
};

// Applies a validated event owned by this profile's task. `clock` is the task clock after the
// event (max(previous clock, ts)); changes are published with ts = clock and cause the event.
// A new profile may come in default-constructed: its key is taken from the event.
// `linked_visitor` is the visitor profile to merge for a signup/login carrying both ids (nullptr
// if none): its population counts are removed here, and the caller deletes it afterwards, unless
// the event was a duplicate (then nothing was merged).
// On a duplicate (out.duplicate) the profile is untouched and the task clock must not move.
void apply_event(Profile& profile, const Event& event, TimeMs clock, const StepContext& context,
                 StepResult& out, Profile* linked_visitor = nullptr);

// A timer of this profile at `instant`: a visitor past retention expires (out.profile_expired,
// its counts removed); otherwise the links due expire (out.expired_links), the triggers due at
// or before `instant` fire and time-driven changes are published together (cause time, ts =
// instant): one ChangeSet at most.
// `late_event_id`: the late event that made this timer due at or before the clock, so it
// fires at once; its outputs are caused by that event (ids "e<event_id>"), which keeps them
// unique when several late events fire one customer's timers at the same clock instant.
void fire_timer(Profile& profile, TimeMs instant, const StepContext& context, StepResult& out,
                std::string_view late_event_id = {});

// A quantile rescoring pass at `instant` with context.thresholds the pass's new thresholds:
// publishes the changes they cause (cause rescore, ts = instant).
void rescore(Profile& profile, TimeMs instant, const StepContext& context, StepResult& out);

// Erasure (crmstream forget): the population counts to remove for a forgotten profile.
void erase(const Profile& profile, const StepContext& context, StepResult& out);

// The next instant a timer must fire for this profile: the earliest of the next view crossing,
// the trigger due times and the links' expiry (customers) and the visitor expiry (visitors), or
// nullopt. It may be <= clock after a late event: the caller then fires it at once with the
// clock as its instant.
std::optional<TimeMs> next_timer(const Profile& profile, TimeMs clock, const StepContext& context);

}  // namespace crm
