#include "pipeline/customer_inspection.h"

#include <optional>
#include <vector>

#include "pipeline/task_clocks.h"
#include "processors/customer_step.h"
#include "processors/evaluate.h"
#include "processors/export_record.h"
#include "processors/identity.h"
#include "processors/json_writer.h"
#include "processors/triggers.h"

namespace crm {
namespace {

void optional_time(JsonWriter& w, std::string_view key, const std::optional<TimeMs>& t) {
  w.key(key);
  t ? w.time_value(*t) : w.null_value();
}

void write_ledger(JsonWriter& w, const Profile& profile) {
  w.key("ledger").begin_array();
  for (const OrderEntry& order : profile.orders) {
    w.begin_object();
    w.key("order_id").string_value(order.order_id);
    optional_time(w, "placed_at", order.placed_at);
    w.key("placed_amount").money_value(order.placed_amount);
    optional_time(w, "paid_at",
                  order.payment ? std::optional<TimeMs>(order.payment->paid_at) : std::nullopt);
    if (order.payment) {
      w.key("paid_amount").money_value(order.payment->amount);
      w.key("payment_event_id").string_value(order.payment->event_id);
    }
    w.key("refunded").money_value(order.refunded);
    optional_time(w, "cancelled_at", order.cancelled_at);
    w.key("reminder_sent").bool_value(order.reminder_sent);
    w.end_object();
  }
  w.end_array();
}

void write_purchases_and_cart(JsonWriter& w, const Profile& profile) {
  w.key("purchases").begin_array();
  for (const Purchase& purchase : profile.purchases) {
    w.begin_object();
    w.key("paid_at").time_value(purchase.paid_at);
    w.key("value").money_value(purchase.value);
    w.end_object();
  }
  w.end_array();
  w.key("cart").begin_array();
  for (const CartItem& item : profile.cart) {
    w.begin_object();
    w.key("product_id").string_value(item.product_id);
    w.key("quantity").int_value(item.quantity);
    if (item.price) w.key("price").money_value(*item.price);
    w.key("added_at").time_value(item.added_at);
    w.end_object();
  }
  w.end_array();
  w.key("linked_anonymous_ids").begin_array();
  for (const LinkedAnonymousId& link : profile.linked_anonymous_ids) w.string_value(link.id);
  w.end_array();
}

void write_timers(JsonWriter& w, const Profile& profile, TimeMs clock, const StepContext& context) {
  w.key("timers").begin_object();
  optional_time(w, "stored", profile.timer_due);
  optional_time(w, "next", next_timer(profile, clock, context));
  optional_time(w, "view_crossing",
                next_view_crossing(profile, clock, context.config, context.thresholds));
  optional_time(w, "cart_abandoned", cart_abandoned_due(profile, context.config));
  w.key("payment_reminders").begin_array();
  for (const OrderEntry& order : profile.orders) {
    const std::optional<TimeMs> due = payment_reminder_due(order, context.config);
    if (!due) continue;
    w.begin_object();
    w.key("order_id").string_value(order.order_id);
    w.key("due").time_value(*due);
    w.end_object();
  }
  w.end_array();
  optional_time(w, "visitor_expiry", visitor_expiry(profile, context.config));
  optional_time(w, "link_expiry", next_link_expiry(profile, context.config));
  w.end_object();
}

// "visitor a-1 not found", naming the customer a link makes it count for.
Status visitor_not_found(const StateStore& store, const std::vector<TaskClock>& tasks,
                         std::string_view anonymous_id) {
  std::string message = "visitor " + std::string(anonymous_id) + " not found";
  for (const TaskClock& task : tasks) {
    std::string customer_id;
    const Status s = store.get_link(task.task, anonymous_id, customer_id);
    if (s.is_ok()) {
      return Status::not_found(message + ": it was linked to customer " + customer_id +
                               ", whose profile holds its history");
    }
    if (!s.is_not_found()) return s;
  }
  return Status::not_found(message);
}

}  // namespace

Status inspect_profile(const StateStore& store, const Config& config, const WallClock& wall,
                       ProfileKind kind, std::string_view key, std::string& out) {
  std::vector<TaskClock> tasks;
  if (Status s = read_task_clocks(store, config.time.clock, wall, tasks); !s.is_ok()) return s;
  Profile profile;
  const TaskClock* holder = nullptr;
  for (const TaskClock& task : tasks) {
    const Status s = store.get_profile(task.task, kind, key, profile);
    if (s.is_ok()) {
      holder = &task;
      break;
    }
    if (!s.is_not_found()) return s;
  }
  if (holder == nullptr) {
    if (kind == ProfileKind::kVisitor) return visitor_not_found(store, tasks, key);
    return Status::not_found("customer " + std::string(key) + " not found");
  }
  if (!holder->clock) {
    return Status::corruption("task " + std::to_string(holder->task) + " of " + store.dir() +
                              " holds profile " + std::string(key) + " but no clock");
  }
  const TimeMs clock = *holder->clock;
  const ModelConfig model = config.model();
  RfmThresholds thresholds;
  if (Status s = read_task_thresholds(store, holder->task, config.rfm, thresholds); !s.is_ok()) {
    return s;
  }
  const StepContext context{model, thresholds};

  std::string record;
  render_export_json(profile, evaluate(profile, clock, model, thresholds), model, record);
  record.pop_back();  // its '\n': here it is one member of the object

  JsonWriter w(out);
  w.begin_object();
  w.key("task").int_value(holder->task);
  w.key("clock").time_value(clock);
  w.key("profile").raw_value(record);
  write_ledger(w, profile);
  write_purchases_and_cart(w, profile);
  write_timers(w, profile, clock, context);
  w.end_object();
  out.push_back('\n');
  return Status::ok();
}

}  // namespace crm
