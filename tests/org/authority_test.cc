#include "services/org/authority.h"

#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;

TEST(Authority, DeniesByDefaultAndNamesTheMissingAuthority) {
  Authority none(false, {});
  EXPECT_THAT(
      none.RequireBagianOrganisasi(),
      StatusIs(absl::StatusCode::kPermissionDenied, "MISSING_AUTHORITY"));
  EXPECT_THAT(none.RequireBkpsdm(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(none.RequireUnitAuthority("dinkes"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(none.RequireBootstrapAdmin(),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(Authority, PdOperatorActsOnItsOwnPdOnly) {
  Authority op(false, {{"PD_OPERATOR", "dinkes"}});
  EXPECT_THAT(op.RequireUnitAuthority("dinkes"), IsOk());
  EXPECT_THAT(op.RequireUnitAuthority("disdik"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(op.RequireBagianOrganisasi(),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(Authority, BagianOrganisasiActsOnEveryPdButGrantsNoRoles) {
  Authority bagor(false, {{"BAGIAN_ORGANISASI", ""}});
  EXPECT_THAT(bagor.RequireUnitAuthority("disdik"), IsOk());
  EXPECT_THAT(bagor.RequireBagianOrganisasi(), IsOk());
  EXPECT_THAT(bagor.RequireBkpsdm(),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(Authority,
     BootstrapAdminIsAPersonOutsideAnyInstansiListedByTheDeployment) {
  std::set<std::string> admins = {"root"};
  EXPECT_TRUE(IsBootstrapAdmin(
      {"", "root", common::Principal::Kind::kPerson, {}}, admins));
  EXPECT_FALSE(IsBootstrapAdmin(
      {"kampar", "root", common::Principal::Kind::kPerson, {}}, admins));
  EXPECT_FALSE(IsBootstrapAdmin(
      {"", "root", common::Principal::Kind::kService, {}}, admins));
  EXPECT_FALSE(IsBootstrapAdmin(
      {"", "mallory", common::Principal::Kind::kPerson, {}}, admins));
}

}  // namespace
}  // namespace sisker::org
