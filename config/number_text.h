// Numbers of the configuration (lifecycle days and factors, holdout percentages, exchange
// rates) as text that reads back as the very same value, so that the printed configuration
// loads to an equal one.
#pragma once

#include <string>

#include "ingest/decoder_config.h"

namespace crm {

// Shortest round-trip form: 30.0 -> "30", 2.5 -> "2.5".
std::string format_number(double value);

// The exact decimal: {108, 2} -> "1.08", {5, 3} -> "0.005", {7, 0} -> "7". digits >= 0.
std::string format_rate(DecimalRate rate);

}  // namespace crm
