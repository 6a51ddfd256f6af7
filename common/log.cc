// JSON log lines with NIP masking.
#include "common/log.h"

#include <cstdio>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sisker::common {
namespace {

struct LogState {
  absl::Mutex mu;
  std::string service ABSL_GUARDED_BY(mu) = "sisker";
  LogLevel min_level ABSL_GUARDED_BY(mu) = LogLevel::kInfo;
};

LogState& State() {
  static auto* const state = new LogState;
  return *state;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(out, "\\u%04x", c);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string MaskNip(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i]) || (i > 0 && IsDigit(text[i - 1]))) {
      out.push_back(text[i++]);
      continue;
    }
    // Collect a run of digits, allowing single spaces between groups.
    std::vector<size_t> digit_pos;
    size_t j = i;
    while (j < text.size()) {
      if (IsDigit(text[j])) {
        digit_pos.push_back(j++);
      } else if (text[j] == ' ' && j + 1 < text.size() &&
                 IsDigit(text[j + 1]) && digit_pos.size() < 18) {
        ++j;
      } else {
        break;
      }
    }
    if (digit_pos.size() == 18) {
      std::string run(text.substr(i, j - i));
      for (size_t k = 4; k < 15; ++k) run[digit_pos[k] - i] = '*';
      out.append(run);
      i = j;
    } else {
      // Not a NIP: copy up to the end of the first digit group only.
      size_t end = i;
      while (end < text.size() && IsDigit(text[end])) ++end;
      out.append(text.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

std::string FormatLogLine(LogLevel level, std::string_view event,
                          const LogFields& fields) {
  std::string service;
  {
    absl::MutexLock lock(&State().mu);
    service = State().service;
  }
  std::string line = "{\"ts\":";
  AppendJsonString(&line, absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(),
                                           absl::UTCTimeZone()));
  line.append(",\"level\":");
  AppendJsonString(&line, LevelName(level));
  line.append(",\"service\":");
  AppendJsonString(&line, service);
  line.append(",\"event\":");
  AppendJsonString(&line, MaskNip(event));
  for (const auto& [key, value] : fields) {
    line.push_back(',');
    AppendJsonString(&line, key);
    line.push_back(':');
    if (const auto* s = std::get_if<std::string>(&value)) {
      AppendJsonString(&line, MaskNip(*s));
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      absl::StrAppend(&line, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      absl::StrAppendFormat(&line, "%.3f", *d);
    } else {
      line.append(std::get<bool>(value) ? "true" : "false");
    }
  }
  line.append("}\n");
  return line;
}

void Log(LogLevel level, std::string_view event, const LogFields& fields) {
  {
    absl::MutexLock lock(&State().mu);
    if (level < State().min_level) return;
  }
  std::string line = FormatLogLine(level, event, fields);
  static absl::Mutex write_mu(absl::kConstInit);
  absl::MutexLock lock(&write_mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void ConfigureLogging(std::string service, LogLevel min_level) {
  absl::MutexLock lock(&State().mu);
  State().service = std::move(service);
  State().min_level = min_level;
}

}  // namespace sisker::common
