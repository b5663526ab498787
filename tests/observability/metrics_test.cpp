// Metrics: every metric docs/metrics.md lists is exported with its type, the typed methods
// land on the right series, populations and store gauges map as documented, labels stay
// bounded.
#include "observability/metrics.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace crm {
namespace {

struct DocumentedMetric {
  std::string name;
  std::string type;  // counter, gauge, histogram
};

// The rows of docs/metrics.md's table: | `name` | type | labels | meaning |.
std::vector<DocumentedMetric> documented_metrics() {
  std::ifstream in(std::string(CRM_SOURCE_DIR) + "/docs/metrics.md");
  EXPECT_TRUE(in) << "docs/metrics.md";
  std::vector<DocumentedMetric> metrics;
  const std::regex row(R"(^\| `(crmstream_[a-z0-9_]+)` \| (counter|gauge|histogram)\b)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, row)) metrics.push_back({m[1].str(), m[2].str()});
  }
  return metrics;
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (l == line) return true;
  }
  return false;
}

TEST(Metrics, ExportsEveryDocumentedMetric) {
  const std::vector<DocumentedMetric> documented = documented_metrics();
  ASSERT_GE(documented.size(), 30u);
  Metrics metrics("1.2.3");
  // A labeled family shows once it has a series (prometheus-cpp writes no empty family).
  metrics.add_consumed("crm.orders", "order_paid");
  metrics.add_rejected("bad_json");
  metrics.add_outputs("crm.churn-risk", "churn_risk");
  metrics.add_delivery_failures("crm.churn-risk");
  metrics.set_stream_time(0, 0);
  metrics.add_kafka_error("_TRANSPORT");
  ASSERT_TRUE(metrics
                  .update_from_kafka_statistics(
                      R"({"type":"consumer","topics":{"t":{"partitions":{"0":{"partition":0,)"
                      R"("fetch_state":"active","consumer_lag":5}}}}})")
                  .is_ok());
  PopulationSummary summary;
  summary.overall.populations["lifecycle"]["new"] = 1;
  summary.overall.memberships["buyers"] = 1;
  metrics.set_populations(summary);
  const std::string text = metrics.serialize();
  for (const DocumentedMetric& metric : documented) {
    EXPECT_TRUE(has_line(text, "# TYPE " + metric.name + " " + metric.type))
        << metric.name << " " << metric.type << "\n"
        << text;
  }
  EXPECT_TRUE(has_line(text, R"(crmstream_build_info{version="1.2.3"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(crmstream_commit_failures_total{kind="state"} 0)"));
  EXPECT_TRUE(has_line(text, R"(crmstream_commit_failures_total{kind="offsets"} 0)"));
}

