// The assignment service's integration fixture: a real org service and a
// real assignment service on PostgreSQL (the org::Kedudukan structure of
// both kabupaten), reached over gRPC with the officials' principals.
#ifndef SISKER_TESTS_ASSIGNMENT_ASSIGNMENT_FIXTURE_H_
#define SISKER_TESTS_ASSIGNMENT_ASSIGNMENT_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/dates.h"
#include "common/org_client.h"
#include "services/assignment/assignments.h"
#include "services/assignment/schema.h"
#include "services/assignment/service.h"
#include "sisker/v1/assignment.grpc.pb.h"
#include "tests/org/org_kedudukan_fixture.h"

// Internal to the tests: the aliases below stay in this namespace.
namespace sisker::assignment::fixture {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::ViolatedFields;
using R = sisker::v1::AssignmentRules;
using AStub = v1::AssignmentService::Stub;

class AssignmentTest : public org::Kedudukan {
 public:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(org::Kedudukan::SetUp());
    ASSERT_THAT(common::ApplyMigrations(db_->conninfo(), kSchema, Migrations()),
                IsOk());
    common::PgPoolOptions pool_options{
        db_->conninfo(), kSchema, 4, absl::Seconds(5), {}};
    // As the service runs (main.cc): row locks at READ COMMITTED.
    pool_options.write_isolation =
        common::PgPoolOptions::WriteIsolation::kReadCommittedWithRowLocks;
    apool_ = std::make_unique<common::PgPool>(pool_options, nullptr);
    signer_ = std::make_unique<common::AssertionSigner>(
        server_->key(), sisker::testing::kTestIssuer);
    org_client_ = std::make_unique<common::OrgClient>(
        server_->channel(), signer_.get(),
        common::OrgClientOptions{.service = "sisker-assignment"});
    auto letter_signer = MakeDevSigner("");
    ASSERT_THAT(letter_signer.status(), IsOk());
    letter_signer_ = *std::move(letter_signer);
    use_cases_ = std::make_unique<Assignments>(
        apool_.get(), profiles_.get(), org_client_.get(), "test-page-secret",
        letter_signer_.get());
    aserver_ = std::make_unique<sisker::testing::TestServer>(kServiceName);
    service_impl_ = std::make_unique<AssignmentServiceImpl>(
        use_cases_.get(), &aserver_->authenticator());
    aserver_->AddService(service_impl_.get());
    ASSERT_THAT(aserver_->Start(), IsOk());
    astub_ = v1::AssignmentService::NewStub(aserver_->channel());
  }

  // Links an identity-provider subject to a pegawai.
  void Link(const std::string& inst, const std::string& pegawai,
            const std::string& subject) {
    v1::UpdatePegawaiRequest r;
    r.mutable_pegawai()->set_name(
        absl::StrCat("instansi/", inst, "/pegawai/", pegawai));
    r.mutable_pegawai()->set_subject(subject);
    r.mutable_update_mask()->add_paths("subject");
    r.set_reason("akun SSO");
    v1::Pegawai out;
    ASSERT_OK(Call(Op(inst, "bkpsdm"), &v1::OrgService::Stub::UpdatePegawai, r,
                   &out));
  }
  void BuildAndLink(const std::string& inst) {
    ASSERT_NO_FATAL_FAILURE(Build(inst));
    for (const char* who : {"sekda", "kadis", "kasubbag", "staf", "analis"}) {
      ASSERT_NO_FATAL_FAILURE(
          Link(inst, std::string("p-") + who, std::string("idp|") + who));
    }
  }

  absl::StatusOr<v1::Assignment> Assign(const std::string& inst,
                                        const std::string& caller,
                                        const std::string& assignee,
                                        const std::string& owner_unit,
                                        R::Method method = R::APPOINTMENT) {
    v1::CreateAssignmentRequest r;
    r.set_parent("instansi/" + inst);
    auto* a = r.mutable_assignment();
    a->set_assignee(absl::StrCat("instansi/", inst, "/pegawai/", assignee));
    a->set_owner_unit(absl::StrCat("instansi/", inst, "/units/", owner_unit));
    a->set_method(method);
    a->set_purpose("Penyusunan laporan surveilans triwulan");
    a->add_expected_targets("Laporan surveilans triwulan I tersusun");
    a->set_competence_needed(competence_);
    *a->mutable_start_date() = start_;
    *a->mutable_end_date() = end_;
    v1::Assignment out;
    auto ctx = aserver_->ContextFor(sisker::testing::Person(inst, caller));
    RETURN_IF_ERROR(
        common::FromGrpcStatus(astub_->CreateAssignment(ctx.get(), r, &out)));
    return out;
  }
  std::string Rows() const {
    return db_->QueryValue(
        "SELECT (SELECT count(*) FROM assignment.assignments) || '/' || "
        "(SELECT count(*) FROM assignment.history) || '/' || (SELECT count(*) "
        "FROM assignment.events)");
  }

