#include "processors/export_record.h"

#include "processors/decimal_format.h"
#include "processors/event.h"
#include "processors/experiments.h"
#include "processors/json_writer.h"
#include "processors/view_json.h"

namespace crm {
namespace {

// Highest count first, ties by name: the order of every {name: count} map of the export.
bool ranks_before(const NamedCount& a, const NamedCount& b) {
  return a.count != b.count ? a.count > b.count : a.name < b.name;
}

// The entry ranking right after `previous` (the first when null), or nullptr after the last.
// Selecting repeatedly costs O(limit x n) on these short lists and needs no sorted copy.
const NamedCount* next_ranked(const std::vector<NamedCount>& counts, const NamedCount* previous) {
  const NamedCount* best = nullptr;
  for (const NamedCount& candidate : counts) {
    if (previous != nullptr && !ranks_before(*previous, candidate)) continue;
    if (best == nullptr || ranks_before(candidate, *best)) best = &candidate;
  }
  return best;
}

void write_ranked_counts(JsonWriter& w, std::string_view key, const std::vector<NamedCount>& counts,
                         std::size_t limit) {
  w.key(key).begin_object();
  const NamedCount* entry = nullptr;
  for (std::size_t i = 0; i < limit; ++i) {
    entry = next_ranked(counts, entry);
    if (entry == nullptr) break;
    w.key(entry->name).int_value(entry->count);
  }
  w.end_object();
}

std::int64_t unpaid_orders(const Profile& profile) {
  std::int64_t unpaid = 0;
  for (const OrderEntry& order : profile.orders) {
    if (order.placed_at && !order.payment && !order.cancelled_at) ++unpaid;
  }
  return unpaid;
}

// RFC 4180: a cell is quoted when it holds a separator, a quote or a line break.
void append_csv_text(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// Appends the cells of one CSV row, each preceded by a comma but the first.
class CsvRow {
 public:
  explicit CsvRow(std::string& out) : out_(&out) {}
  std::string& cell() {
    if (!first_) out_->push_back(',');
    first_ = false;
    return *out_;
  }
  void empty() { cell(); }
  void text(std::string_view value) { append_csv_text(cell(), value); }
  void integer(std::int64_t value) { append_int64(cell(), value); }
  void money(Money value) { append_money(cell(), value); }
  void time(TimeMs value) { append_rfc3339_ms(cell(), value); }
  void decimal3(double value) { append_decimal3(cell(), value); }
  void end() { out_->append("\r\n"); }

 private:
  std::string* out_;
  bool first_ = true;
};

}  // namespace

void render_export_json(const Profile& profile, const CustomerView& view, const ModelConfig& config,
                        std::string& out) {
  JsonWriter w(out);
  w.begin_object();
  if (profile.is_customer()) {
    w.key("customer_id").string_value(profile.customer_id);
  } else {
    w.key("anonymous_id").string_value(profile.anonymous_id);
  }
  w.key("lifecycle").string_value(to_string(view.lifecycle));
  if (view.rfm) {
    write_segment_name(w.key("rfm_segment"), config, view.rfm->segment);
    w.key("value_tier").string_value(to_string(view.rfm->tier));
    write_rfm_scores(w, *view.rfm);
  }
  w.key("purchases").int_value(view.purchases);
  w.key("monetary_lifetime").money_value(view.monetary_lifetime);
  if (view.first_purchase) w.key("first_purchase").time_value(*view.first_purchase);
  if (view.last_purchase) w.key("last_purchase").time_value(*view.last_purchase);
  if (view.churn) {
    const ChurnView& churn = *view.churn;
    w.key("expected_interval_days").decimal3_value(churn.expected_interval_days);
    w.key("at_risk_after_days").decimal3_value(churn.at_risk_after_days);
    w.key("churned_after_days").decimal3_value(churn.churned_after_days);
    w.key("churn_risk").string_value(to_string(churn.level));
    w.key("churn_score").decimal3_value(churn.score);
  }
  w.key("first_seen").time_value(profile.first_seen);
  w.key("last_seen").time_value(profile.last_seen);
  w.key("visits").int_value(profile.visits());
  // Variants are assigned to customers; a visitor's would change the moment it is linked.
  if (profile.is_customer()) write_experiments(w, config, profile.customer_id);
  w.key("counters").begin_object();
  for (int type = 0; type < kEventTypeCount; ++type) {
    w.key(to_string(static_cast<EventType>(type)))
        .int_value(profile.counters[static_cast<std::size_t>(type)]);
  }
  w.end_object();

  w.key("dwell_ms_total").int_value(profile.dwell_ms_total);
  write_ranked_counts(w, "channels", profile.channels, profile.channels.size());
  if (const NamedCount* preferred = next_ranked(profile.channels, nullptr)) {
    w.key("preferred_channel").string_value(preferred->name);
  }
  write_ranked_counts(w, "top_categories_viewed", profile.categories_viewed, kTopCategories);
  write_ranked_counts(w, "top_categories_bought", profile.categories_bought, kTopCategories);
  w.key("cart_items").int_value(static_cast<std::int64_t>(profile.cart.size()));
  w.key("unpaid_orders").int_value(unpaid_orders(profile));
  w.end_object();
  out.push_back('\n');
}

std::string export_csv_header(const ModelConfig& config) {
  static constexpr std::string_view kLeading[] = {
      "customer_id",
      "anonymous_id",
      "lifecycle",
      "rfm_segment",
      "value_tier",
      "r",
      "f",
      "m",
      "recency_days",
      "frequency",
      "monetary",
      "purchases",
      "monetary_lifetime",
      "first_purchase",
      "last_purchase",
      "expected_interval_days",
      "at_risk_after_days",
      "churned_after_days",
      "churn_risk",
      "churn_score",
      "first_seen",
      "last_seen",
      "visits",
  };
  static constexpr std::string_view kTrailing[] = {"dwell_ms_total", "preferred_channel",
                                                   "cart_items", "unpaid_orders"};
  std::string out;
  CsvRow row(out);
  for (const std::string_view name : kLeading) row.text(name);
  std::string column;
  for (const ExperimentConfig& experiment : config.experiments) {
    column.assign("experiments.").append(experiment.name);
    row.text(column);
  }
  for (int type = 0; type < kEventTypeCount; ++type) {
    column.assign("counters.").append(to_string(static_cast<EventType>(type)));
    row.text(column);
  }
  for (const std::string_view name : kTrailing) row.text(name);
  row.end();
  return out;
}

void render_export_csv(const Profile& profile, const CustomerView& view, const ModelConfig& config,
                       std::string& out) {
  CsvRow row(out);
  if (profile.is_customer()) {
    row.text(profile.customer_id);
    row.empty();
  } else {
    row.empty();
    row.text(profile.anonymous_id);
  }
  row.text(to_string(view.lifecycle));
  if (view.rfm) {
    const RfmView& rfm = *view.rfm;
    const std::string* segment = segment_name(config, rfm.segment);
    segment != nullptr ? row.text(*segment) : row.empty();
    row.text(to_string(rfm.tier));
    row.integer(rfm.r);
    row.integer(rfm.f);
    row.integer(rfm.m);
    row.integer(rfm.recency_days);
    row.integer(rfm.frequency);
    row.money(rfm.monetary);
  } else {
    for (int i = 0; i < 8; ++i) row.empty();
  }
  row.integer(view.purchases);
  row.money(view.monetary_lifetime);
  view.first_purchase ? row.time(*view.first_purchase) : row.empty();
  view.last_purchase ? row.time(*view.last_purchase) : row.empty();
  if (view.churn) {
    const ChurnView& churn = *view.churn;
    row.decimal3(churn.expected_interval_days);
    row.decimal3(churn.at_risk_after_days);
    row.decimal3(churn.churned_after_days);
    row.text(to_string(churn.level));
    row.decimal3(churn.score);
  } else {
    for (int i = 0; i < 5; ++i) row.empty();
  }
  row.time(profile.first_seen);
  row.time(profile.last_seen);
  row.integer(profile.visits());
  for (const ExperimentConfig& experiment : config.experiments) {
    profile.is_customer() ? row.text(to_string(variant_of(experiment, profile.customer_id)))
                          : row.empty();
  }
  for (int type = 0; type < kEventTypeCount; ++type) {
    row.integer(profile.counters[static_cast<std::size_t>(type)]);
  }
  row.integer(profile.dwell_ms_total);
  const NamedCount* preferred = next_ranked(profile.channels, nullptr);
  preferred != nullptr ? row.text(preferred->name) : row.empty();
  row.integer(static_cast<std::int64_t>(profile.cart.size()));
  row.integer(unpaid_orders(profile));
  row.end();
}

}  // namespace crm
