// Instansi, role grants and policy profiles through gRPC.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/org/org_fixture.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::ViolatedFields;
using Stub = v1::OrgService::Stub;

TEST_F(OrgFixture, OnlyABootstrapAdministratorCreatesAnInstansi) {
  v1::CreateInstansiRequest r;
  r.set_instansi_id("berau");
  r.mutable_instansi()->set_display_name("Pemerintah Kabupaten Berau");
  r.mutable_instansi()->set_time_zone("Asia/Makassar");
  r.mutable_instansi()->set_policy_profile("policyProfiles/paser-2024");
  v1::Instansi out;
  const std::string before = WrittenRows();
  EXPECT_THAT(Call(Kampar("bkpsdm"), &Stub::CreateInstansi, r, &out),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Call(sisker::testing::Admin("not-listed"), &Stub::CreateInstansi,
                   r, &out),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(WrittenRows(), before);
  r.mutable_instansi()->set_policy_profile("policyProfiles/berau-2030");
  EXPECT_THAT(Call(Admin(), &Stub::CreateInstansi, r, &out),
              StatusIs(absl::StatusCode::kNotFound));
  r.mutable_instansi()->set_time_zone("Europe/Paris");
  r.set_instansi_id("B");
  absl::Status bad = Call(Admin(), &Stub::CreateInstansi, r, &out);
  EXPECT_THAT(ViolatedFields(bad),
              ::testing::ElementsAre("instansi_id", "instansi.time_zone"));
  r.set_instansi_id("kampar");
  r.mutable_instansi()->set_time_zone("Asia/Jakarta");
  r.mutable_instansi()->set_policy_profile("policyProfiles/kampar-2025");
  EXPECT_THAT(Call(Admin(), &Stub::CreateInstansi, r, &out),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(OrgFixture, EachInstansiRecordsItsProfileVersionAndSeesOnlyItself) {
  v1::ListInstansiRequest list;
  v1::ListInstansiResponse mine;
  ASSERT_OK(Call(Kampar("pegawai-1"), &Stub::ListInstansi, list, &mine));
  ASSERT_EQ(mine.instansi_size(), 1);
  EXPECT_EQ(mine.instansi(0).name(), "instansi/kampar");
  EXPECT_EQ(mine.instansi(0).policy_profile(), "policyProfiles/kampar-2025");
  EXPECT_EQ(mine.instansi(0).policy_profile_version(), 1);
  v1::ListInstansiResponse all;
  ASSERT_OK(Call(Admin(), &Stub::ListInstansi, list, &all));
  EXPECT_EQ(all.instansi_size(), 2);
  v1::GetPolicyProfileRequest get;
  get.set_name("policyProfiles/paser-2024");
  v1::PolicyProfile profile;
  ASSERT_OK(Call(Kampar("pegawai-1"), &Stub::GetPolicyProfile, get, &profile));
  EXPECT_EQ(profile.regulation().short_citation(), "Perbup Paser 9/2024");
  get.set_version(7);
  EXPECT_THAT(Call(Kampar("pegawai-1"), &Stub::GetPolicyProfile, get, &profile),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(OrgFixture, GrantsAreScopedDatedAndRevocableWithHistory) {
  v1::CreateRoleGrantRequest r;
  r.set_parent("instansi/kampar");
  r.mutable_role_grant()->set_subject("op-dinkes");
  r.mutable_role_grant()->set_role(v1::RoleGrant::PD_OPERATOR);
  r.mutable_role_grant()->set_reason("SK Kepala Dinas");
  v1::RoleGrant grant;
  // PD_OPERATOR needs a PD; an instansi-wide role must not have one.
  absl::Status missing =
      Call(Kampar("bkpsdm"), &Stub::CreateRoleGrant, r, &grant);
  EXPECT_THAT(ViolatedFields(missing),
              ::testing::ElementsAre("role_grant.scope_perangkat_daerah"));
  r.mutable_role_grant()->set_scope_perangkat_daerah(dinkes_);
  // Bagian Organisasi may not grant roles; BKPSDM may.
  EXPECT_THAT(Call(Bagor(), &Stub::CreateRoleGrant, r, &grant),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK(Call(Kampar("bkpsdm"), &Stub::CreateRoleGrant, r, &grant));
  EXPECT_EQ(grant.granted_by(), "bkpsdm");
  const common::Principal op = Kampar("op-dinkes");
  ASSERT_THAT(CreateUnit("dinkes-a", dinkes_, "", D(2024, 1, 1), &op), IsOk());

  // Someone else sees only their own grants; BKPSDM sees them all.
  v1::ListRoleGrantsRequest list;
  list.set_parent("instansi/kampar");
  v1::ListRoleGrantsResponse own;
  ASSERT_OK(Call(op, &Stub::ListRoleGrants, list, &own));
  ASSERT_EQ(own.role_grants_size(), 1);
  v1::ListRoleGrantsResponse all;
  ASSERT_OK(Call(Kampar("bkpsdm"), &Stub::ListRoleGrants, list, &all));
  EXPECT_EQ(all.role_grants_size(), 3);
  list.set_subject("bkpsdm");
  EXPECT_THAT(Call(op, &Stub::ListRoleGrants, list, &own),
              StatusIs(absl::StatusCode::kPermissionDenied));

  v1::RevokeRoleGrantRequest revoke;
  revoke.set_name(grant.name());
  EXPECT_THAT(ViolatedFields(Call(Kampar("bkpsdm"), &Stub::RevokeRoleGrant,
                                  revoke, &grant)),
              ::testing::ElementsAre("reason"));
  revoke.set_reason("mutasi");
  ASSERT_OK(Call(Kampar("bkpsdm"), &Stub::RevokeRoleGrant, revoke, &grant));
  EXPECT_TRUE(grant.revoked());
  EXPECT_EQ(grant.revoke_reason(), "mutasi");
  EXPECT_THAT(
      Call(Kampar("bkpsdm"), &Stub::RevokeRoleGrant, revoke, &grant),
      StatusIs(absl::StatusCode::kFailedPrecondition, "ALREADY_REVOKED"));
  // Revoked today: no authority left.
  EXPECT_THAT(CreateUnit("dinkes-b", dinkes_, "", D(2024, 1, 1), &op),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(db_->QueryValue(
                "SELECT string_agg(action, ',' ORDER BY id) FROM org.history "
                "WHERE aggregate_id = '" +
                grant.name() + "'"),
            "granted,revoked");
}

TEST_F(OrgFixture, AServicePrincipalNeedsTheReadScope) {
  common::Principal spbe{
      "kampar", "spbe-provinsi", common::Principal::Kind::kService, {}};
  v1::ListPerangkatDaerahRequest list;
  list.set_parent("instansi/kampar");
  v1::ListPerangkatDaerahResponse pds;
  EXPECT_THAT(Call(spbe, &Stub::ListPerangkatDaerah, list, &pds),
              StatusIs(absl::StatusCode::kPermissionDenied));
  spbe.scopes = {"org.read"};
  ASSERT_OK(Call(spbe, &Stub::ListPerangkatDaerah, list, &pds));
  EXPECT_EQ(pds.perangkat_daerah_size(), 2);
}

}  // namespace
}  // namespace sisker::org
