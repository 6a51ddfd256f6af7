#include "services/org/resources.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "common/policy_profiles.h"
#include "common/testing/status_matchers.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::ViolatedFields;

TEST(Names, ParseOnlyWellFormedNames) {
  EXPECT_EQ(ParseUnitName("instansi/kampar/units/dinkes-bid")->id,
            "dinkes-bid");
  EXPECT_FALSE(
      ParseUnitName("instansi/kampar/perangkatDaerah/dinkes").has_value());
  EXPECT_FALSE(ParseUnitName("instansi/Kampar/units/x1y").has_value());
  EXPECT_FALSE(ParseUnitName("instansi/kampar/units/a--b").has_value());
  EXPECT_FALSE(ParseInstansiName("instansi/kampar/").has_value());
}

TEST(FieldChecks, NameEveryBadField) {
  common::FieldErrors errors;
  CheckDisplayName("", "unit.display_name", errors);
  CheckDisplayName(" Bidang", "perangkat_daerah.display_name", errors);
  CheckPdCode("dinkes", errors);
  google::type::Date feb30;
  feb30.set_year(2025);
  feb30.set_month(2);
  feb30.set_day(30);
  CheckOptionalDate(feb30, "as_of", errors);
  EXPECT_THAT(ViolatedFields(errors.ToStatus()),
              ::testing::ElementsAre("unit.display_name",
                                     "perangkat_daerah.display_name",
                                     "perangkat_daerah.code", "as_of"));
}

TEST(Profiles, TheShippedProfilesPassTheStructureChecks) {
  auto profiles = common::PolicyProfiles::LoadDirectory(
      std::string(SISKER_SOURCE_DIR) + "/deploy/policies", ValidateOrgProfile);
  ASSERT_THAT(profiles, IsOk());
  ASSERT_NE(profiles->Find("kampar-2025"), nullptr);
  ASSERT_NE(profiles->Find("paser-2024"), nullptr);
  EXPECT_EQ(profiles->Find("paser-2024")->regulation().default_time_zone(),
            "Asia/Makassar");
}

TEST(Profiles, AMissingAssessorRowIsRefused) {
  auto profiles = common::PolicyProfiles::LoadDirectory(
      std::string(SISKER_SOURCE_DIR) + "/deploy/policies", ValidateOrgProfile);
  ASSERT_THAT(profiles, IsOk());
  sisker::v1::PolicyProfile p = *profiles->Find("paser-2024");
  p.mutable_kedudukan()->mutable_assessor_minimums()->RemoveLast();
  p.mutable_kedudukan()->mutable_assessor_minimums(0)->set_minimum_level(
      "ESELON_II");
  std::vector<std::string> problems;
  ValidateOrgProfile(p, problems);
  EXPECT_THAT(problems, ::testing::Contains(::testing::HasSubstr(
                            "needs exactly one row for KETERAMPILAN")));
  EXPECT_THAT(problems, ::testing::Contains(
                            ::testing::HasSubstr("unknown level ESELON_II")));
}

TEST(Profiles, UnknownKindsAreRefused) {
  sisker::v1::PolicyProfile p;
  p.mutable_structure()->add_unit_kinds("DIREKTORAT");
  std::vector<std::string> problems;
  ValidateOrgProfile(p, problems);
  EXPECT_THAT(problems, ::testing::Contains(
                            ::testing::HasSubstr("unknown kind DIREKTORAT")));
}

}  // namespace
}  // namespace sisker::org
