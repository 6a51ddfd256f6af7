// Configuration from flags (`--name=value`) and SISKER_* environment
// variables (flags win), declared per binary and validated once.
#ifndef SISKER_COMMON_CONFIG_H_
#define SISKER_COMMON_CONFIG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace sisker::common {

class Config {
 public:
  using EnvLookup = std::function<const char*(const char*)>;

  // Declarations; `name` is snake_case and maps to SISKER_<NAME>.
  void AddString(std::string name, std::string default_value, std::string help,
                 bool required = false);
  // A value that must never be logged or printed (keys, passwords).
  void AddSecret(std::string name, std::string help, bool required = false);
  void AddInt(std::string name, int64_t default_value, int64_t min, int64_t max,
              std::string help);
  void AddBool(std::string name, bool default_value, std::string help);

  // Reads flags then the environment; validates every declared value.
  // Unknown flags, malformed numbers, out-of-range values and missing
  // required values are errors (INVALID_ARGUMENT, one line naming them).
  // Non-flag arguments are kept as positional (e.g. the `migrate`
  // subcommand). `--help` and `--version` set the matching booleans.
  absl::Status Parse(int argc, const char* const* argv,
                     const EnvLookup& env = DefaultEnv());

  const std::string& GetString(const std::string& name) const;
  int64_t GetInt(const std::string& name) const;
  bool GetBool(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  bool help_requested() const { return help_; }
  bool version_requested() const { return version_; }

  // One line per option: flag, variable, default, help.
  std::string Usage() const;

  static std::string EnvName(const std::string& name);
  static EnvLookup DefaultEnv();

 private:
  enum class Type { kString, kInt, kBool };
  struct Option {
    Type type;
    std::string help;
    std::string value;
    bool required = false;
    bool secret = false;
    int64_t min = 0;
    int64_t max = 0;
  };
  std::map<std::string, Option> options_;
  std::vector<std::string> positional_;
  bool help_ = false;
  bool version_ = false;
};

// For main(): parses, prints usage for --help and the version for
// --version (both exit 0), and on bad configuration prints one clear line
// to stderr and exits 2.
void ParseOrExit(Config& config, int argc, const char* const* argv,
                 const std::string& binary, const std::string& version);

}  // namespace sisker::common

#endif  // SISKER_COMMON_CONFIG_H_
