// A team of each profile end to end over HTTP: real org, assignment and
// teamwork services (real PostgreSQL, the assignment service's events
// through a real relay and consumer) behind a real gateway, driven with
// curl and the identity provider's tokens of the officials involved: the
// team formed, answered for by the home heads (Paser, PSR 10(2)-(3)),
// decreed (KMP 4(9); PSR 10(4)), planned, reported on, asked for a report,
// an obstacle decided, the results accepted, and the dashboard read.
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "tests/gateway/http_gateway.h"
#include "tests/teamwork/teamwork_fixture.h"

namespace sisker::teamwork::fixture {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using Json = nlohmann::json;

using Reply = sisker::testing::HttpReply;

// `key` of a JSON object, or an empty object.
Json At(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) ? j[key] : Json::object();
}

class TeamworkHttp : public TeamworkTest {
 public:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(TeamworkTest::SetUp());
    ASSERT_NO_FATAL_FAILURE(StartGateway());
  }
  void TearDown() override {
    gateway_.reset();
    TeamworkTest::TearDown();
  }

  // The gateway (as assignment_http_test.cc starts it) in front of the
  // three services, trusting an HS256 identity provider "test-idp".
  void StartGateway() {
    gateway_ = std::make_unique<sisker::testing::HttpGateway>();
    ASSERT_OK(gateway_->Start(
        {{"sisker.v1.OrgService", {server_->channel(), "sisker-org"}},
         {"sisker.v1.AssignmentService",
          {aserver_->channel(), assignment::kServiceName}},
         {"sisker.v1.TeamworkService",
          {tserver_->channel(), "sisker-teamwork"}}},
        server_->channel(), signer_.get()));
  }

  // The identity provider's token of `subject` in `inst`.
  std::string Token(const std::string& inst, const std::string& subject) {
    return gateway_->Token(inst, subject);
  }

  // curl: method, path, bearer token, JSON body.
  Reply Http(const std::string& method, const std::string& path,
             const std::string& token, const std::string& body = "") {
    return gateway_->Http(method, path, token, body);
  }
  Reply Send(const std::string& path, const std::string& token,
             const Json& body) {
    return Http("POST", "/v1/" + path, token, body.dump());
  }
  Reply Read(const std::string& path, const std::string& token) {
    return Http("GET", "/v1/" + path, token);
  }

  // The draft team of the fixture as the JSON body of POST .../teams.
  std::string TeamJson(const std::string& inst,
                       const std::vector<std::string>& members,
                       const std::string& lead,
                       const std::string& accountable) {
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(
                    TeamDraft(inst, members, lead, accountable).team(), &json)
                    .ok());
    return json;
  }

  // Planned by `lead`, approved by `approver`: EXECUTION over HTTP.
  void PlanOverHttp(const std::string& team, const std::string& lead,
                    const std::string& approver) {
    Reply drafted = Send(team + ":updateWorkPlan", lead,
                         {{"workPlan",
                           {{"strategy", "Imunisasi kejar per kecamatan"},
                            {"budgetNote", "DAK non-fisik"}}}});
    ASSERT_EQ(drafted.status, 200) << drafted.body;
    EXPECT_EQ(At(drafted.json(), "workPlan").value("state", ""), "DRAFT");
    Reply submitted = Send(team + ":submitWorkPlan", lead, Json::object());
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(At(submitted.json(), "workPlan").value("state", ""), "SUBMITTED");
    // The lead does not approve their own plan.
    EXPECT_EQ(Send(team + ":approveWorkPlan", lead, Json::object()).status,
              403);
    Reply approved = Send(team + ":approveWorkPlan", approver, Json::object());
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.json().value("state", ""), "EXECUTION");
    EXPECT_EQ(At(approved.json(), "workPlan").value("state", ""), "APPROVED");
  }

  // A report request of `asker` to `member`, answered by the member's
  // report: ANSWERED.
  void ReportRequestOverHttp(const std::string& inst, const std::string& team,
                             const std::string& asker,
                             const std::string& member,
                             const std::string& member_token) {
    Reply asked = Send(team + "/reportRequests", asker,
                       {{"subject", "Capaian minggu ini"},
                        {"addressees", Json::array({Pg(inst, member)})}});
    ASSERT_EQ(asked.status, 200) << asked.body;
    EXPECT_EQ(asked.json().value("state", ""), "OPEN");
    const std::string q = asked.json().value("name", "");
    ASSERT_THAT(q, HasSubstr("/reportRequests/"));
    Reply answer = Send(team + "/reports", member_token,
                        {{"body", "Capaian 40%"}, {"answers", q}});
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.json().value("answers", ""), q);
    Reply listed = Read(team + "/reportRequests", asker);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const Json requests = listed.json().value("reportRequests", Json::array());
    ASSERT_EQ(requests.size(), 1u) << listed.body;
    EXPECT_EQ(requests[0].value("state", ""), "ANSWERED");
    EXPECT_EQ(requests[0].value("answeredByReport", ""),
              answer.json().value("name", ""));
  }

  // An obstacle raised by `lead` with the collaboration of other PDs: 400
  // without a recommendation, then with two, decided by `decider`, followed
  // up by `follower`. Returns the escalation's addressees by person.
  std::map<std::string, std::string> EscalationOverHttp(
      const std::string& team, const std::string& lead,
      const std::string& decider, const std::string& follower,
      const std::string& pasal_prefix) {
    std::map<std::string, std::string> duties;
    Json escalation = {{"problem", "Vaksin terlambat dari provinsi"},
                       {"needsCollaboration", true}};
    Reply none = Send(team + "/escalations", lead, escalation);
    EXPECT_EQ(none.status, 400) << none.body;
    EXPECT_EQ(none.status_name(), "INVALID_ARGUMENT");
    EXPECT_EQ(none.reason(), "RECOMMENDATION_REQUIRED") << none.body;
    EXPECT_THAT(none.pasal(), StartsWith(pasal_prefix)) << none.body;
    escalation["recommendations"] = Json::array(
        {"Pinjam stok dari kabupaten tetangga", "Tunda dua minggu"});
    Reply raised = Send(team + "/escalations", lead, escalation);
    EXPECT_EQ(raised.status, 200) << raised.body;
    if (raised.status != 200) return duties;
    const Json e = raised.json();
    EXPECT_EQ(e.value("state", ""), "OPEN");
    EXPECT_EQ(e.value("recommendations", Json::array()).size(), 2u);
    for (const auto& a : e.value("addressees", Json::array()))
      duties[a.value("person", "")] = a.value("duty", "");
    const std::string name = e.value("name", "");
    Reply decided =
        Send(name + ":decide", decider,
             {{"decision", "Tunda dua minggu"}, {"chosenRecommendation", 1}});
    EXPECT_EQ(decided.status, 200) << decided.body;
    EXPECT_EQ(decided.json().value("state", ""), "DECIDED");
    EXPECT_EQ(decided.json().value("chosenRecommendation", -1), 1);
    Reply followed = Send(name + ":recordFollowUp", follower,
                          {{"response", "Surat ke provinsi dikirim"}});
    EXPECT_EQ(followed.status, 200) << followed.body;
    return duties;
  }

  // Results accepted before they are delivered: 400 (FAILED_PRECONDITION);
  // then delivered by `lead` and accepted by `closer` as meeting the
  // target: CLOSED.
  void ResultsOverHttp(const std::string& team, const std::string& lead,
                       const std::string& closer,
                       const std::string& early_pasal) {
    Reply early =
        Send(team + ":acceptResults", closer, {{"meetsTarget", true}});
    EXPECT_EQ(early.status, 400) << early.body;
    EXPECT_EQ(early.status_name(), "FAILED_PRECONDITION") << early.body;
    EXPECT_EQ(early.reason(), "RESULTS_NOT_SUBMITTED") << early.body;
    EXPECT_THAT(early.pasal(), HasSubstr(early_pasal)) << early.body;
    Reply submitted = Send(team + ":submitResults", lead,
                           {{"resultsSummary", "Cakupan imunisasi 96%"}});
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(submitted.json().value("state", ""), "EVALUATION");
    Reply closed = Send(team + ":acceptResults", closer,
                        {{"meetsTarget", true}, {"closingNote", "Sesuai"}});
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(closed.json().value("state", ""), "CLOSED");
  }

  std::unique_ptr<sisker::testing::HttpGateway> gateway_;
};

