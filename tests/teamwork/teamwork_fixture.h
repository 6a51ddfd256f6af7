// The teamwork service's integration fixture: real org, assignment and
// teamwork services on PostgreSQL, reached over gRPC with the officials'
// principals; teamwork calls the assignment service over gRPC as itself,
// and learns the outcomes from the assignment service's events (a real
// relay into a private Redis, a real consumer catching up through
// ListEvents: Pump()).
#ifndef SISKER_TESTS_TEAMWORK_TEAMWORK_FIXTURE_H_
#define SISKER_TESTS_TEAMWORK_TEAMWORK_FIXTURE_H_

#include "common/event_consumer.h"
#include "common/event_relay.h"
#include "common/redis_client.h"
#include "common/testing/test_env.h"
#include "services/teamwork/assignment_client.h"
#include "services/teamwork/schema.h"
#include "services/teamwork/service.h"
#include "sisker/v1/teamwork.grpc.pb.h"
#include "tests/assignment/assignment_fixture.h"

namespace sisker::teamwork::fixture {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::ViolatedFields;
using TStub = v1::TeamworkService::Stub;
using AStub = v1::AssignmentService::Stub;

class TeamworkTest : public assignment::fixture::AssignmentTest {
 public:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(AssignmentTest::SetUp());
    ASSERT_TRUE(redis_server_.ok()) << "redis-server did not start";
    ASSERT_THAT(common::ApplyMigrations(db_->conninfo(), kSchema, Migrations()),
                IsOk());
    common::PgPoolOptions pool_options{
        db_->conninfo(), kSchema, 4, absl::Seconds(5), {}};
    pool_options.write_isolation =
        common::PgPoolOptions::WriteIsolation::kReadCommittedWithRowLocks;
    tpool_ = std::make_unique<common::PgPool>(pool_options, nullptr);
    tw_org_ = std::make_unique<common::OrgClient>(
        server_->channel(), signer_.get(),
        common::OrgClientOptions{.service = "sisker-teamwork"});
    asg_signer_ = std::make_unique<common::AssertionSigner>(
        aserver_->key(), sisker::testing::kTestIssuer);
    asg_client_ = MakeAssignmentClient(aserver_->channel(), asg_signer_.get());
    teamwork_ =
        std::make_unique<Teamwork>(tpool_.get(), profiles_.get(), tw_org_.get(),
                                   asg_client_.get(), "test-page-secret-tw");
    tserver_ = std::make_unique<sisker::testing::TestServer>(kServiceName);
    timpl_ = std::make_unique<TeamworkServiceImpl>(teamwork_.get(),
                                                   &tserver_->authenticator());
    tserver_->AddService(timpl_.get());
    ASSERT_THAT(tserver_->Start(), IsOk());
    tstub_ = v1::TeamworkService::NewStub(tserver_->channel());
    redis_ = std::make_unique<common::RedisClient>(
        common::RedisOptions{redis_server_.address()});
    relay_ = std::make_unique<common::EventRelay>(
        apool_.get(), redis_.get(),
        common::EventRelayOptions{.source = "assignment"}, nullptr);
    consumer_ = std::make_unique<common::EventConsumer>(
        tpool_.get(), redis_.get(),
        [this](int64_t after, int size) {
          return asg_client_->ListEvents(after, size);
        },
        [this](common::Tx& tx, const v1::EventEnvelope& e) {
          return teamwork_->OnAssignmentEvent(tx, e);
        },
        common::EventConsumerOptions{.consumer = "teamwork.assignment-events",
                                     .source = "assignment"},
        nullptr);
  }

  // The assignment service's events, published and applied by teamwork.
  void Pump() {
    auto step = relay_->Step();
    ASSERT_THAT(step.status(), IsOk());
    ASSERT_THAT(consumer_->CatchUp().status(), IsOk());
  }

