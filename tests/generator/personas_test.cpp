// What each persona does over a year, read back through the real decoder: the behaviour the
// customer model is meant to classify must be in the stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "generator/ids.h"
#include "generator/shop_generator.h"
#include "ingest/decoder.h"

namespace crm {
namespace {

struct OrderSeen {
  TimeMs placed = -1;
  TimeMs first_paid = -1;
  int paid_events = 0;
  Money amount = 0;
  bool cancelled = false;
  Money refunded = 0;
};

struct ShopperSeen {
  std::map<std::string, OrderSeen> orders;
  TimeMs signup = -1;
  TimeMs first_anonymous = -1;  // an event with only an anonymous id of this shopper
  int logins_on_new_device = 0;
};

class YearOfShopping : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GeneratorOptions options;
    options.seed = 3;
    options.customers = 1000;
    generator_ = new ShopGenerator(options);
    shoppers_ = new std::vector<ShopperSeen>(1000);
    events_by_type_ = new std::map<EventType, int>();

    // Anonymous ids back to their shopper and device.
    const IdFormat ids(options.seed);
    std::map<std::string, std::pair<std::uint32_t, int>> devices;
    for (std::uint32_t s = 0; s < 1000; ++s) {
      for (int d = 0; d < 8; ++d) {
        std::string id;
        ids.append_anonymous(id, s, static_cast<std::uint8_t>(d));
        devices[id] = {s, d};
      }
    }
    EventDecoder decoder{DecoderConfig{}};
    EventArena arena;
    Event event;
    GeneratedEvent e;
    while (generator_->next(e)) {
      if (e.intended_rejection || e.duplicate) continue;
      arena.reset();
      ASSERT_TRUE(decoder.decode(e.json, arena, std::nullopt, event).ok()) << e.json;
      ++(*events_by_type_)[event.type];
      if (!event.is_customer()) {
        ShopperSeen& seen = (*shoppers_)[devices.at(std::string(event.anonymous_id)).first];
        if (seen.first_anonymous < 0) seen.first_anonymous = event.ts;
        continue;
      }
      const auto shopper =
          static_cast<std::uint32_t>(std::stoul(std::string(event.customer_id.substr(5))) - 1);
      ShopperSeen& seen = (*shoppers_)[shopper];
      if (event.type == EventType::kSignup) seen.signup = event.ts;
      if (event.type == EventType::kLogin &&
          devices.at(std::string(event.anonymous_id)).second > 0) {
        ++seen.logins_on_new_device;
      }
      if (!is_order_event(event.type)) continue;
      OrderSeen& order = seen.orders[std::string(event.order_id)];
      switch (event.type) {
        case EventType::kOrderPlaced:
          order.placed = event.ts;
          order.amount = *event.amount;
          break;
        case EventType::kOrderPaid:
          ++order.paid_events;
          if (order.first_paid < 0 || event.ts < order.first_paid) order.first_paid = event.ts;
          break;
        case EventType::kOrderCancelled:
          order.cancelled = true;
          break;
        case EventType::kOrderRefunded:
          order.refunded += *event.amount;
          break;
        default:
          break;
      }
    }
  }
  static void TearDownTestSuite() {
    delete generator_;
    delete shoppers_;
    delete events_by_type_;
  }

  // Shoppers of `persona`, with what they did.
  static std::vector<const ShopperSeen*> of(Persona persona) {
    std::vector<const ShopperSeen*> found;
    for (std::uint32_t s = 0; s < shoppers_->size(); ++s) {
      if (generator_->persona(s) == persona) found.push_back(&(*shoppers_)[s]);
    }
    return found;
  }
  static double mean_orders(Persona persona) {
    const auto shoppers = of(persona);
    double total = 0;
    for (const ShopperSeen* s : shoppers) total += static_cast<double>(s->orders.size());
    return total / static_cast<double>(shoppers.size());
  }
  static double mean_amount(Persona persona) {
    double total = 0;
    double count = 0;
    for (const ShopperSeen* s : of(persona)) {
      for (const auto& [id, order] : s->orders) {
        total += static_cast<double>(order.amount);
        count += 1;
      }
    }
    return total / count;
  }
  // The longest silence between two orders of a shopper, in days.
  static double longest_gap_days(const ShopperSeen& s) {
    std::vector<TimeMs> placed;
    for (const auto& [id, order] : s.orders) placed.push_back(order.placed);
    std::sort(placed.begin(), placed.end());
    TimeMs longest = 0;
    for (std::size_t i = 1; i < placed.size(); ++i) {
      longest = std::max(longest, placed[i] - placed[i - 1]);
    }
    return static_cast<double>(longest) / kDayMs;
  }

  static ShopGenerator* generator_;
  static std::vector<ShopperSeen>* shoppers_;
  static std::map<EventType, int>* events_by_type_;
};

