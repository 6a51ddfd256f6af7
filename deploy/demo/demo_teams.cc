// The demo teams: per kabupaten a team of the Dinas Kesehatan in every
// state, each formed and carried on by the officials its profile names
// (demo_teams_steps.h), and the summary printed after them.
#include "deploy/demo/demo_teams.h"

#include <cstdio>
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "deploy/demo/demo_teams_steps.h"

namespace sisker::demo {
namespace teams {
namespace {

// Where deploy/up.sh serves the gateway (for the printed hints).
constexpr char kGateway[] = "http://127.0.0.1:8080";

}  // namespace

absl::Status Loader::Load(const Plan& plan) {
  for (size_t i = 0; i < plan.teams.size(); ++i) {
    const TeamPlan& p = plan.teams[i];
    if (auto st = Run(static_cast<int>(i + 1), p, plan.roles); !st.ok()) {
      return absl::Status(
          st.code(), absl::StrCat("team \"", p.purpose, "\": ", st.message()));
    }
  }
  std::string counts;
  for (const auto& [state, count] : states_) {
    absl::StrAppend(&counts, counts.empty() ? "" : ", ",
                    v1::Team::State_Name(static_cast<v1::Team::State>(state)),
                    " ", count);
  }
  const std::string skipped =
      skipped_ > 0 ? absl::StrCat(", ", skipped_, " skipped") : "";
  std::printf("  %s: %d demo teams (%d created now%s): %s\n", parent_.c_str(),
              total_, created_, skipped.c_str(), counts.c_str());
  if (plan.teams.empty() || execution_team_.empty()) return absl::OkStatus();
  // The owner Kepala PD: results to accept, reports, obstacles to decide.
  TeamRun t;
  t.plan = &plan.teams.front();
  t.pd = absl::StrCat(parent_, "/perangkatDaerah/", PdIdOf(t.plan->owner_unit));
  ASSIGN_OR_RETURN(v1::Person kadis, Official(Who::kOwnerKepalaPd, t));
  ASSIGN_OR_RETURN(common::Principal as, client_.As(kadis.person()));
  v1::ListTeamworkActionsRequest r;
  r.set_parent(parent_);
  r.set_page_size(500);
  v1::ListTeamworkActionsResponse actions;
  RETURN_IF_ERROR(
      Team(as, &v1::TeamworkService::Stub::ListTeamworkActions, r, &actions));
  std::map<std::string, int> kinds;
  for (const auto& a : actions.actions())
    ++kinds[v1::TeamworkAction::Kind_Name(a.kind())];
  std::string pending;
  for (const auto& [kind, count] : kinds)
    absl::StrAppend(&pending, pending.empty() ? "" : ", ", kind, " ", count);
  const std::string token = absl::StrCat(
      "TOKEN=$(./deploy/token.sh ", client_.NipOf(kadis.person()),
      "); curl -H \"Authorization: Bearer $TOKEN\" ", kGateway, "/v1/");
  std::printf(
      "    pending teamwork actions of %s, %s (%s): %s%s/teamworkActions\n",
      kadis.display_name().c_str(), kadis.post_display_name().c_str(),
      pending.c_str(), token.c_str(), parent_.c_str());
  v1::GetTeamDashboardRequest d;
  d.set_name(execution_team_ + "/dashboard");
  v1::TeamDashboard dash;
  RETURN_IF_ERROR(
      Team(as, &v1::TeamworkService::Stub::GetTeamDashboard, d, &dash));
  std::string activities, escalations;
  for (const auto& c : dash.activity_counts())
    absl::StrAppend(&activities, activities.empty() ? "" : ", ", c.state(), " ",
                    c.count());
  std::map<int, int> by_state;  // the dashboard's are not yet resolved
  for (const auto& e : dash.open_escalations()) ++by_state[e.state()];
  for (const auto& [state, count] : by_state)
    absl::StrAppend(
        &escalations, escalations.empty() ? "" : ", ",
        v1::Escalation::State_Name(static_cast<v1::Escalation::State>(state)),
        " ", count);
  std::printf(
      "    dashboard of EXECUTION team \"%s\" (%d members; activities %s; "
      "escalations %s; %d report requests open; %d reports): %s%s\n",
      dash.team().purpose().c_str(), dash.members_size(), activities.c_str(),
      escalations.c_str(), dash.open_report_requests_size(),
      dash.latest_reports_size(), token.c_str(), d.name().c_str());
  return absl::OkStatus();
}

}  // namespace teams

absl::Status LoadDemoTeams(const std::string& instansi,
                           const std::string& bkpsdm_subject,
                           const DemoStructure& structure,
                           std::shared_ptr<grpc::Channel> org,
                           std::shared_ptr<grpc::Channel> assignment,
                           std::shared_ptr<grpc::Channel> teamwork,
                           const common::AssertionSigner& signer) {
  std::optional<teams::Plan> plan;
  if (instansi == "kampar") plan = teams::KamparTeams();
  if (instansi == "paser") plan = teams::PaserTeams();
  if (!plan) return absl::OkStatus();
  teams::Loader loader(instansi, bkpsdm_subject, structure, std::move(org),
                       std::move(assignment), std::move(teamwork), signer);
  return loader.Load(*plan);
}

}  // namespace sisker::demo
