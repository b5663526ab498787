// `crmstream export` (outputs.md "Profile export"): every profile of every task, each evaluated
// at its own task's clock (semantics.md "Time"; the wall clock under time.clock: wall), kept or
// not by a ProfileFilter, written as JSON lines or CSV. Lines are in global key order,
// customers then visitors: the store keeps each task's profiles in key order, so the per-task
// ranges of one kind are merged. Reads only, through scans that skip the block cache, so a
// read-only view beside a running pipeline does not evict its hot profiles.
// REQUIRES external synchronization (one thread): the filter renders into its own buffers.
#pragma once

#include <cstdint>
#include <ostream>

#include "config/config.h"
#include "pipeline/profile_filter.h"
#include "pipeline/wall_clock.h"
#include "state/store.h"

namespace crm {

enum class ExportFormat : std::uint8_t { kJsonl, kCsv };

struct ExportStats {
  std::int64_t profiles = 0;  // read from the store
  std::int64_t exported = 0;  // kept by the filter and written
};

// Writes the export to `out` (CSV: the header first, also when no row follows). IOError when
// `out` fails; Corruption for a profile that does not decode or a task with profiles but no
// clock.
Status export_profiles(const StateStore& store, const Config& config, const WallClock& wall,
                       const ProfileFilter& filter, ExportFormat format, std::ostream& out,
                       ExportStats& stats);

}  // namespace crm