// Paser: the Dinas's team with members from another unit and a lead from
// the Setda (PSR 10(8), acknowledged), asked of their home heads, who
// answer in writing (PSR 10(2)-(3)); the Sekda's decree (PSR 10(4)); the
// plan approved by the Kepala Dinas (PSR 14(2)a); reports to the lead
// (15(2)a) and from the lead to two groups (15(2)b); a report request
// (15(2)c); an obstacle (13(2)b3-4); the results accepted.
TEST_F(TeamworkHttp, PaserCrossPdTeamFromDraftToClosed) {
  ASSERT_NO_FATAL_FAILURE(BuildTeamStructure("paser"));
  const std::string kadis = Token("paser", "idp|kadis");
  const std::string sekda = Token("paser", "idp|sekda");
  const std::string lead = Token("paser", "idp|setda");
  const std::string staf = Token("paser", "idp|staf");
  const std::string stranger = Token("paser", "idp|hp");

  // 1. The draft: a warning to acknowledge, not an error.
  Reply created =
      Http("POST", "/v1/instansi/paser/teams", kadis,
           TeamJson("paser", {"p-staf", "p-epidemiolog", "p-analis"}, "p-setda",
                    ""));
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string team = created.json().value("name", "");
  ASSERT_THAT(team, StartsWith("instansi/paser/teams/"));
  EXPECT_EQ(created.json().value("state", ""), "DRAFT");
  EXPECT_EQ(created.json().value("scope", ""), "CROSS_PD");
  const Json warnings = created.json().value("warnings", Json::array());
  ASSERT_EQ(warnings.size(), 1u) << created.body;
  EXPECT_EQ(warnings[0].value("code", ""), "CROSS_PD_LEAD_NOT_FROM_OWNER");
  EXPECT_EQ(warnings[0].value("article", ""), "PSR 10(8)");
  EXPECT_EQ(Read(team, stranger).status, 404);

  // 2. :form: the warning must be acknowledged.
  Reply unacknowledged = Send(team + ":form", kadis, Json::object());
  EXPECT_EQ(unacknowledged.status, 400) << unacknowledged.body;
  EXPECT_EQ(unacknowledged.reason(), "ACKNOWLEDGEMENT_REQUIRED");
  EXPECT_EQ(unacknowledged.pasal(), "PSR 10(8)");
  Reply forming = Send(team + ":form", kadis,
                       {{"acknowledgedWarnings",
                         Json::array({"CROSS_PD_LEAD_NOT_FROM_OWNER"})}});
  ASSERT_EQ(forming.status, 200) << forming.body;
  EXPECT_EQ(forming.json().value("state", ""), "FORMING");
  const std::string ta = forming.json().value("teamAssignment", "");
  ASSERT_THAT(ta, StartsWith("instansi/paser/teamAssignments/"));

  // 3. The home heads answer: the Kepala Dinas for the analis (another
  // unit) in the team's written answer, the Sekda for the Setda's
  // fungsional.
  Reply assignment = Read(ta, kadis);
  ASSERT_EQ(assignment.status, 200) << assignment.body;
  EXPECT_EQ(assignment.json().value("letterKind", ""), "KEPUTUSAN");
  EXPECT_EQ(assignment.json().value("letterIssuers", Json::array()),
            Json::array({"SEKDA"}));
  std::map<std::string, std::string> request_of;
  for (const auto& q :
       assignment.json().value("involvementRequests", Json::array())) {
    Reply got = Read(q.get<std::string>(), kadis);
    ASSERT_EQ(got.status, 200) << got.body;
    request_of[got.json().value("pegawai", "")] = q.get<std::string>();
  }
  ASSERT_EQ(request_of.size(), 2u) << assignment.body;
  const std::string analis_q = request_of[Pg("paser", "p-analis")];
  const std::string setda_q = request_of[Pg("paser", "p-setda")];
  ASSERT_FALSE(analis_q.empty());
  ASSERT_FALSE(setda_q.empty());
  EXPECT_EQ(Send(setda_q + ":answer", kadis, {{"approve", true}}).status, 403);
  Json approve_analis = {{"involvementRequest", analis_q}, {"approve", true}};
  Json written_answer = Json::object();
  written_answer["answers"] = Json::array();
  written_answer["answers"].push_back(approve_analis);
  Reply by_kadis = Send(ta + ":answerRequests", kadis, written_answer);
  ASSERT_EQ(by_kadis.status, 200) << by_kadis.body;
  Reply by_sekda = Send(setda_q + ":answer", sekda, {{"approve", true}});
  ASSERT_EQ(by_sekda.status, 200) << by_sekda.body;
  EXPECT_EQ(by_sekda.json().value("state", ""), "APPROVED");
  Pump();

  // 4. The Sekda's decree, not the Kepala Dinas's (PSR 10(4)).
  Reply by_owner = Send(ta + ":signLetter", kadis, Json::object());
  EXPECT_EQ(by_owner.status, 403) << by_owner.body;
  Reply letter = Send(ta + ":signLetter", sekda, Json::object());
  ASSERT_EQ(letter.status, 200) << letter.body;
  EXPECT_EQ(letter.json().value("kind", ""), "KEPUTUSAN");
  EXPECT_EQ(letter.json().value("signer", ""), Pg("paser", "p-sekda"));
  Pump();
  Reply formed = Read(team, lead);
  ASSERT_EQ(formed.status, 200) << formed.body;
  EXPECT_EQ(formed.json().value("state", ""), "PLANNING");
  EXPECT_EQ(formed.json().value("letter", ""), letter.json().value("name", ""));
  const Json members = formed.json().value("members", Json::array());
  ASSERT_EQ(members.size(), 4u);
  for (const auto& m : members)
    EXPECT_EQ(m.value("state", ""), "ACTIVE") << m.dump();

  // 5. The plan, by the lead; approved by the Kepala Dinas (PSR 14(2)a).
  ASSERT_NO_FATAL_FAILURE(PlanOverHttp(team, lead, kadis));

  // 6. A member's report to the lead (PSR 15(2)a); the lead's to the
  // owner's heads and the lead's own PPK, two groups (PSR 15(2)b).
  Reply member = Send(team + "/reports", staf, {{"body", "Minggu 1 selesai"}});
  ASSERT_EQ(member.status, 200) << member.body;
  EXPECT_EQ(member.json().value("kind", ""), "MEMBER");
  const Json to_lead = member.json().value("recipients", Json::array());
  ASSERT_EQ(to_lead.size(), 1u);
  EXPECT_EQ(to_lead[0].value("person", ""), Pg("paser", "p-setda"));
  Reply lead_report =
      Send(team + "/reports", lead, {{"body", "Capaian bulan Maret"}});
  ASSERT_EQ(lead_report.status, 200) << lead_report.body;
  EXPECT_EQ(lead_report.json().value("kind", ""), "LEAD");
  std::map<std::string, int> group_of;
  for (const auto& r : lead_report.json().value("recipients", Json::array()))
    group_of[r.value("person", "")] = r.value("group", 0);
  ASSERT_EQ(group_of.count(Pg("paser", "p-kadis")), 1u) << lead_report.body;
  EXPECT_EQ(group_of[Pg("paser", "p-kadis")], 0);
  int ppk_group = 0;
  for (const auto& [person, group] : group_of)
    ppk_group = std::max(ppk_group, group);
  EXPECT_EQ(ppk_group, 1) << lead_report.body;
  Reply acknowledged =
      Send(lead_report.json().value("name", "") + ":acknowledge", kadis,
           Json::object());
  ASSERT_EQ(acknowledged.status, 200) << acknowledged.body;

  // 7. A report asked for at any time (PSR 15(2)c) and answered.
  ASSERT_NO_FATAL_FAILURE(
      ReportRequestOverHttp("paser", team, kadis, "p-staf", staf));

  // 8. An obstacle (PSR 13(1)b3, 13(2)b3-4): the Kepala Dinas decides, the
  // Sekda (home head of the Setda's member) follows up.
  auto duties = EscalationOverHttp(team, lead, kadis, sekda, "PSR 13");
  EXPECT_EQ(duties[Pg("paser", "p-kadis")], "DECIDE");
  EXPECT_EQ(duties[Pg("paser", "p-sekda")], "FOLLOW_UP");

  // 9. The results: not before they are delivered; then accepted.
  ASSERT_NO_FATAL_FAILURE(ResultsOverHttp(team, lead, kadis, "konfigurasi"));

  // 10. The dashboard, for the team's people only.
  Reply dashboard = Read(team + "/dashboard", kadis);
  ASSERT_EQ(dashboard.status, 200) << dashboard.body;
  const Json d = dashboard.json();
  EXPECT_EQ(d.value("name", ""), team + "/dashboard");
  EXPECT_EQ(At(d, "team").value("state", ""), "CLOSED");
  EXPECT_EQ(d.value("members", Json::array()).size(), 4u);
  EXPECT_EQ(d.value("latestReports", Json::array()).size(), 3u);
  EXPECT_EQ(d.value("openEscalations", Json::array()).size(), 1u);
  EXPECT_EQ(d.value("openReportRequests", Json::array()).size(), 0u);
  EXPECT_EQ(Read(team + "/dashboard", lead).status, 200);
  EXPECT_EQ(Read(team + "/dashboard", stranger).status, 404);
  EXPECT_EQ(Read(team, stranger).status, 404);
}