  absl::StatusOr<v1::InvolvementRequest> Answer(const std::string& inst,
                                                const std::string& caller,
                                                const std::string& name,
                                                bool approve,
                                                const std::string& reason) {
    v1::AnswerInvolvementRequestRequest r;
    r.set_name(name);
    r.set_approve(approve);
    r.set_reason(reason);
    v1::InvolvementRequest out;
    auto ctx = aserver_->ContextFor(sisker::testing::Person(inst, caller));
    RETURN_IF_ERROR(common::FromGrpcStatus(
        astub_->AnswerInvolvementRequest(ctx.get(), r, &out)));
    return out;
  }
  absl::StatusOr<v1::Assignment> Read(const std::string& inst,
                                      const std::string& caller,
                                      const std::string& name) {
    v1::GetAssignmentRequest r;
    r.set_name(name);
    v1::Assignment out;
    auto ctx = aserver_->ContextFor(sisker::testing::Person(inst, caller));
    RETURN_IF_ERROR(
        common::FromGrpcStatus(astub_->GetAssignment(ctx.get(), r, &out)));
    return out;
  }

  absl::StatusOr<v1::Letter> Sign(const std::string& inst,
                                  const std::string& caller,
                                  const std::string& assignment) {
    v1::SignAssignmentLetterRequest r;
    r.set_name(assignment);
    v1::Letter out;
    auto ctx = aserver_->ContextFor(sisker::testing::Person(inst, caller));
    RETURN_IF_ERROR(common::FromGrpcStatus(
        astub_->SignAssignmentLetter(ctx.get(), r, &out)));
    return out;
  }
  // Anyone, without a principal.
  absl::StatusOr<v1::LetterVerification> Verify(const std::string& code) {
    v1::VerifyLetterRequest r;
    r.set_code(code);
    v1::LetterVerification out;
    grpc::ClientContext ctx;
    RETURN_IF_ERROR(
        common::FromGrpcStatus(astub_->VerifyLetter(&ctx, r, &out)));
    return out;
  }

  // Calls an assignment RPC as `who`.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Rpc(const common::Principal& who,
                               grpc::Status (AStub::*rpc)(grpc::ClientContext*,
                                                          const Request&,
                                                          Response*),
                               const Request& request) {
    Response out;
    auto ctx = aserver_->ContextFor(who);
    RETURN_IF_ERROR(
        common::FromGrpcStatus((astub_.get()->*rpc)(ctx.get(), request, &out)));
    return out;
  }
  // From `day`, `holder` is on study leave and `acting` is Plt of `post`.
  absl::Status StudyLeaveWithPlt(const std::string& inst,
                                 const std::string& holder,
                                 const std::string& acting,
                                 const std::string& post, absl::CivilDay day) {
    v1::UpdatePegawaiRequest leave;
    leave.mutable_pegawai()->set_name(
        absl::StrCat("instansi/", inst, "/pegawai/", holder));
    leave.mutable_pegawai()->set_status(v1::Pegawai::STUDY_LEAVE);
    *leave.mutable_pegawai()->mutable_status_from() = common::ToProtoDate(day);
    leave.mutable_update_mask()->add_paths("status");
    leave.set_reason("tugas belajar");
    v1::Pegawai out;
    RETURN_IF_ERROR(Call(Op(inst, "bkpsdm"),
                         &v1::OrgService::Stub::UpdatePegawai, leave, &out));
    return Acting(inst, acting, post, common::ToProtoDate(day),
                  common::ToProtoDate(day + 60));
  }

  google::type::Date start_ = org::D(2025, 3, 1);
  google::type::Date end_ = org::D(2025, 5, 31);
  std::string competence_ = "Analisis data epidemiologi";
  std::unique_ptr<common::PgPool> apool_;
  std::unique_ptr<common::AssertionSigner> signer_;
  std::unique_ptr<common::OrgClient> org_client_;
  std::unique_ptr<LetterSigner> letter_signer_;
  std::unique_ptr<Assignments> use_cases_;
  std::unique_ptr<sisker::testing::TestServer> aserver_;
  std::unique_ptr<AssignmentServiceImpl> service_impl_;
  std::unique_ptr<AStub> astub_;
};

}  // namespace sisker::assignment::fixture

#endif  // SISKER_TESTS_ASSIGNMENT_ASSIGNMENT_FIXTURE_H_
