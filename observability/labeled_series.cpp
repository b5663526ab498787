#include "observability/labeled_series.h"

namespace crm {
namespace {

constexpr std::string_view kOther = "_other";

}  // namespace

prometheus::Counter& CounterByLabel::get(std::string_view value) {
  const std::lock_guard lock(mutex_);
  if (auto it = cache_.find(value); it != cache_.end()) return *it->second;
  if (cache_.size() >= kMaxLabelValues) value = kOther;
  if (auto it = cache_.find(value); it != cache_.end()) return *it->second;
  prometheus::Counter& counter = family_.Add({{label_, std::string(value)}});
  cache_.emplace(std::string(value), &counter);
  return counter;
}

prometheus::Counter& CounterByTwoLabels::get(std::string_view first, std::string_view second) {
  const std::lock_guard lock(mutex_);
  if (auto outer = cache_.find(first); outer != cache_.end()) {
    if (auto inner = outer->second.find(second); inner != outer->second.end()) {
      return *inner->second;
    }
  }
  if (size_ >= kMaxLabelValues) {
    first = kOther;
    second = kOther;
    if (auto outer = cache_.find(first); outer != cache_.end()) {
      if (auto inner = outer->second.find(second); inner != outer->second.end()) {
        return *inner->second;
      }
    }
  }
  prometheus::Counter& counter =
      family_.Add({{first_, std::string(first)}, {second_, std::string(second)}});
  auto outer = cache_.find(first);
  if (outer == cache_.end())
    outer = cache_.emplace(std::string(first), decltype(outer->second){}).first;
  outer->second.emplace(std::string(second), &counter);
  ++size_;
  return counter;
}

void GaugeSet::replace(const std::vector<std::pair<prometheus::Labels, double>>& values) {
  const std::lock_guard lock(mutex_);
  std::map<prometheus::Labels, prometheus::Gauge*> next;
  for (const auto& [labels, value] : values) {
    auto it = series_.find(labels);
    prometheus::Gauge* gauge = nullptr;
    if (it != series_.end()) {
      gauge = it->second;
      series_.erase(it);
    } else if (auto again = next.find(labels); again != next.end()) {
      gauge = again->second;
    } else {
      gauge = &family_.Add(labels);
    }
    gauge->Set(value);
    next[labels] = gauge;
  }
  for (const auto& [labels, gauge] : series_) family_.Remove(gauge);
  series_ = std::move(next);
}

void GaugeSet::set(const prometheus::Labels& labels, double value) {
  const std::lock_guard lock(mutex_);
  auto it = series_.find(labels);
  if (it == series_.end()) it = series_.emplace(labels, &family_.Add(labels)).first;
  it->second->Set(value);
}

void GaugeSet::remove(const prometheus::Labels& labels) {
  const std::lock_guard lock(mutex_);
  if (auto it = series_.find(labels); it != series_.end()) {
    family_.Remove(it->second);
    series_.erase(it);
  }
}

}  // namespace crm
