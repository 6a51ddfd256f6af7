// sisker-teamwork-bench: the team dashboard benchmark (issue 7). --seed
// forms a team of 25 through the real services (the Kepala PD forms it and
// signs its Keputusan, KMP 4(9)) and gives it a year of activity through
// the teamwork API: activities, monthly member and lead reports, report
// requests answered, feedback, member results, escalations, coordination
// notes. Then (or with --team) it reads GetTeamDashboard directly over
// gRPC at concurrency 2 and 8 for a fixed time and prints p50/p99 (the
// gateway side is measured by tools/bench/teamwork_dashboard.sh with wrk
// in the same run). Loopback only; bounded in time; never run by CI.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/config.h"
#include "common/principal.h"
#include "sisker/v1/assignment.grpc.pb.h"
#include "sisker/v1/org.grpc.pb.h"
#include "sisker/v1/teamwork.grpc.pb.h"

namespace {

namespace v1 = ::sisker::v1;
using sisker::common::Principal;

struct Env {
  std::string inst;
  const sisker::common::AssertionSigner* signer;
  std::unique_ptr<v1::OrgService::Stub> org;
  std::unique_ptr<v1::AssignmentService::Stub> asg;
  std::unique_ptr<v1::TeamworkService::Stub> tw;
  std::map<std::string, std::string> subject;  // pegawai -> subject
};

std::unique_ptr<grpc::ClientContext> Ctx(const Env& env, const Principal& p,
                                         const char* audience) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata(
      sisker::common::kPrincipalMetadata,
      *env.signer->Mint(p, audience, absl::Now(), absl::Minutes(10)));
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(30));
  return ctx;
}

void Check(const grpc::Status& s, const std::string& what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s: %d %s\n", what.c_str(), s.error_code(),
               s.error_message().c_str());
  std::exit(1);
}

std::string Pg(const Env& env, const std::string& id) {
  return absl::StrCat("instansi/", env.inst, "/pegawai/", id);
}

// The person's principal, linking "nip-<NIP>" as the demo does.
Principal As(Env& env, const std::string& id) {
  if (!env.subject.count(id)) {
    const Principal bkpsdm{
        env.inst, "demo-bkpsdm-" + env.inst, Principal::Kind::kPerson, {}};
    v1::GetPegawaiRequest get;
    get.set_name(Pg(env, id));
    v1::Pegawai p;
    Check(env.org->GetPegawai(Ctx(env, bkpsdm, "sisker-org").get(), get, &p),
          "GetPegawai " + id);
    if (p.subject().empty()) {
      v1::UpdatePegawaiRequest link;
      link.mutable_pegawai()->set_name(p.name());
      link.mutable_pegawai()->set_subject("nip-" + p.nip());
      link.mutable_update_mask()->add_paths("subject");
      link.set_reason("Benchmark: akun anggota tim kerja");
      Check(env.org->UpdatePegawai(Ctx(env, bkpsdm, "sisker-org").get(), link,
                                   &p),
            "link " + id);
    }
    env.subject[id] = p.subject();
  }
  return Principal{env.inst, env.subject[id], Principal::Kind::kPerson, {}};
}

