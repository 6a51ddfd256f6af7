// An org service on a throwaway database, reached over real gRPC, with two
// instansi (kampar on kampar-2025, paser on paser-2024) and role grants.
#ifndef SISKER_TESTS_ORG_ORG_FIXTURE_H_
#define SISKER_TESTS_ORG_ORG_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/grpc_status.h"
#include "common/migrations.h"
#include "common/pg_pool.h"
#include "common/policy_profiles.h"
#include "common/status_macros.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"
#include "common/testing/test_server.h"
#include "services/org/org.h"
#include "services/org/resources.h"
#include "services/org/schema.h"
#include "services/org/service.h"
#include "sisker/v1/org.grpc.pb.h"

namespace sisker::org {

namespace v1 = ::sisker::v1;

inline google::type::Date D(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

class OrgFixture : public ::testing::Test {
 public:
  void SetUp() override {
    auto db = sisker::testing::TestDatabase::Create();
    ASSERT_THAT(db, sisker::testing::IsOk());
    db_ = *std::move(db);
    ASSERT_THAT(common::ApplyMigrations(db_->conninfo(), kSchema, Migrations()),
                sisker::testing::IsOk());
    auto profiles = common::PolicyProfiles::LoadDirectory(
        std::string(SISKER_SOURCE_DIR) + "/deploy/policies",
        ValidateOrgProfile);
    ASSERT_THAT(profiles, sisker::testing::IsOk());
    profiles_ = std::make_unique<common::PolicyProfiles>(*std::move(profiles));
    pool_ = std::make_unique<common::PgPool>(
        common::PgPoolOptions{db_->conninfo(), kSchema, 8, absl::Seconds(5),
                              PrepareOrgStatements},
        nullptr);
    OrgOptions options;
    options.bootstrap_admins = {"admin"};
    options.page_token_secret = "test-page-token-secret";
    // Tests may move "now" (fake_now_); otherwise the real clock.
    options.clock = [this] {
      absl::MutexLock lock(&clock_mu_);
      return fake_now_ == absl::InfinitePast() ? absl::Now() : fake_now_;
    };
    access_log_ = std::make_unique<common::AccessLog>(
        pool_.get(), common::AccessLogOptions{}, nullptr);
    org_ = std::make_unique<Org>(pool_.get(), profiles_.get(),
                                 access_log_.get(), options);
    server_ = std::make_unique<sisker::testing::TestServer>(kServiceName);
    service_ =
        std::make_unique<OrgServiceImpl>(org_.get(), &server_->authenticator());
    server_->AddService(service_.get());
    ASSERT_THAT(server_->Start(), sisker::testing::IsOk());
    stub_ = v1::OrgService::NewStub(server_->channel());
    ASSERT_NO_FATAL_FAILURE(Seed());
  }

  // Two instansi, Bagian Organisasi and BKPSDM operators in each, and the
  // Dinas Kesehatan and Dinas Pendidikan of Kampar.
  void Seed() {
    for (auto [id, profile, zone] :
         {std::tuple{"kampar", "kampar-2025", "Asia/Jakarta"},
          std::tuple{"paser", "paser-2024", "Asia/Makassar"}}) {
      v1::CreateInstansiRequest r;
      r.set_instansi_id(id);
      r.mutable_instansi()->set_display_name(
          absl::StrCat("Pemerintah Kabupaten ", id));
      r.mutable_instansi()->set_time_zone(zone);
      r.mutable_instansi()->set_policy_profile(
          absl::StrCat("policyProfiles/", profile));
      v1::Instansi out;
      ASSERT_OK(Call(Admin(), &v1::OrgService::Stub::CreateInstansi, r, &out));
      Grant(id, "bagor", v1::RoleGrant::BAGIAN_ORGANISASI, "");
      Grant(id, "bkpsdm", v1::RoleGrant::BKPSDM_OPERATOR, "");
    }
    dinkes_ = CreatePd("dinkes", "Dinas Kesehatan");
    disdik_ = CreatePd("disdik", "Dinas Pendidikan");
  }

  common::Principal Admin() const { return sisker::testing::Admin("admin"); }
  common::Principal Kampar(const std::string& subject) const {
    return sisker::testing::Person("kampar", subject);
  }
  common::Principal Bagor() const { return Kampar("bagor"); }

  template <typename Request, typename Response, typename Rpc>
  absl::Status Call(const common::Principal& who, Rpc rpc,
                    const Request& request, Response* response) {
    auto ctx = server_->ContextFor(who);
    return common::FromGrpcStatus(
        (stub_.get()->*rpc)(ctx.get(), request, response));
  }

  void Grant(const std::string& instansi, const std::string& subject,
             v1::RoleGrant::Role role, const std::string& scope_pd) {
    v1::CreateRoleGrantRequest r;
    r.set_parent("instansi/" + instansi);
    r.mutable_role_grant()->set_subject(subject);
    r.mutable_role_grant()->set_role(role);
    r.mutable_role_grant()->set_scope_perangkat_daerah(scope_pd);
    r.mutable_role_grant()->set_reason("test");
    *r.mutable_role_grant()->mutable_valid_from() = D(2020, 1, 1);
    v1::RoleGrant out;
    ASSERT_OK(Call(Admin(), &v1::OrgService::Stub::CreateRoleGrant, r, &out));
  }

  std::string CreatePd(const std::string& id, const std::string& name) {
    v1::CreatePerangkatDaerahRequest r;
    r.set_parent("instansi/kampar");
    r.set_perangkat_daerah_id(id);
    r.mutable_perangkat_daerah()->set_display_name(name);
    r.mutable_perangkat_daerah()->set_kind(v1::PerangkatDaerah::DINAS);
    *r.mutable_perangkat_daerah()->mutable_effective_from() = D(2024, 1, 1);
    v1::PerangkatDaerah out;
    EXPECT_OK(
        Call(Bagor(), &v1::OrgService::Stub::CreatePerangkatDaerah, r, &out));
    return out.name();
  }

  absl::StatusOr<v1::Unit> CreateUnit(const std::string& id,
                                      const std::string& pd,
                                      const std::string& parent_id,
                                      google::type::Date from = D(2024, 1, 1),
                                      const common::Principal* who = nullptr) {
    v1::CreateUnitRequest r;
    r.set_parent("instansi/kampar");
    r.set_unit_id(id);
    r.mutable_unit()->set_display_name("Unit " + id);
    r.mutable_unit()->set_kind(v1::Unit::BIDANG);
    r.mutable_unit()->set_perangkat_daerah(pd);
    if (!parent_id.empty())
      r.mutable_unit()->set_parent_unit(UnitName(parent_id));
    *r.mutable_unit()->mutable_effective_from() = from;
    v1::Unit out;
    RETURN_IF_ERROR(
        Call(who ? *who : Bagor(), &v1::OrgService::Stub::CreateUnit, r, &out));
    return out;
  }

  static std::string UnitName(const std::string& id) {
    return "instansi/kampar/units/" + id;
  }

  // Rows of every table a refused change could have written.
  std::string WrittenRows() const {
    return db_->QueryValue(
        "SELECT (SELECT count(*) FROM org.perangkat_daerah) || '/' || (SELECT "
        "count(*) FROM org.perangkat_daerah_versions) || '/' || (SELECT "
        "count(*) "
        "FROM org.units) || '/' || (SELECT count(*) FROM org.unit_versions) || "
        "'/' "
        "|| (SELECT count(*) FROM org.role_grants) || '/' || (SELECT count(*) "
        "FROM "
        "org.history) || '/' || (SELECT count(*) FROM org.events) || '/' || "
        "(SELECT count(*) FROM org.idempotency)");
  }

  void SetNow(absl::Time now) {
    absl::MutexLock lock(&clock_mu_);
    fake_now_ = now;
  }

  absl::Mutex clock_mu_;
  absl::Time fake_now_ = absl::InfinitePast();
  std::unique_ptr<sisker::testing::TestDatabase> db_;
  std::unique_ptr<common::PolicyProfiles> profiles_;
  std::unique_ptr<common::PgPool> pool_;
  std::unique_ptr<common::AccessLog> access_log_;
  std::unique_ptr<Org> org_;
  std::unique_ptr<sisker::testing::TestServer> server_;
  std::unique_ptr<OrgServiceImpl> service_;
  std::unique_ptr<v1::OrgService::Stub> stub_;
  std::string dinkes_;
  std::string disdik_;
};

}  // namespace sisker::org

#endif  // SISKER_TESTS_ORG_ORG_FIXTURE_H_