TEST(Metrics, ProcessGauges) {
  Metrics metrics("t");
  const std::string text = metrics.serialize();
  const std::regex rss(R"(\ncrmstream_process_resident_memory_bytes ([0-9.e+]+)\n)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, rss)) << text;
  EXPECT_GT(std::stod(m[1].str()), 1e6);
  EXPECT_NE(text.find("\ncrmstream_up_seconds "), std::string::npos);
  EXPECT_NE(text.find("\ncrmstream_process_cpu_seconds_total "), std::string::npos);
}

TEST(Metrics, TypedMethodsLandOnTheirSeries) {
  Metrics metrics("t");
  metrics.add_consumed("crm.orders", "order_paid", 3);
  metrics.add_consumed("crm.orders", "order_paid", 2);
  metrics.add_consumed("crm.clickstream", "invalid");
  metrics.add_rejected("bad_json", 4);
  metrics.add_duplicates(2);
  metrics.add_outputs("crm.segment-changes", "lifecycle", 6);
  metrics.add_delivery_failures("crm.triggers");
  metrics.add_commit_failure(CommitFailure::kOffsets);
  metrics.add_kafka_error("_TRANSPORT");
  metrics.add_kafka_error("_TRANSPORT");
  metrics.add_rebalance();
  metrics.add_enforced_window();
  metrics.add_enforced_window();
  metrics.add_erasures(1);
  metrics.add_timers_fired(9);
  metrics.set_timers_pending(11);
  metrics.set_outbox_pending(12);
  metrics.set_stream_time(3, 1'769'853'780'500);
  metrics.set_ready(true);
  metrics.observe_batch_events(150);
  metrics.observe_commit_duration(0.003);
  metrics.observe_end_to_end_latency(0.2);
  StoreMetrics store;
  store.live_data_bytes = 100;
  store.memtable_bytes = 200;
  store.pending_compaction_bytes = 300;
  store.block_cache_usage = 400;
  store.write_stopped = 1;
  store.delayed_write_rate = 500;
  metrics.set_store_metrics(store);

  const std::string text = metrics.serialize();
  for (const char* line : {
           R"(crmstream_events_consumed_total{topic="crm.orders",type="order_paid"} 5)",
           R"(crmstream_events_consumed_total{topic="crm.clickstream",type="invalid"} 1)",
           R"(crmstream_events_rejected_total{reason="bad_json"} 4)",
           R"(crmstream_duplicates_total 2)",
           R"(crmstream_output_events_total{dimension="lifecycle",topic="crm.segment-changes"} 6)",
           R"(crmstream_delivery_failures_total{topic="crm.triggers"} 1)",
           R"(crmstream_commit_failures_total{kind="offsets"} 1)",
           R"(crmstream_kafka_errors_total{code="_TRANSPORT"} 2)",
           R"(crmstream_rebalances_total 1)",
           R"(crmstream_enforced_windows_total 2)",
           R"(crmstream_erasures_total 1)",
           R"(crmstream_timers_fired_total 9)",
           R"(crmstream_timers_pending 11)",
           R"(crmstream_outbox_pending 12)",
           R"(crmstream_stream_time_seconds{task="3"} 1769853780.5)",
           R"(crmstream_ready 1)",
           R"(crmstream_batch_events_bucket{le="100"} 0)",
           R"(crmstream_batch_events_bucket{le="200"} 1)",
           R"(crmstream_batch_events_count 1)",
           R"(crmstream_commit_duration_seconds_bucket{le="0.005"} 1)",
           R"(crmstream_end_to_end_latency_seconds_bucket{le="0.25"} 1)",
           R"(crmstream_rocksdb_live_data_bytes 100)",
           R"(crmstream_rocksdb_memtable_bytes 200)",
           R"(crmstream_rocksdb_pending_compaction_bytes 300)",
           R"(crmstream_rocksdb_block_cache_bytes 400)",
           R"(crmstream_rocksdb_write_stopped 1)",
           R"(crmstream_rocksdb_delayed_write_rate 500)",
       }) {
    EXPECT_TRUE(has_line(text, line)) << line << "\n" << text;
  }
  metrics.remove_stream_time(3);
  EXPECT_EQ(metrics.serialize().find("crmstream_stream_time_seconds{"), std::string::npos);
}

TEST(Metrics, PopulationsPerSlice) {
  PopulationSummary summary;
  summary.overall.populations["lifecycle"]["at_risk"] = 7;
  summary.overall.populations["rfm_segment"]["champions"] = 3;
  summary.overall.memberships["buyers"] = 10;
  summary.overall.window_transitions["into_at_risk"] = 4;
  SliceSummary& variant = summary.experiments["winback"]["holdout"];
  variant.populations["lifecycle"]["at_risk"] = 2;
  variant.memberships["buyers"] = 5;

  Metrics metrics("t");
  metrics.set_populations(summary);
  std::string text = metrics.serialize();
  for (
      const char* line : {
          R"(crmstream_customers{dimension="lifecycle",value="at_risk"} 7)",
          R"(crmstream_customers{dimension="rfm_segment",value="champions"} 3)",
          R"(crmstream_customers{dimension="lifecycle",experiment="winback",value="at_risk",variant="holdout"} 2)",
          R"(crmstream_kpi_count{count="buyers"} 10)",
          R"(crmstream_kpi_count{count="into_at_risk"} 4)",
          R"(crmstream_kpi_count{count="buyers",experiment="winback",variant="holdout"} 5)",
      }) {
    EXPECT_TRUE(has_line(text, line)) << line << "\n" << text;
  }

  // An experiment no longer in the summary loses its series.
  summary.experiments.clear();
  summary.overall.populations["lifecycle"]["at_risk"] = 8;
  metrics.set_populations(summary);
  text = metrics.serialize();
  EXPECT_TRUE(has_line(text, R"(crmstream_customers{dimension="lifecycle",value="at_risk"} 8)"));
  EXPECT_EQ(text.find("experiment="), std::string::npos) << text;
}

TEST(Metrics, LabelValuesAreBounded) {
  Metrics metrics("t");
  for (int i = 0; i < 1000; ++i) metrics.add_rejected("reason-" + std::to_string(i));
  const std::string text = metrics.serialize();
  std::size_t series = 0;
  for (std::size_t at = 0;
       (at = text.find("\ncrmstream_events_rejected_total{", at)) != std::string::npos; ++at) {
    ++series;
  }
  EXPECT_LE(series, 257u);
  EXPECT_TRUE(has_line(text, R"(crmstream_events_rejected_total{reason="_other"} 744)")) << text;
}

TEST(Metrics, CollectHooksRunAtSerialize) {
  Metrics metrics("t");
  int runs = 0;
  metrics.add_collect_hook([&](Metrics& m) {
    ++runs;
    m.set_timers_pending(runs);
  });
  EXPECT_TRUE(has_line(metrics.serialize(), "crmstream_timers_pending 1"));
  EXPECT_TRUE(has_line(metrics.serialize(), "crmstream_timers_pending 2"));
}

}  // namespace
}  // namespace crm