google::type::Date D(int y, int m, int d) {
  google::type::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

template <typename Req, typename Resp, typename Rpc>
Resp Tw(Env& env, const std::string& who, Rpc rpc, const Req& r,
        const char* what) {
  Resp out;
  Check((env.tw.get()->*rpc)(Ctx(env, As(env, who), "sisker-teamwork").get(), r,
                             &out),
        what);
  return out;
}

std::string Seed(Env& env, const std::string& owner_unit,
                 const std::string& former, const std::string& lead,
                 const std::string& accountable,
                 const std::vector<std::string>& members) {
  using S = v1::TeamworkService::Stub;
  v1::CreateTeamRequest create;
  create.set_parent("instansi/" + env.inst);
  v1::Team& t = *create.mutable_team();
  t.set_owner_unit(absl::StrCat("instansi/", env.inst, "/units/", owner_unit));
  t.set_purpose(absl::StrCat("Benchmark: percepatan penurunan stunting ",
                             absl::ToUnixMicros(absl::Now())));
  t.add_expected_targets("Prevalensi stunting turun 3 poin");
  t.set_competence_needed("Gizi masyarakat dan surveilans");
  *t.mutable_start_date() = D(2026, 1, 2);
  *t.mutable_end_date() = D(2026, 12, 31);
  t.set_lead(Pg(env, lead));
  t.set_accountable(Pg(env, accountable));
  for (const auto& m : members) t.add_members()->set_person(Pg(env, m));
  auto team = Tw<v1::CreateTeamRequest, v1::Team>(env, former, &S::CreateTeam,
                                                  create, "CreateTeam");
  v1::FormTeamRequest form;
  form.set_name(team.name());
  team = Tw<v1::FormTeamRequest, v1::Team>(env, former, &S::FormTeam, form,
                                           "FormTeam");
  v1::SignTeamLetterRequest sign;
  sign.set_name(team.team_assignment());
  v1::Letter letter;
  Check(
      env.asg->SignTeamLetter(
          Ctx(env, As(env, former), "sisker-assignment").get(), sign, &letter),
      "SignTeamLetter");
  v1::GetTeamRequest get;
  get.set_name(team.name());
  for (int i = 0; i < 300 && team.state() != v1::Team::PLANNING; ++i) {
    absl::SleepFor(absl::Milliseconds(200));
    team = Tw<v1::GetTeamRequest, v1::Team>(env, lead, &S::GetTeam, get,
                                            "GetTeam");
  }
  if (team.state() != v1::Team::PLANNING) {
    std::fprintf(stderr, "the team did not reach PLANNING\n");
    std::exit(1);
  }
  v1::UpdateWorkPlanRequest plan;
  plan.set_name(team.name());
  plan.mutable_work_plan()->set_strategy("Intervensi spesifik per desa lokus");
  Tw<v1::UpdateWorkPlanRequest, v1::Team>(env, lead, &S::UpdateWorkPlan, plan,
                                          "UpdateWorkPlan");
  v1::WorkPlanActionRequest act;
  act.set_name(team.name());
  Tw<v1::WorkPlanActionRequest, v1::Team>(env, lead, &S::SubmitWorkPlan, act,
                                          "SubmitWorkPlan");
  Tw<v1::WorkPlanActionRequest, v1::Team>(env, former, &S::ApproveWorkPlan, act,
                                          "ApproveWorkPlan");
  // A year: per month ~21 activities, 24 member reports and one lead
  // report, 25 feedback, 25 member results, 2 escalations, 3 report
  // requests answered, 3 coordination notes.
  int rows = 0;
  for (int month = 1; month <= 12; ++month) {
    const auto start = D(2026, month, 1);
    const auto end = D(2026, month, 28);
    for (int a = 0; a < 21; ++a) {
      v1::CreateActivityRequest r;
      r.set_parent(team.name());
      r.mutable_activity()->set_title(
          absl::StrCat("Kunjungan posyandu desa ", month, "-", a));
      r.mutable_activity()->add_owners(Pg(env, members[a % members.size()]));
      *r.mutable_activity()->mutable_due_date() = D(2026, month, 1 + a);
      auto created = Tw<v1::CreateActivityRequest, v1::Activity>(
          env, lead, &S::CreateActivity, r, "CreateActivity");
      ++rows;
      if (month < 12 || a < 14) {
        v1::UpdateActivityRequest done;
        done.mutable_activity()->set_name(created.name());
        done.mutable_activity()->set_state(v1::Activity::DONE);
        done.mutable_update_mask()->add_paths("state");
        Tw<v1::UpdateActivityRequest, v1::Activity>(
            env, lead, &S::UpdateActivity, done, "UpdateActivity");
      }
    }
    for (const auto& m : members) {
      if (m == lead) continue;
      v1::CreateReportRequest r;
      r.set_parent(team.name());
      r.mutable_report()->set_body(absl::StrCat("Laporan bulan ", month));
      *r.mutable_report()->mutable_period_start() = start;
      *r.mutable_report()->mutable_period_end() = end;
      Tw<v1::CreateReportRequest, v1::Report>(env, m, &S::CreateReport, r,
                                              "CreateReport");
      v1::CreateFeedbackRequest f;
      f.set_parent(team.name());
      f.mutable_feedback()->set_kind(v1::Feedback::PERIODIC_TO_MEMBER);
      f.mutable_feedback()->set_member(Pg(env, m));
      f.mutable_feedback()->set_text("Pertahankan capaian kunjungan");
      Tw<v1::CreateFeedbackRequest, v1::Feedback>(env, lead, &S::CreateFeedback,
                                                  f, "CreateFeedback");
      v1::CreateMemberResultRequest mr;
      mr.set_parent(team.name());
      mr.mutable_member_result()->set_member(Pg(env, m));
      mr.mutable_member_result()->set_summary("Kunjungan terlaksana");
      *mr.mutable_member_result()->mutable_period_start() = start;
      *mr.mutable_member_result()->mutable_period_end() = end;
      Tw<v1::CreateMemberResultRequest, v1::MemberResult>(
          env, lead, &S::CreateMemberResult, mr, "CreateMemberResult");
      rows += 3;
    }
    v1::CreateReportRequest lr;
    lr.set_parent(team.name());
    lr.mutable_report()->set_body(absl::StrCat("Laporan ketua bulan ", month));
    *lr.mutable_report()->mutable_period_start() = start;
    *lr.mutable_report()->mutable_period_end() = end;
    Tw<v1::CreateReportRequest, v1::Report>(env, lead, &S::CreateReport, lr,
                                            "CreateReport lead");
    for (int q = 0; q < 3; ++q) {
      v1::AskForReportRequest ask;
      ask.set_parent(team.name());
      ask.mutable_report_request()->set_subject("Capaian minggu ini");
      const std::string& who = members[(month * 3 + q) % members.size()];
      ask.mutable_report_request()->add_addressees(Pg(env, who));
      auto rq = Tw<v1::AskForReportRequest, v1::ReportRequest>(
          env, former, &S::AskForReport, ask, "AskForReport");
      v1::CreateReportRequest answer;
      answer.set_parent(team.name());
      answer.mutable_report()->set_body("Jawaban");
      answer.mutable_report()->set_answers(rq.name());
      if (month < 12) {
        Tw<v1::CreateReportRequest, v1::Report>(env, who, &S::CreateReport,
                                                answer, "answer");
      }
      rows += 2;
    }
    for (int e = 0; e < 2; ++e) {
      v1::CreateEscalationRequest r;
      r.set_parent(team.name());
      r.mutable_escalation()->set_problem("Data balita belum lengkap");
      r.mutable_escalation()->add_recommendations("Verifikasi ulang");
      r.mutable_escalation()->add_recommendations("Tambah kader");
      auto raised = Tw<v1::CreateEscalationRequest, v1::Escalation>(
          env, lead, &S::CreateEscalation, r, "CreateEscalation");
      if (month < 12) {
        v1::DecideEscalationRequest d;
        d.set_name(raised.name());
        d.set_decision("Verifikasi ulang");
        Tw<v1::DecideEscalationRequest, v1::Escalation>(
            env, former, &S::DecideEscalation, d, "DecideEscalation");
      }
      ++rows;
    }
    for (int n = 0; n < 3; ++n) {
      v1::CreateCoordinationNoteRequest r;
      r.set_parent(team.name());
      r.mutable_coordination_note()->set_stage(v1::TeamworkRules::EXECUTION);
      r.mutable_coordination_note()->set_topic("Koordinasi dengan puskesmas");
      r.mutable_coordination_note()->set_counterpart_text("Kepala Puskesmas");
      Tw<v1::CreateCoordinationNoteRequest, v1::CoordinationNote>(
          env, lead, &S::CreateCoordinationNote, r, "CreateCoordinationNote");
      ++rows;
    }
    std::fprintf(stderr, "  month %d seeded (%d rows)\n", month, rows);
  }
  std::printf("seeded %s with %d rows\n", team.name().c_str(), rows);
  return team.name();
}

struct Result {
  std::vector<double> ms;
  std::map<int, int64_t> codes;
};

Result Drive(Env& env, const Principal& reader, const std::string& team,
             int concurrency, absl::Duration duration, size_t* bytes) {
  Result total;
  absl::Mutex mu;
  std::vector<std::thread> threads;
  const absl::Time end = absl::Now() + duration;
  const std::string assertion = *env.signer->Mint(
      reader, "sisker-teamwork", absl::Now(), absl::Minutes(10));
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&] {
      Result mine;
      v1::GetTeamDashboardRequest r;
      r.set_name(team + "/dashboard");
      while (absl::Now() < end) {
        grpc::ClientContext ctx;
        ctx.AddMetadata(sisker::common::kPrincipalMetadata, assertion);
        v1::TeamDashboard d;
        const absl::Time start = absl::Now();
        grpc::Status s = env.tw->GetTeamDashboard(&ctx, r, &d);
        mine.ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
        ++mine.codes[s.error_code()];
        if (s.ok()) *bytes = d.ByteSizeLong();
      }
      absl::MutexLock lock(&mu);
      total.ms.insert(total.ms.end(), mine.ms.begin(), mine.ms.end());
      for (auto [c, n] : mine.codes) total.codes[c] += n;
    });
  }
  for (auto& th : threads) th.join();
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  using sisker::common::Config;
  Config config;
  config.AddString("org", "127.0.0.1:50051", "org service");
  config.AddString("assignment", "127.0.0.1:50052", "assignment service");
  config.AddString("teamwork", "127.0.0.1:50053", "teamwork service");
  config.AddString("assertion_keys", "var/keys/assertion.jwks", "JWKS");
  config.AddString("assertion_kid", "dev-1", "signing key id");
  config.AddString("instansi", "kampar", "instansi id");
  config.AddString("owner_unit", "dinkes-bid-p2p", "owner unit id");
  config.AddString("former", "", "pegawai id of the Kepala PD");
  config.AddString("lead", "", "pegawai id of the lead");
  config.AddString("accountable", "", "pegawai id of the penanggung jawab");
  config.AddString("members", "", "comma-separated pegawai ids (incl. lead)");
  config.AddString("team", "", "an already seeded team (skips seeding)");
  config.AddString("reader", "", "pegawai id reading the dashboard");
  config.AddInt("seconds", 10, 1, 600, "per concurrency level");
  sisker::common::ParseOrExit(config, argc,
                              const_cast<const char* const*>(argv),
                              "sisker-teamwork-bench", "bench");
  auto keys = sisker::common::LoadKeySet(config.GetString("assertion_keys"));
  if (!keys.ok()) return 1;
  const auto* key = keys->Find(config.GetString("assertion_kid"));
  if (key == nullptr) return 1;
  sisker::common::AssertionSigner signer(*key, "sisker-dev");
  Env env;
  env.inst = config.GetString("instansi");
  env.signer = &signer;
  env.org = v1::OrgService::NewStub(grpc::CreateChannel(
      config.GetString("org"), grpc::InsecureChannelCredentials()));
  env.asg = v1::AssignmentService::NewStub(grpc::CreateChannel(
      config.GetString("assignment"), grpc::InsecureChannelCredentials()));
  env.tw = v1::TeamworkService::NewStub(grpc::CreateChannel(
      config.GetString("teamwork"), grpc::InsecureChannelCredentials()));
  std::string team = config.GetString("team");
  if (team.empty()) {
    std::vector<std::string> members =
        absl::StrSplit(config.GetString("members"), ',', absl::SkipEmpty());
    team = Seed(env, config.GetString("owner_unit"), config.GetString("former"),
                config.GetString("lead"), config.GetString("accountable"),
                members);
  }
  const Principal reader = As(env, config.GetString("reader"));
  size_t bytes = 0;
  Drive(env, reader, team, 8, absl::Seconds(2), &bytes);  // warm up
  for (int c : {2, 8}) {
    const absl::Duration d = absl::Seconds(config.GetInt("seconds"));
    Result r = Drive(env, reader, team, c, d, &bytes);
    std::sort(r.ms.begin(), r.ms.end());
    auto pct = [&](double p) {
      return r.ms.empty() ? 0
                          : r.ms[static_cast<size_t>(p * (r.ms.size() - 1))];
    };
    std::string codes;
    for (auto [code, n] : r.codes)
      absl::StrAppend(&codes, " code", code, "=", n);
    std::printf(
        "direct gRPC GetTeamDashboard c=%d  %7.0f req/s  p50 %5.2f ms  p99 "
        "%5.2f ms  (%zu calls;%s; %zu bytes)\n",
        c, r.ms.size() / absl::ToDoubleSeconds(d), pct(0.5), pct(0.99),
        r.ms.size(), codes.c_str(), bytes);
  }
  std::printf("TEAM=%s\n", team.c_str());
  return 0;
}