// Kampar: the Kepala Dinas forms the team with a lead from the Dinas (a
// fungsional hasil penyetaraan, KMP 4(6), 5(5)) and signs its Keputusan
// (KMP 4(9)); no home head is asked (KMP names no request); the lead's
// report goes up step by step (KMP 6(2)); the Kepala Dinas asks for a
// report (6(3)), decides the obstacle and closes the team (11(3)).
TEST_F(TeamworkHttp, KamparTeamFromDraftToClosed) {
  ASSERT_NO_FATAL_FAILURE(BuildTeamStructure("kampar"));
  const std::string kadis = Token("kampar", "idp|kadis");
  const std::string sekda = Token("kampar", "idp|sekda");
  const std::string lead = Token("kampar", "idp|hp");
  const std::string accountable = Token("kampar", "idp|sekretaris");
  const std::string staf = Token("kampar", "idp|staf");
  const std::string stranger = Token("kampar", "idp|analis");

  // 1. The draft: members from the Dinas and the Setda.
  Reply created =
      Http("POST", "/v1/instansi/kampar/teams", kadis,
           TeamJson("kampar", {"p-staf", "p-epidemiolog", "p-setda"}, "p-hp",
                    "p-sekretaris"));
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string team = created.json().value("name", "");
  ASSERT_THAT(team, StartsWith("instansi/kampar/teams/"));
  EXPECT_EQ(created.json().value("scope", ""), "CROSS_PD");
  EXPECT_EQ(created.json().value("warnings", Json::array()).size(), 0u);
  EXPECT_EQ(Read(team, stranger).status, 404);
  // Only the Kepala PD forms the team (KMP 4(5)).
  Reply by_staf = Http("POST", "/v1/instansi/kampar/teams", staf,
                       TeamJson("kampar", {"p-staf"}, "p-hp", "p-sekretaris"));
  EXPECT_EQ(by_staf.status, 403) << by_staf.body;

  // 2. :form: the team assignment awaits the Kepala PD's Keputusan at
  // once, nobody being asked.
  Reply forming = Send(team + ":form", kadis, Json::object());
  ASSERT_EQ(forming.status, 200) << forming.body;
  EXPECT_EQ(forming.json().value("state", ""), "FORMING");
  const std::string ta = forming.json().value("teamAssignment", "");
  ASSERT_THAT(ta, StartsWith("instansi/kampar/teamAssignments/"));
  Reply assignment = Read(ta, kadis);
  ASSERT_EQ(assignment.status, 200) << assignment.body;
  EXPECT_EQ(assignment.json().value("state", ""), "AWAITING_LETTER");
  EXPECT_EQ(assignment.json().value("letterKind", ""), "KEPUTUSAN");
  EXPECT_EQ(assignment.json().value("involvementRequests", Json::array()),
            Json::array());
  Pump();

  // 3. The Kepala PD's Keputusan, not the Sekda's.
  EXPECT_EQ(Send(ta + ":signLetter", sekda, Json::object()).status, 403);
  Reply letter = Send(ta + ":signLetter", kadis, Json::object());
  ASSERT_EQ(letter.status, 200) << letter.body;
  EXPECT_EQ(letter.json().value("kind", ""), "KEPUTUSAN");
  EXPECT_EQ(letter.json().value("signer", ""), Pg("kampar", "p-kadis"));
  Pump();
  Reply formed = Read(team, lead);
  ASSERT_EQ(formed.status, 200) << formed.body;
  EXPECT_EQ(formed.json().value("state", ""), "PLANNING");
  for (const auto& m : formed.json().value("members", Json::array()))
    EXPECT_EQ(m.value("state", ""), "ACTIVE") << m.dump();

  // 4. The plan, by the lead; approved by the Kepala PD.
  ASSERT_NO_FATAL_FAILURE(PlanOverHttp(team, lead, kadis));

  // 5. A member's report to the lead (konfigurasi); the lead's report to
  // the penanggung jawab, forwarded to the Kepala PD (KMP 6(2)).
  Reply member = Send(team + "/reports", staf, {{"body", "Minggu 1 selesai"}});
  ASSERT_EQ(member.status, 200) << member.body;
  const Json to_lead = member.json().value("recipients", Json::array());
  ASSERT_EQ(to_lead.size(), 1u);
  EXPECT_EQ(to_lead[0].value("person", ""), Pg("kampar", "p-hp"));
  Reply lead_report =
      Send(team + "/reports", lead, {{"body", "Capaian bulan Maret"}});
  ASSERT_EQ(lead_report.status, 200) << lead_report.body;
  const Json chain = lead_report.json().value("recipients", Json::array());
  ASSERT_EQ(chain.size(), 2u) << lead_report.body;
  EXPECT_EQ(chain[0].value("person", ""), Pg("kampar", "p-sekretaris"));
  EXPECT_EQ(chain[1].value("person", ""), Pg("kampar", "p-kadis"));
  const std::string report = lead_report.json().value("name", "");
  Reply early = Send(report + ":acknowledge", kadis, Json::object());
  EXPECT_EQ(early.status, 403) << early.body;
  Reply forwarded = Send(report + ":forward", accountable, Json::object());
  ASSERT_EQ(forwarded.status, 200) << forwarded.body;
  EXPECT_EQ(forwarded.json().value("state", ""), "FORWARDED");
  Reply done = Send(report + ":acknowledge", kadis, Json::object());
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().value("state", ""), "ACKNOWLEDGED");

  // 6. A report asked for at any time (KMP 6(3)) and answered.
  ASSERT_NO_FATAL_FAILURE(
      ReportRequestOverHttp("kampar", team, kadis, "p-staf", staf));

  // 7. An obstacle (konfigurasi in Kampar): the Kepala PD decides, the
  // Sekda (home head of the Setda's member) follows up.
  auto duties = EscalationOverHttp(team, lead, kadis, sekda, "konfigurasi");
  EXPECT_EQ(duties[Pg("kampar", "p-kadis")], "DECIDE");
  EXPECT_EQ(duties[Pg("kampar", "p-sekda")], "FOLLOW_UP");

  // 8. Closed only by the Kepala PD, the results meeting the target (KMP
  // 11(3)).
  ASSERT_NO_FATAL_FAILURE(ResultsOverHttp(team, lead, kadis, "KMP 11(3)"));

  // 9. The dashboard, for the team's people only.
  Reply dashboard = Read(team + "/dashboard", kadis);
  ASSERT_EQ(dashboard.status, 200) << dashboard.body;
  const Json d = dashboard.json();
  EXPECT_EQ(At(d, "team").value("state", ""), "CLOSED");
  EXPECT_EQ(d.value("members", Json::array()).size(), 4u);
  EXPECT_EQ(d.value("latestReports", Json::array()).size(), 3u);
  EXPECT_EQ(d.value("openEscalations", Json::array()).size(), 1u);
  EXPECT_EQ(Read(team + "/dashboard", accountable).status, 200);
  EXPECT_EQ(Read(team + "/dashboard", stranger).status, 404);
}

}  // namespace
}  // namespace sisker::teamwork::fixture
