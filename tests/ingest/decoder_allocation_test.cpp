// The decoder's hot-path promise: once the parser, capture tables and arena have grown, a
// successful decode allocates nothing (architecture.md: no allocation per field).
// Counts every global operator new of this test binary while a scope is armed.
#if defined(__GNUC__) && !defined(__clang__)
// GCC cannot see that the replaced operator new below is malloc-based.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "decoder_harness.h"

// AddressSanitizer owns operator new; allocations are counted in plain builds only.
#if defined(__SANITIZE_ADDRESS__)
#define CRM_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CRM_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef CRM_COUNT_ALLOCATIONS
#define CRM_COUNT_ALLOCATIONS 1
#endif

namespace {

std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

}  // namespace

#if CRM_COUNT_ALLOCATIONS
void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#endif

namespace crm {
namespace {

using testing_support::decoded;
using testing_support::DecoderHarness;

TEST(DecoderAllocationTest, SteadyStateDecodeAllocatesNothing) {
  if (!CRM_COUNT_ALLOCATIONS) GTEST_SKIP() << "operator new belongs to the sanitizer";
  const std::vector<std::string> messages = {
      R"({"event_id":"e1","type":"page_view","ts":"2026-11-22T10:00:00.250Z","anonymous_id":"a",)"
      R"("session_id":"s","channel":"web","page":"/","dwell_ms":5,"extra":{"x":[1,2]}})",
      R"({"event_id":"e2","type":"add_to_cart","ts":1795341600000,"customer_id":"c\u00e9",)"
      R"("product_id":"p","quantity":2,"price":"19.99"})",
      R"({"event_id":"o1","type":"order_paid","ts":1,"customer_id":"c","order_id":"o",)"
      R"("amount":129.9,"currency":"EUR","items":[{"product_id":"p","price":1},)"
      R"({"product_id":"q","category":"c","quantity":3}]})",
  };
  DecoderConfig config;
  config.currency_rates["EUR"] = DecimalRate{108, 2};
  DecoderHarness harness(config);
  for (int warm = 0; warm < 3; ++warm) {
    harness.arena.reset();
    for (const std::string& message : messages) ASSERT_TRUE(decoded(harness.decode(message)));
  }
  g_allocations = 0;
  g_counting = true;
  int* volatile probe = new int(1);  // the counter itself works (volatile: not elided)
  delete probe;
  const long probe_allocations = g_allocations.exchange(0);
  int decoded_count = 0;
  for (int round = 0; round < 100; ++round) {
    harness.arena.reset();
    for (const std::string& message : messages) decoded_count += harness.decode(message).ok();
  }
  g_counting = false;  // before any gtest assertion, which allocates
  EXPECT_EQ(probe_allocations, 1);
  EXPECT_EQ(decoded_count, 300);
  EXPECT_EQ(g_allocations.load(), 0);
}

}  // namespace
}  // namespace crm
