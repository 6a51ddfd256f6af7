// Flag and environment parsing with one validation pass.
#include "common/config.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sisker::common {

std::string Config::EnvName(const std::string& name) {
  return absl::StrCat("SISKER_", absl::AsciiStrToUpper(name));
}

Config::EnvLookup Config::DefaultEnv() {
  return [](const char* name) { return std::getenv(name); };
}

void Config::AddString(std::string name, std::string default_value,
                       std::string help, bool required) {
  options_[std::move(name)] = Option{Type::kString, std::move(help),
                                     std::move(default_value), required};
}

void Config::AddSecret(std::string name, std::string help, bool required) {
  Option option{Type::kString, std::move(help), "", required};
  option.secret = true;
  options_[std::move(name)] = std::move(option);
}

void Config::AddInt(std::string name, int64_t default_value, int64_t min,
                    int64_t max, std::string help) {
  Option option{Type::kInt, std::move(help), absl::StrCat(default_value)};
  option.min = min;
  option.max = max;
  options_[std::move(name)] = std::move(option);
}

void Config::AddBool(std::string name, bool default_value, std::string help) {
  options_[std::move(name)] =
      Option{Type::kBool, std::move(help), default_value ? "true" : "false"};
}

absl::Status Config::Parse(int argc, const char* const* argv,
                           const EnvLookup& env) {
  std::vector<std::string> problems;
  std::map<std::string, std::string> from_flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      continue;
    }
    if (arg == "--version") {
      version_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      positional_.push_back(arg);
      continue;
    }
    std::string body = arg.substr(2);
    std::string value = "true";
    if (auto eq = body.find('='); eq != std::string::npos) {
      value = body.substr(eq + 1);
      body = body.substr(0, eq);
    } else if (auto it = options_.find(body); it != options_.end() &&
                                              it->second.type != Type::kBool &&
                                              i + 1 < argc) {
      value = argv[++i];
    }
    if (!options_.contains(body)) {
      problems.push_back(absl::StrCat("unknown flag --", body));
      continue;
    }
    from_flags[body] = value;
  }
  for (auto& [name, option] : options_) {
    if (auto it = from_flags.find(name); it != from_flags.end()) {
      option.value = it->second;
    } else if (const char* v = env(EnvName(name).c_str()); v != nullptr) {
      option.value = v;
    }
    const std::string where =
        absl::StrCat("--", name, " (", EnvName(name), ")");
    switch (option.type) {
      case Type::kString:
        if (option.required && option.value.empty()) {
          problems.push_back(absl::StrCat(where, " is required"));
        }
        break;
      case Type::kInt: {
        int64_t n = 0;
        if (!absl::SimpleAtoi(option.value, &n)) {
          problems.push_back(absl::StrCat(where, " must be an integer"));
        } else if (n < option.min || n > option.max) {
          problems.push_back(absl::StrCat(where, " must be in [", option.min,
                                          ", ", option.max, "]"));
        }
        break;
      }
      case Type::kBool: {
        std::string v = absl::AsciiStrToLower(option.value);
        if (v == "1" || v == "true" || v == "yes") {
          option.value = "true";
        } else if (v == "0" || v == "false" || v == "no") {
          option.value = "false";
        } else {
          problems.push_back(absl::StrCat(where, " must be true or false"));
        }
        break;
      }
    }
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad configuration: ", absl::StrJoin(problems, "; ")));
  }
  return absl::OkStatus();
}

const std::string& Config::GetString(const std::string& name) const {
  return options_.at(name).value;
}

int64_t Config::GetInt(const std::string& name) const {
  int64_t n = 0;
  (void)absl::SimpleAtoi(options_.at(name).value, &n);
  return n;
}

bool Config::GetBool(const std::string& name) const {
  return options_.at(name).value == "true";
}

std::string Config::Usage() const {
  std::string out;
  for (const auto& [name, option] : options_) {
    absl::StrAppend(
        &out, "  --", name, " (", EnvName(name), ")",
        option.secret ? "" : absl::StrCat(" default '", option.value, "'"),
        option.required ? " required" : "", ": ", option.help, "\n");
  }
  return out;
}

void ParseOrExit(Config& config, int argc, const char* const* argv,
                 const std::string& binary, const std::string& version) {
  absl::Status status = config.Parse(argc, argv);
  if (config.version_requested()) {
    std::printf("%s %s\n", binary.c_str(), version.c_str());
    std::exit(0);
  }
  if (config.help_requested()) {
    std::printf("usage: %s [migrate] [--flag=value ...]\n%s", binary.c_str(),
                config.Usage().c_str());
    std::exit(0);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", binary.c_str(),
                 std::string(status.message()).c_str());
    std::exit(2);
  }
}

}  // namespace sisker::common
