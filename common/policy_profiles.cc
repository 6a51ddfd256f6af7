// Loading and validating policy profile files.
#include "common/policy_profiles.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "common/resource_names.h"

namespace sisker::common {
namespace {

class CollectErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors.push_back(
        absl::StrCat("line ", line + 1, ":", column + 1, ": ", message));
  }
  std::vector<std::string> errors;
};

}  // namespace

absl::StatusOr<sisker::v1::PolicyProfile> PolicyProfiles::Parse(
    const std::string& id, const std::string& text,
    const ProfileValidator& validator) {
  sisker::v1::PolicyProfile profile;
  google::protobuf::TextFormat::Parser parser;
  CollectErrors collector;
  parser.RecordErrorsTo(&collector);
  if (!parser.ParseFromString(text, &profile)) {
    return absl::InvalidArgumentError(absl::StrJoin(collector.errors, "; "));
  }
  std::vector<std::string> problems;
  if (!IsValidResourceId(id))
    problems.push_back("file name: not a valid profile id");
  if (profile.name() != "policyProfiles/" + id) {
    problems.push_back(
        absl::StrCat("name: must be \"policyProfiles/", id, "\""));
  }
  if (profile.version() < 1) problems.push_back("version: must be 1 or more");
  if (!IsValidDate(profile.effective_from())) {
    problems.push_back("effective_from: missing or not a calendar date");
  }
  if (profile.regulation().short_citation().empty()) {
    problems.push_back("regulation.short_citation: required");
  }
  if (!IsKnownTimeZone(profile.regulation().default_time_zone())) {
    problems.push_back("regulation.default_time_zone: unknown time zone");
  }
  if (validator) validator(profile, problems);
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  }
  return profile;
}

absl::StatusOr<PolicyProfiles> PolicyProfiles::LoadDirectory(
    const std::string& dir, const ProfileValidator& validator) {
  PolicyProfiles profiles;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy profiles: cannot read directory ", dir));
  }
  if (files.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy profiles: no *.textproto in ", dir));
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string id = path.stem().string();
    auto profile = Parse(id, text.str(), validator);
    if (!profile.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy profile ", path.string(), ": ", profile.status().message()));
    }
    profiles.by_id_.emplace(id, *std::move(profile));
  }
  return profiles;
}

const sisker::v1::PolicyProfile* PolicyProfiles::Find(
    const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

std::vector<const sisker::v1::PolicyProfile*> PolicyProfiles::All() const {
  std::vector<const sisker::v1::PolicyProfile*> all;
  for (const auto& [id, profile] : by_id_) all.push_back(&profile);
  return all;
}

std::string ProfileVersionTag(const sisker::v1::PolicyProfile& profile) {
  std::string id = profile.name().substr(profile.name().find('/') + 1);
  return absl::StrCat(id, "@", profile.version());
}

}  // namespace sisker::common
