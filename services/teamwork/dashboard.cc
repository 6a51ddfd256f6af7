// The team dashboard: rebuilt inside every write to the team from bounded,
// indexed reads (so a read sees its own writes), and served with one
// indexed read plus the caller's access check; overdue flags are computed
// at read against today in the instansi's time zone.
#include <map>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/event_log.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {
namespace {

constexpr int kOpenActivities = 100;
constexpr int kOpenEscalations = 20;
constexpr int kLatestReports = 10;
constexpr int kLatestNotes = 10;

}  // namespace

void Teamwork::RebuildDashboard(common::Tx& tx, const std::string& inst,
                                const std::string& id, const v1::Team& team,
                                int64_t version) {
  v1::TeamDashboard d;
  d.set_name(team.name() + "/dashboard");
  *d.mutable_team() = team;
  d.mutable_team()->set_etag(std::to_string(version));
  // The members come once, in their rows below; the summaries leave out
  // what their own resources carry (bodies, descriptions, sources).
  d.mutable_team()->clear_members();
  std::map<std::string, int> open_by_owner;
  for (const auto& item :
       store_.ItemsIn(tx, inst, id, "activity", {"TODO", "IN_PROGRESS"},
                      kOpenActivities)) {
    v1::Activity a = ParseItem<v1::Activity>(item);
    a.clear_description();
    for (const auto& o : a.owners()) ++open_by_owner[o];
    *d.add_open_activities() = std::move(a);
  }
  for (const auto& [state, count] :
       store_.CountByState(tx, inst, id, "activity")) {
    v1::TeamDashboard::Count* c = d.add_activity_counts();
    c->set_state(state);
    c->set_count(count);
  }
  for (const auto& item : store_.ItemsIn(
           tx, inst, id, "escalation", {"OPEN", "DECIDED"}, kOpenEscalations)) {
    v1::Escalation e = ParseItem<v1::Escalation>(item);
    e.clear_recommendations();
    e.clear_source();
    for (auto& a : *e.mutable_addressees()) {
      a.clear_source();
      a.clear_response();
      a.clear_display_name();
    }
    *d.add_open_escalations() = std::move(e);
  }
  for (const auto& item :
       store_.ItemsIn(tx, inst, id, "report_request", {"OPEN"}, 50))
    *d.add_open_report_requests() = ParseItem<v1::ReportRequest>(item);
  for (const auto& item :
       store_.ListItems(tx, inst, id, "report", 0, kLatestReports)) {
    v1::Report report = ParseItem<v1::Report>(item);
    report.clear_body();
    report.clear_recipients();
    report.clear_source();
    *d.add_latest_reports() = std::move(report);
  }
  for (const auto& item :
       store_.ListItems(tx, inst, id, "coordination_note", 0, kLatestNotes)) {
    v1::CoordinationNote note = ParseItem<v1::CoordinationNote>(item);
    note.clear_outcome();
    *d.add_latest_notes() = std::move(note);
  }
  const auto last_reports = store_.LastReportEnds(tx, inst, id);
  for (const auto& m : team.members()) {
    v1::TeamDashboard::MemberRow* row = d.add_members();
    v1::TeamMember& member = *row->mutable_member() = m;
    // Who and where; the plan and assignment are on the team itself.
    member.clear_individual_plan();
    member.clear_individual_plan_time();
    member.clear_assignment();
    member.clear_home_unit();
    row->set_open_activities(open_by_owner[m.person()]);
    auto last = last_reports.find(m.person());
    if (last == last_reports.end()) continue;
    auto day = common::ParseIsoDate(last->second);
    if (day.ok()) *row->mutable_last_report_date() = common::ToProtoDate(*day);
  }
  *d.mutable_build_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  store_.PutDashboard(tx, inst, id, version, d.SerializeAsString());
}

absl::StatusOr<v1::TeamDashboard> Teamwork::GetTeamDashboard(
    const Call& call, const v1::GetTeamDashboardRequest& r) {
  auto ids = common::ParseName(r.name(), {"instansi", "teams"});
  const std::string suffix = "/dashboard";
  const bool shaped = r.name().size() > suffix.size() &&
                      r.name().compare(r.name().size() - suffix.size(),
                                       suffix.size(), suffix) == 0;
  if (shaped) {
    ids = common::ParseName(r.name().substr(0, r.name().size() - suffix.size()),
                            {"instansi", "teams"});
  }
  if (!shaped || !ids) {
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/teams/{t}/dashboard"}});
  }
  const std::string& inst = (*ids)[0];
  const std::string& id = (*ids)[1];
  if (call.principal.instansi_id != inst) return common::NotFound(r.name());
  const std::string caller = CallerPerson(call, inst);
  std::optional<PgTeams::DashboardRow> row;
  RETURN_IF_ERROR(
      common::RunSingleRead(*pool_, call.deadline, [&](common::Tx& tx) {
        row = store_.GetDashboard(tx, inst, id, caller);
        return absl::OkStatus();
      }));
  if (!row) return common::NotFound(r.name());
  v1::TeamDashboard d;
  d.ParseFromString(row->data);
  if (!row->is_person) {
    // Not one of the team's people: an owner head (a Plt since), the
    // Sekda, or a service with teamwork.read.
    Ctx ctx;
    ctx.inst = inst;
    ctx.id = id;
    ctx.stored.team = d.team();
    ctx.caller = caller;
    if (call.principal.kind == common::Principal::Kind::kPerson) {
      ASSIGN_OR_RETURN(ctx.holders,
                       HoldersFor(inst, d.team(), "", call.deadline));
      ctx.parties = PartiesOf(caller, ctx.holders);
    }
    if (!MayRead(call, ctx, false)) return common::NotFound(r.name());
  }
  ASSIGN_OR_RETURN(absl::CivilDay today, TodayOf(inst, call.deadline));
  for (auto& a : *d.mutable_open_activities())
    a.set_overdue(common::ToCivilDay(a.due_date()) < today);
  for (auto& e : *d.mutable_open_escalations()) {
    e.set_overdue(e.state() == v1::Escalation::OPEN &&
                  common::ToCivilDay(e.decide_by()) < today);
  }
  for (auto& q : *d.mutable_open_report_requests())
    q.set_overdue(common::ToCivilDay(q.due_date()) < today);
  return d;
}

absl::StatusOr<v1::ListEventsResponse> Teamwork::ListEvents(
    const Call& call, const v1::ListEventsRequest& r) {
  return common::ListEventsOf(*pool_, call, page_tokens_, r);
}

}  // namespace sisker::teamwork
