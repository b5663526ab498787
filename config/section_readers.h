// One reader per top-level section of the configuration (operations.md "Configuration").
// Each fills only the keys present, so absent keys keep the defaults of config/config.h, and
// validates what it read; cross-section checks belong to config_loader.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/config_node.h"

namespace crm {

std::string read_currency(const ConfigNode& node);
void read_currency_rates(const ConfigNode& node,
                         std::map<std::string, DecimalRate, std::less<>>& rates);
void read_kafka(const ConfigNode& node, KafkaConfig& kafka);
void read_state(const ConfigNode& node, StateConfig& state);
void read_time(const ConfigNode& node, TimeConfig& time);
void read_rfm(const ConfigNode& node, RfmConfig& rfm);
void read_lifecycle(const ConfigNode& node, LifecycleConfig& lifecycle);
void read_triggers(const ConfigNode& node, TriggersConfig& triggers);
void read_experiments(const ConfigNode& node, std::vector<ExperimentConfig>& experiments);
void read_http(const ConfigNode& node, HttpConfig& http);
void read_limits(const ConfigNode& node, LimitsConfig& limits);
void read_log(const ConfigNode& node, LogConfig& log);

}  // namespace crm
