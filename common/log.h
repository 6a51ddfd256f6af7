// Structured JSON logs: one object per line on stderr. NIPs (18-digit runs)
// in any string value are masked (UU 27/2022: personal data stays out of
// logs).
#ifndef SISKER_COMMON_LOG_H_
#define SISKER_COMMON_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sisker::common {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

using LogValue = std::variant<std::string, int64_t, double, bool>;
using LogFields = std::vector<std::pair<std::string, LogValue>>;

// Masks every run of exactly 18 digits (optionally written with the
// spaces of `19671021 200012 1 001`): the first 4 and last 3 digits stay.
std::string MaskNip(std::string_view text);

// The JSON line for one event (exposed for tests).
std::string FormatLogLine(LogLevel level, std::string_view event,
                          const LogFields& fields);

// Writes one line to stderr (thread-safe; lines never interleave).
void Log(LogLevel level, std::string_view event, const LogFields& fields = {});

// Sets the service name stamped on every line and the minimum level.
void ConfigureLogging(std::string service, LogLevel min_level);

}  // namespace sisker::common

#endif  // SISKER_COMMON_LOG_H_
