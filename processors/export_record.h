// The profile export (outputs.md "Profile export"): one JSON line or one CSV row per profile,
// as `crmstream export` writes them and /v1/customers/{id} answers. Pure functions over a
// profile and its view at the task's clock (the caller evaluates; nothing here reads a clock).
// Each call appends one whole line, terminator included, to a buffer the caller reuses.
#pragma once

#include <string>

#include "processors/customer_view.h"
#include "processors/model_config.h"
#include "processors/profile.h"

namespace crm {

// One JSON object and '\n'. Fields in the order of outputs.md's example: customer_id (or
// anonymous_id for a visitor), lifecycle, rfm_segment, value_tier, r, f, m, recency_days,
// frequency, monetary, purchases, monetary_lifetime, first_purchase, last_purchase,
// expected_interval_days, at_risk_after_days, churned_after_days, churn_risk, churn_score,
// first_seen, last_seen, visits, experiments (customers only, when configured), counters (every
// event type, in EventType order). RFM and churn fields, and first/last_purchase, are left out
// for a non-buyer; purchases and monetary_lifetime (0 and "0") are always there.
// Then fields added within the schema: dwell_ms_total, channels {name: count},
// preferred_channel, top_categories_viewed and top_categories_bought {name: count} (at most 10,
// highest count first, ties by name), cart_items (entries in the open cart) and unpaid_orders
// (placed, neither paid nor cancelled).
void render_export_json(const Profile& profile, const CustomerView& view, const ModelConfig& config,
                        std::string& out);

// The CSV header line (RFC 4180, ending in CRLF): the scalar fields of the JSON export in the
// same order, one column per configured experiment ("experiments.<name>", so that a campaign
// built from the file can leave out the holdout) and per event type ("counters.<type>"), then
// dwell_ms_total, preferred_channel, cart_items, unpaid_orders. Both customer_id and
// anonymous_id are columns, one of them empty.
std::string export_csv_header(const ModelConfig& config);

// One CSV row matching export_csv_header(config): an empty cell where a field does not apply,
// a cell quoted (quotes doubled) when it holds a comma, a quote, CR or LF.
void render_export_csv(const Profile& profile, const CustomerView& view, const ModelConfig& config,
                       std::string& out);

}  // namespace crm
