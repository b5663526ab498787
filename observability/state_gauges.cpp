#include "observability/state_gauges.h"

#include "pipeline/population_summary.h"

namespace crm {

Status refresh_state_gauges(const StateStore& store, const Config& config, const WallClock& wall,
                            Metrics& metrics) {
  StoreMetrics store_metrics;
  Status first = store.metrics(store_metrics);
  if (first.is_ok()) metrics.set_store_metrics(store_metrics);
  PopulationSummary summary;
  const Status populations = summarize_population(store, config, wall, summary);
  if (populations.is_ok()) {
    metrics.set_populations(summary);
  } else if (first.is_ok()) {
    first = populations;
  }
  return first;
}

}  // namespace crm