  static common::Principal P(const std::string& inst, const std::string& s) {
    return sisker::testing::Person(inst, s);
  }
  static std::string Pg(const std::string& inst, const std::string& id) {
    return absl::StrCat("instansi/", inst, "/pegawai/", id);
  }
  // Calls a teamwork RPC as `who`.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Tw(const common::Principal& who,
                              grpc::Status (TStub::*rpc)(grpc::ClientContext*,
                                                         const Request&,
                                                         Response*),
                              const Request& request) {
    Response out;
    auto ctx = tserver_->ContextFor(who);
    RETURN_IF_ERROR(
        common::FromGrpcStatus((tstub_.get()->*rpc)(ctx.get(), request, &out)));
    return out;
  }
  // A post created with every attribute the lead rules look at.
  absl::Status FullPost(const std::string& inst, const std::string& id,
                        const std::string& unit, v1::Post::Kind kind,
                        const std::string& reports_to,
                        const std::string& jenjang, bool hasil_penyetaraan) {
    v1::CreatePostRequest r;
    r.set_parent("instansi/" + inst);
    r.set_post_id(id);
    auto* p = r.mutable_post();
    p->set_display_name("Jabatan " + id);
    p->set_kind(kind);
    p->set_unit(absl::StrCat("instansi/", inst, "/units/", unit));
    p->set_jenjang(jenjang);
    p->set_hasil_penyetaraan(hasil_penyetaraan);
    p->set_reports_to(absl::StrCat("instansi/", inst, "/posts/", reports_to));
    *p->mutable_effective_from() = org::D(2024, 1, 1);
    v1::Post out;
    return Call(Op(inst, "bagor"), &v1::OrgService::Stub::CreatePost, r, &out);
  }
  // The org structure of a kabupaten with a hasil-penyetaraan fungsional in
  // the Dinas (p-hp) and a fungsional in the Setda (p-setda, another PD).
  void BuildTeamStructure(const std::string& inst) {
    ASSERT_NO_FATAL_FAILURE(BuildAndLink(inst));
    ASSERT_NO_FATAL_FAILURE(Link(inst, "p-epidemiolog", "idp|epi"));
    ASSERT_OK(FullPost(inst, "pranata", "dinas-sek", v1::Post::FUNGSIONAL,
                       "sekretaris", "AHLI_MUDA", true));
    ASSERT_THAT(Pegawai(inst, "p-hp", "197501012000011009"), IsOk());
    ASSERT_OK(Place(inst, "p-hp", "pranata"));
    ASSERT_NO_FATAL_FAILURE(Link(inst, "p-hp", "idp|hp"));
    ASSERT_OK(FullPost(inst, "setda-analis", "setda-pimpinan",
                       v1::Post::FUNGSIONAL, "sekda", "AHLI_MUDA", false));
    ASSERT_THAT(Pegawai(inst, "p-setda", "197501012000011008"), IsOk());
    ASSERT_OK(Place(inst, "p-setda", "setda-analis"));
    ASSERT_NO_FATAL_FAILURE(Link(inst, "p-setda", "idp|setda"));
    ASSERT_NO_FATAL_FAILURE(Link(inst, "p-sekretaris", "idp|sekretaris"));
  }
  // A draft team of the Dinas (owner unit dinas-sek).
  v1::CreateTeamRequest TeamDraft(const std::string& inst,
                                  const std::vector<std::string>& members,
                                  const std::string& lead,
                                  const std::string& accountable) {
    v1::CreateTeamRequest r;
    r.set_parent("instansi/" + inst);
    v1::Team& t = *r.mutable_team();
    t.set_owner_unit("instansi/" + inst + "/units/dinas-sek");
    t.set_purpose("Penanggulangan KLB campak");
    t.add_expected_targets("Cakupan imunisasi kejar 95%");
    t.set_competence_needed("Surveilans dan analisis data");
    *t.mutable_start_date() = start_;
    *t.mutable_end_date() = end_;
    if (!lead.empty()) t.set_lead(Pg(inst, lead));
    if (!accountable.empty()) t.set_accountable(Pg(inst, accountable));
    for (const auto& m : members) t.add_members()->set_person(Pg(inst, m));
    return r;
  }
  // Rows / history / events of the teamwork schema (nothing half-written).
  std::string TwRows() const {
    return db_->QueryValue(
        "SELECT (SELECT count(*) FROM teamwork.teams) || '/' || (SELECT "
        "count(*) FROM teamwork.team_items) || '/' || (SELECT count(*) FROM "
        "teamwork.history) || '/' || (SELECT count(*) FROM "
        "teamwork.events)");
  }
  std::string Reason(const absl::Status& s) const {
    auto d = common::GetErrorDetails(s);
    return d ? d->reason : "";
  }
  std::string Pasal(const absl::Status& s) const {
    auto d = common::GetErrorDetails(s);
    return d && d->metadata.count("pasal") ? d->metadata.at("pasal") : "";
  }

  sisker::testing::PrivateRedis redis_server_;
  std::unique_ptr<common::PgPool> tpool_;
  std::unique_ptr<common::OrgClient> tw_org_;
  std::unique_ptr<common::AssertionSigner> asg_signer_;
  std::unique_ptr<AssignmentCalls> asg_client_;
  std::unique_ptr<Teamwork> teamwork_;
  std::unique_ptr<sisker::testing::TestServer> tserver_;
  std::unique_ptr<TeamworkServiceImpl> timpl_;
  std::unique_ptr<TStub> tstub_;
  std::unique_ptr<common::RedisClient> redis_;
  std::unique_ptr<common::EventRelay> relay_;
  std::unique_ptr<common::EventConsumer> consumer_;
};

}  // namespace sisker::teamwork::fixture

#endif  // SISKER_TESTS_TEAMWORK_TEAMWORK_FIXTURE_H_
