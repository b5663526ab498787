// The gauges /metrics reads from the state store at scrape time: RocksDB's sizes and write
// stalls (StateStore::metrics) and the populations and KPI counts (summarize_population, a
// scan of the small counts family). Meant as a Metrics collect hook:
//   metrics.add_collect_hook([&](Metrics& m) { refresh_state_gauges(store, config, wall, m); });
// Reads only, safe beside the loop's writes (see store_endpoints.h); any thread.
#pragma once

#include "config/config.h"
#include "observability/metrics.h"
#include "pipeline/wall_clock.h"
#include "state/store.h"

namespace crm {

// Returns the first failure; the gauges that could be read are set anyway.
Status refresh_state_gauges(const StateStore& store, const Config& config, const WallClock& wall,
                            Metrics& metrics);

}  // namespace crm
