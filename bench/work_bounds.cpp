#include "bench/work_bounds.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "config/config.h"
#include "ingest/decoder.h"
#include "processors/customer_step.h"
#include "processors/evaluate.h"
#include "state/batch.h"
#include "state/key_codec.h"
#include "state/store.h"

namespace crm {

std::int64_t fold_in_memory(std::span<const std::string_view> payloads,
                            std::unordered_map<std::string, Profile>& profiles,
                            std::vector<std::string>* keys) {
  constexpr std::size_t kArenaBatch = 1024;  // payloads per arena reset, as an engine batch
  const Config config;
  const ModelConfig model = config.model();
  const RfmThresholds thresholds = static_thresholds(model.rfm);
  const StepContext context{model, thresholds};
  EventDecoder decoder(config.decoder());
  EventArena arena;
  Event event;
  StepResult step;
  std::string key;
  TimeMs clock = 0;
  std::int64_t decoded = 0;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    if (i % kArenaBatch == 0) arena.reset();
    if (!decoder.decode(payloads[i], arena, std::nullopt, event).ok()) continue;
    ++decoded;
    const TimeMs after = std::max(clock, event.ts);
    key.assign(event.customer_key());
    apply_event(profiles[key], event, after, context, step);
    if (!step.duplicate) clock = after;
    if (keys != nullptr) keys->push_back(key);
  }
  return decoded;
}

Status put_one_per_key(const std::string& dir, std::uint64_t memory_budget,
                       std::span<const std::string> keys,
                       const std::unordered_map<std::string, std::string>& values,
                       std::size_t batch_size, double& seconds) {
  StoreOptions options;
  options.dir = dir;
  options.memory_budget = memory_budget;
  std::unique_ptr<StateStore> store;
  if (Status s = StateStore::open(options, store); !s.is_ok()) return s;
  Batch batch(*store);
  std::string key;
  const auto started = std::chrono::steady_clock::now();
  for (const std::string& customer : keys) {
    key.clear();
    append_profile_key(key, 0, ProfileKind::kCustomer, customer);
    batch.put(Family::kProfiles, key, values.at(customer));
    if (batch.count() >= batch_size) {
      if (Status s = store->write(batch); !s.is_ok()) return s;
      batch.clear();
    }
  }
  if (!batch.empty()) {
    if (Status s = store->write(batch); !s.is_ok()) return s;
  }
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return store->close();
}

}  // namespace crm
