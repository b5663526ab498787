// Caches of prometheus-cpp series per label value, so that a hot path finds its Counter& with
// one map look-up instead of Family::Add (which hashes every label and takes the family's
// mutex), and sets of gauges replaced as a whole (consumer lag, populations) whose series that
// are no longer reported are removed. Label values are bounded: past kMaxLabelValues distinct
// values a family's further ones are counted under "_other" (a guard against a caller passing
// an id; operations.md: no ids in labels).
// Threading: every member may be called from any thread; each object has its own mutex, held
// for a map look-up (and, for a new value, Family::Add), never while serializing.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/labels.h>

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace crm {

inline constexpr std::size_t kMaxLabelValues = 256;

// Counters of a family with one label.
class CounterByLabel {
 public:
  CounterByLabel(prometheus::Family<prometheus::Counter>& family, std::string label)
      : family_(family), label_(std::move(label)) {}

  prometheus::Counter& get(std::string_view value);

 private:
  prometheus::Family<prometheus::Counter>& family_;
  const std::string label_;
  std::mutex mutex_;
  std::map<std::string, prometheus::Counter*, std::less<>> cache_;
};

// Counters of a family with two labels.
class CounterByTwoLabels {
 public:
  CounterByTwoLabels(prometheus::Family<prometheus::Counter>& family, std::string first,
                     std::string second)
      : family_(family), first_(std::move(first)), second_(std::move(second)) {}

  prometheus::Counter& get(std::string_view first, std::string_view second);

 private:
  prometheus::Family<prometheus::Counter>& family_;
  const std::string first_;
  const std::string second_;
  std::mutex mutex_;
  std::size_t size_ = 0;
  std::map<std::string, std::map<std::string, prometheus::Counter*, std::less<>>, std::less<>>
      cache_;
};

// The whole set of a gauge family's series at once: replace() sets the given ones and removes
// those of the previous set that are not in it.
class GaugeSet {
 public:
  explicit GaugeSet(prometheus::Family<prometheus::Gauge>& family) : family_(family) {}

  void replace(const std::vector<std::pair<prometheus::Labels, double>>& values);
  // Sets one series, keeping the others.
  void set(const prometheus::Labels& labels, double value);
  // Removes one series, if there.
  void remove(const prometheus::Labels& labels);

 private:
  prometheus::Family<prometheus::Gauge>& family_;
  std::mutex mutex_;
  std::map<prometheus::Labels, prometheus::Gauge*> series_;
};

}  // namespace crm
