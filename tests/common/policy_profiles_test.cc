#include "common/policy_profiles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/testing/status_matchers.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kGood[] = R"pb(
  name: "policyProfiles/kab-contoh"
  version: 2
  effective_from { year: 2025 month: 1 day: 1 }
  regulation {
    short_citation: "Perbup Contoh 1/2025"
    default_time_zone: "Asia/Makassar"
  }
)pb";

TEST(PolicyProfiles, ParsesAValidProfile) {
  auto p = PolicyProfiles::Parse("kab-contoh", kGood);
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->version(), 2);
  EXPECT_EQ(ProfileVersionTag(*p), "kab-contoh@2");
}

TEST(PolicyProfiles, NamesEveryBadField) {
  auto p = PolicyProfiles::Parse("kab-contoh", R"pb(
    name: "policyProfiles/other"
    effective_from { year: 2025 month: 2 day: 30 }
    regulation { default_time_zone: "Mars/Olympus" }
  )pb");
  ASSERT_THAT(p, StatusIs(absl::StatusCode::kInvalidArgument));
  const std::string m(p.status().message());
  EXPECT_THAT(m, HasSubstr("name: must be \"policyProfiles/kab-contoh\""));
  EXPECT_THAT(m, HasSubstr("version: must be 1 or more"));
  EXPECT_THAT(m, HasSubstr("effective_from"));
  EXPECT_THAT(m, HasSubstr("regulation.short_citation"));
  EXPECT_THAT(m, HasSubstr("regulation.default_time_zone"));
}

TEST(PolicyProfiles, RefusesUnknownFieldsWithTheLine) {
  auto p = PolicyProfiles::Parse(
      "kab-contoh", "name: \"policyProfiles/kab-contoh\"\nfoo: 1\n");
  ASSERT_THAT(p, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(p.status().message()), HasSubstr("line 2"));
}

TEST(PolicyProfiles, RunsTheServiceValidator) {
  auto p = PolicyProfiles::Parse(
      "kab-contoh", kGood,
      [](const sisker::v1::PolicyProfile&, std::vector<std::string>& problems) {
        problems.push_back("structure.unit_kinds: at least one kind");
      });
  EXPECT_THAT(p, StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(PolicyProfiles, LoadsADirectoryAndNamesTheBadFile) {
  auto dir = std::filesystem::temp_directory_path() /
             ("profiles-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "kab-contoh.textproto") << kGood;
  auto loaded = PolicyProfiles::LoadDirectory(dir.string());
  ASSERT_THAT(loaded, IsOk());
  ASSERT_NE(loaded->Find("kab-contoh"), nullptr);
  EXPECT_EQ(loaded->Find("nope"), nullptr);
  std::ofstream(dir / "rusak.textproto") << "version: x";
  auto broken = PolicyProfiles::LoadDirectory(dir.string());
  EXPECT_THAT(broken, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(broken.status().message()),
              HasSubstr("rusak.textproto"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sisker::common