ShopGenerator* YearOfShopping::generator_ = nullptr;
std::vector<ShopperSeen>* YearOfShopping::shoppers_ = nullptr;
std::map<EventType, int>* YearOfShopping::events_by_type_ = nullptr;

TEST_F(YearOfShopping, EveryPersonaIsPresent) {
  for (int p = 0; p < kPersonaCount; ++p) {
    EXPECT_GE(of(static_cast<Persona>(p)).size(), 20u) << to_string(static_cast<Persona>(p));
  }
}

TEST_F(YearOfShopping, EveryEventTypeOccurs) {
  for (int t = 0; t < kEventTypeCount; ++t) {
    EXPECT_GT((*events_by_type_)[static_cast<EventType>(t)], 0)
        << to_string(static_cast<EventType>(t));
  }
}

TEST_F(YearOfShopping, CadencesDifferByPersona) {
  EXPECT_GT(mean_orders(Persona::kLoyal), 8.0);
  EXPECT_GT(mean_orders(Persona::kVip), 10.0);
  EXPECT_GT(mean_orders(Persona::kRegular), 2.0);
  EXPECT_LT(mean_orders(Persona::kRegular), mean_orders(Persona::kLoyal));
  EXPECT_GT(mean_amount(Persona::kVip), 3 * mean_amount(Persona::kRegular));
}

TEST_F(YearOfShopping, BrowsersNeverBuyAndOneTimeBuyersBuyOnce) {
  for (const ShopperSeen* s : of(Persona::kBrowser)) EXPECT_TRUE(s->orders.empty());
  int once = 0;
  for (const ShopperSeen* s : of(Persona::kOneTime)) {
    EXPECT_LE(s->orders.size(), 1u);
    once += s->orders.size() == 1;
  }
  EXPECT_GT(once, static_cast<int>(of(Persona::kOneTime).size()) * 8 / 10);
}

TEST_F(YearOfShopping, LapsingShoppersStop) {
  const TimeMs year_end = generator_->options().start + generator_->options().duration;
  int stopped = 0;
  const auto lapsing = of(Persona::kLapsing);
  for (const ShopperSeen* s : lapsing) {
    EXPECT_LE(s->orders.size(), 4u);
    TimeMs last = 0;
    for (const auto& [id, order] : s->orders) last = std::max(last, order.placed);
    stopped += !s->orders.empty() && year_end - last > 120 * kDayMs;
  }
  EXPECT_GT(stopped, static_cast<int>(lapsing.size()) / 2);
}

TEST_F(YearOfShopping, ChurnAndReturnShoppersAreWonBack) {
  int won_back = 0;
  const auto returning = of(Persona::kChurnAndReturn);
  for (const ShopperSeen* s : returning) won_back += longest_gap_days(*s) > 150;
  EXPECT_GT(won_back, static_cast<int>(returning.size()) * 8 / 10);
}

TEST_F(YearOfShopping, SignupsBrowseAnonymouslyFirst) {
  int signed_up = 0;
  const auto signups = of(Persona::kSignup);
  for (const ShopperSeen* s : signups) {
    if (s->signup < 0) continue;
    ++signed_up;
    EXPECT_GE(s->first_anonymous, 0);
    EXPECT_LT(s->first_anonymous, s->signup);
  }
  EXPECT_GT(signed_up, static_cast<int>(signups.size()) * 8 / 10);
  int new_devices = 0;
  for (const ShopperSeen& s : *shoppers_) new_devices += s.logins_on_new_device;
  EXPECT_GT(new_devices, 0);
}

TEST_F(YearOfShopping, OrdersHaveEveryFate) {
  int unpaid = 0, paid_late = 0, two_payments = 0, cancelled_after_paid = 0,
      cancelled_before_paid = 0, partial_refund = 0, full_refund = 0;
  for (const ShopperSeen& s : *shoppers_) {
    for (const auto& [id, o] : s.orders) {
      unpaid += o.first_paid < 0;
      paid_late += o.first_paid >= 0 && o.first_paid - o.placed > 30 * kMinuteMs;
      two_payments += o.paid_events == 2;
      cancelled_after_paid += o.cancelled && o.first_paid >= 0;
      cancelled_before_paid += o.cancelled && o.first_paid < 0;
      partial_refund += o.refunded > 0 && o.refunded < o.amount;
      full_refund += o.refunded > 0 && o.refunded == o.amount;
    }
  }
  EXPECT_GT(unpaid, 0);
  EXPECT_GT(paid_late, 0);
  EXPECT_GT(two_payments, 0);
  EXPECT_GT(cancelled_after_paid, 0);
  EXPECT_GT(cancelled_before_paid, 0);
  EXPECT_GT(partial_refund, 0);
  EXPECT_GT(full_refund, 0);
}

}  // namespace
}  // namespace crm
