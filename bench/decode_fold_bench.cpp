// Decode and fold throughput on one core against simdjson's bare parse of the same bytes
// (issue target: decode + fold >= 1M events/s, within 3x of the bare parse).
// Every benchmark makes one pass over the same ~200k generated lines per iteration, so
// items_per_second is lines/s (rejected lines included) and bytes_per_second is JSON bytes/s.
// Run with --benchmark_repetitions=N --benchmark_enable_random_interleaving=true so that the
// ratios come from interleaved runs in one process (docs/performance.md).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bench/work_bounds.h"
#include "config/config.h"
#include "generator/shop_generator.h"
#include "ingest/decoder.h"

namespace crm {
namespace {

constexpr std::size_t kBatch = 1024;  // lines per arena reset

// The generated lines in one buffer, each followed by '\n' and the whole followed by simdjson's
// padding, so that every line can be parsed in place.
struct Corpus {
  std::string bytes;
  std::vector<std::string_view> lines;
  std::size_t line_bytes = 0;
};

const Corpus& corpus() {
  static const Corpus kCorpus = [] {
    GeneratorOptions options;
    options.seed = 42;
    options.customers = 1000;
    options.max_events = 200'000;
    ShopGenerator generator(options);
    GeneratedEvent event;
    Corpus c;
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset, size
    while (generator.next(event)) {
      spans.emplace_back(c.bytes.size(), event.json.size());
      c.bytes += event.json;
      c.bytes += '\n';
    }
    c.bytes.append(simdjson::SIMDJSON_PADDING, '\0');
    for (const auto& [offset, size] : spans) {
      c.lines.emplace_back(c.bytes.data() + offset, size);
      c.line_bytes += size;
    }
    return c;
  }();
  return kCorpus;
}

void set_counters(benchmark::State& state) {
  const Corpus& c = corpus();
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.lines.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(c.line_bytes));
}

// Visits every value of an On Demand document: keys and strings unescaped, numbers parsed,
// booleans and nulls checked. `sink` keeps the compiler from dropping the work.
simdjson::error_code walk(simdjson::ondemand::value& value, std::size_t& sink) {
  using simdjson::ondemand::json_type;
  json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case json_type::object:
      for (auto field : value.get_object()) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) return error;
        sink += key.size();
        simdjson::ondemand::value child;
        if (auto error = field.value().get(child)) return error;
        if (auto error = walk(child, sink)) return error;
      }
      return simdjson::SUCCESS;
    case json_type::array:
      for (auto element : value.get_array()) {
        simdjson::ondemand::value item;
        if (auto error = element.get(item)) return error;
        if (auto error = walk(item, sink)) return error;
      }
      return simdjson::SUCCESS;
    case json_type::string: {
      std::string_view text;
      if (auto error = value.get_string().get(text)) return error;
      sink += text.size();
      return simdjson::SUCCESS;
    }
    case json_type::number: {
      simdjson::ondemand::number number;
      if (auto error = value.get_number().get(number)) return error;
      sink += static_cast<std::size_t>(number.get_number_type());
      return simdjson::SUCCESS;
    }
    case json_type::boolean: {
      bool flag = false;
      if (auto error = value.get_bool().get(flag)) return error;
      sink += flag;
      return simdjson::SUCCESS;
    }
    case json_type::null:
      sink += value.is_null();
      return simdjson::SUCCESS;
  }
  return simdjson::INCORRECT_TYPE;
}

// (a) simdjson On Demand, in place: a full walk of each line's document, then the check that
// nothing follows it (current_location() is out of bounds), as the decoder does.
void BM_SimdjsonOndemandWalk(benchmark::State& state) {
  const Corpus& c = corpus();
  simdjson::ondemand::parser parser;
  std::int64_t errors = 0;
  for (auto _ : state) {
    std::size_t sink = 0;
    for (std::string_view line : c.lines) {
      const auto capacity = static_cast<std::size_t>(c.bytes.data() + c.bytes.size() - line.data());
      simdjson::ondemand::document doc;
      simdjson::ondemand::value root;
      const bool ok = !parser.iterate(line.data(), line.size(), capacity).get(doc) &&
                      !doc.get_value().get(root) && !walk(root, sink) &&
                      doc.current_location().error() != simdjson::SUCCESS;
      errors += !ok;
    }
    benchmark::DoNotOptimize(sink);
  }
  state.counters["errors"] = static_cast<double>(errors) / static_cast<double>(state.iterations());
  set_counters(state);
}

// (a') simdjson DOM, in place: builds the whole tape of each line.
void BM_SimdjsonDomParse(benchmark::State& state) {
  const Corpus& c = corpus();
  simdjson::dom::parser parser;
  std::int64_t errors = 0;
  for (auto _ : state) {
    for (std::string_view line : c.lines) {
      simdjson::dom::element root;
      errors += parser.parse(line.data(), line.size(), false).get(root) != simdjson::SUCCESS;
      benchmark::DoNotOptimize(root);
    }
  }
  state.counters["errors"] = static_cast<double>(errors) / static_cast<double>(state.iterations());
  set_counters(state);
}

// (b) EventDecoder::decode of each line, the arena reset every kBatch lines.
void BM_Decode(benchmark::State& state) {
  const Corpus& c = corpus();
  EventDecoder decoder(Config{}.decoder());
  EventArena arena;
  Event event;
  std::int64_t rejected = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
      if (i % kBatch == 0) arena.reset();
      rejected += !decoder.decode(c.lines[i], arena, std::nullopt, event).ok();
      benchmark::DoNotOptimize(event);
    }
  }
  state.counters["rejected"] =
      static_cast<double>(rejected) / static_cast<double>(state.iterations());
  set_counters(state);
}

// (c) Decode, then apply_event into in-memory profiles keyed by customer key, the clock the
// running max ts of applied events: the model's fold without storage, timers or visitor merges
// (bench/work_bounds.h, which kafka_consume_bench also runs).
void BM_DecodeFold(benchmark::State& state) {
  const Corpus& c = corpus();
  std::unordered_map<std::string, Profile> profiles;
  for (auto _ : state) {
    state.PauseTiming();
    profiles.clear();
    state.ResumeTiming();
    benchmark::DoNotOptimize(fold_in_memory(c.lines, profiles));
  }
  state.counters["profiles"] = static_cast<double>(profiles.size());
  set_counters(state);
}

BENCHMARK(BM_SimdjsonOndemandWalk)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimdjsonDomParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeFold)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crm

BENCHMARK_MAIN();
