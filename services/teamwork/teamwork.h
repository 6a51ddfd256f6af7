// The teamwork service's use cases (DOMAIN.md 3.3-3.4). Each method finds
// the caller's parties for the team from the org structure (through the org
// client), checks them and the stage against the instansi's profile
// (team_rules.h), and writes the change, its history row, its event, the
// inbox lines and the team's dashboard in one transaction.
#ifndef SISKER_SERVICES_TEAMWORK_TEAMWORK_H_
#define SISKER_SERVICES_TEAMWORK_TEAMWORK_H_

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/call_context.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/org_client.h"
#include "common/page_token.h"
#include "common/pg_pool.h"
#include "common/policy_profiles.h"
#include "services/teamwork/pg_teams.h"
#include "services/teamwork/team_rules.h"
#include "sisker/v1/assignment.pb.h"
#include "sisker/v1/teamwork.pb.h"

namespace sisker::teamwork {

namespace v1 = ::sisker::v1;

// What teamwork asks of the assignment service, as its own service
// principal (scopes assignment.teams, events.read).
class AssignmentCalls {
 public:
  virtual ~AssignmentCalls() = default;
  virtual absl::StatusOr<v1::TeamAssignment> CreateTeamAssignment(
      const v1::CreateTeamAssignmentRequest& r, absl::Time deadline) = 0;
  // An assignment (scope assignment.read): individual escalations.
  virtual absl::StatusOr<v1::Assignment> GetAssignment(const std::string& name,
                                                       absl::Time deadline) = 0;
  // The assignment service's event log (the consumer's catch-up path).
  virtual absl::StatusOr<v1::ListEventsResponse> ListEvents(
      int64_t after_position, int page_size) = 0;
};

// Someone holding a party for a team on a day (Plt/Plh included).
struct Holder {
  Party party = Rules::PARTY_UNSPECIFIED;
  v1::Person person;
  // FOLLOW_UP: the home PD; recipients: the group.
  std::string on_behalf_of;
};

class Teamwork {
 public:
  Teamwork(common::PgPool* pool, const common::PolicyProfiles* profiles,
           common::OrgClient* org, AssignmentCalls* assignment,
           std::string page_token_secret)
      : pool_(pool),
        profiles_(profiles),
        org_(org),
        assignment_(assignment),
        page_tokens_(std::move(page_token_secret)) {}

  using Call = common::CallContext;

  absl::StatusOr<v1::Team> CreateTeam(const Call& call,
                                      const v1::CreateTeamRequest& r);
  absl::StatusOr<v1::Team> GetTeam(const Call& call,
                                   const v1::GetTeamRequest& r);
  absl::StatusOr<v1::ListTeamsResponse> ListTeams(
      const Call& call, const v1::ListTeamsRequest& r);
  absl::StatusOr<v1::Team> UpdateTeam(const Call& call,
                                      const v1::UpdateTeamRequest& r);
  absl::StatusOr<v1::Team> FormTeam(const Call& call,
                                    const v1::FormTeamRequest& r);
  absl::StatusOr<v1::Team> CancelTeam(const Call& call,
                                      const v1::CancelTeamRequest& r);
  absl::StatusOr<v1::Team> SubmitResults(const Call& call,
                                         const v1::SubmitResultsRequest& r);
  absl::StatusOr<v1::Team> AcceptResults(const Call& call,
                                         const v1::AcceptResultsRequest& r);
  absl::StatusOr<v1::Team> ReturnResults(const Call& call,
                                         const v1::ReturnResultsRequest& r);
  absl::StatusOr<v1::Team> AssignMemberRoles(
      const Call& call, const v1::AssignMemberRolesRequest& r);
  absl::StatusOr<v1::Team> SubmitIndividualPlan(
      const Call& call, const v1::SubmitIndividualPlanRequest& r);
  absl::StatusOr<v1::Team> UpdateWorkPlan(const Call& call,
                                          const v1::UpdateWorkPlanRequest& r);
  absl::StatusOr<v1::Team> SubmitWorkPlan(const Call& call,
                                          const v1::WorkPlanActionRequest& r);
  absl::StatusOr<v1::Team> ApproveWorkPlan(const Call& call,
                                           const v1::WorkPlanActionRequest& r);
  absl::StatusOr<v1::Team> ReturnWorkPlan(const Call& call,
                                          const v1::WorkPlanActionRequest& r);
  absl::StatusOr<v1::Activity> CreateActivity(
      const Call& call, const v1::CreateActivityRequest& r);
  absl::StatusOr<v1::Activity> UpdateActivity(
      const Call& call, const v1::UpdateActivityRequest& r);
  absl::StatusOr<v1::ListActivitiesResponse> ListActivities(
      const Call& call, const v1::ListTeamItemsRequest& r);
  absl::StatusOr<v1::Report> CreateReport(const Call& call,
                                          const v1::CreateReportRequest& r);
  absl::StatusOr<v1::Report> GetReport(const Call& call,
                                       const v1::GetReportRequest& r);
  absl::StatusOr<v1::ListReportsResponse> ListReports(
      const Call& call, const v1::ListTeamItemsRequest& r);
  absl::StatusOr<v1::Report> AcknowledgeReport(
      const Call& call, const v1::ReportActionRequest& r);
  absl::StatusOr<v1::Report> ForwardReport(const Call& call,
                                           const v1::ReportActionRequest& r);
  absl::StatusOr<v1::ReportRequest> AskForReport(
      const Call& call, const v1::AskForReportRequest& r);
  absl::StatusOr<v1::ListReportRequestsResponse> ListReportRequests(
      const Call& call, const v1::ListTeamItemsRequest& r);
  absl::StatusOr<v1::Feedback> CreateFeedback(
      const Call& call, const v1::CreateFeedbackRequest& r);
  absl::StatusOr<v1::ListFeedbackResponse> ListFeedback(
      const Call& call, const v1::ListTeamItemsRequest& r);
  absl::StatusOr<v1::MemberResult> CreateMemberResult(
      const Call& call, const v1::CreateMemberResultRequest& r);
  absl::StatusOr<v1::ListMemberResultsResponse> ListMemberResults(
      const Call& call, const v1::ListTeamItemsRequest& r);
  absl::StatusOr<v1::Escalation> CreateEscalation(
      const Call& call, const v1::CreateEscalationRequest& r);
  absl::StatusOr<v1::Escalation> GetEscalation(
      const Call& call, const v1::GetEscalationRequest& r);
  absl::StatusOr<v1::ListEscalationsResponse> ListEscalations(
      const Call& call, const v1::ListTeamItemsRequest& r);
  absl::StatusOr<v1::Escalation> DecideEscalation(
      const Call& call, const v1::DecideEscalationRequest& r);
  absl::StatusOr<v1::Escalation> RecordEscalationFollowUp(
      const Call& call, const v1::RecordEscalationFollowUpRequest& r);
  absl::StatusOr<v1::Escalation> ResolveEscalation(
      const Call& call, const v1::ResolveEscalationRequest& r);
  absl::StatusOr<v1::CoordinationNote> CreateCoordinationNote(
      const Call& call, const v1::CreateCoordinationNoteRequest& r);
  absl::StatusOr<v1::ListCoordinationNotesResponse> ListCoordinationNotes(
      const Call& call, const v1::ListTeamItemsRequest& r);
  absl::StatusOr<v1::TeamDashboard> GetTeamDashboard(
      const Call& call, const v1::GetTeamDashboardRequest& r);
  absl::StatusOr<v1::ListTeamworkActionsResponse> ListTeamworkActions(
      const Call& call, const v1::ListTeamworkActionsRequest& r);
  absl::StatusOr<v1::ListEventsResponse> ListEvents(
      const Call& call, const v1::ListEventsRequest& r);

  // The effect of one of the assignment service's events (the consumer's
  // handler, inside its transaction): members requested, approved or
  // refused; the team formed when its letter is signed; cancelled with it.
  absl::Status OnAssignmentEvent(common::Tx& tx, const v1::EventEnvelope& e);

 private:
  // A team as one request meets it: the stored row, the profile, and who
  // the caller is for it.
  struct Ctx {
    std::string inst;
    std::string id;
    StoredTeam stored;
    const v1::PolicyProfile* profile = nullptr;
    const Rules* rules = nullptr;
    std::string pv;      // "kampar-2025@1"
    std::string caller;  // the caller's person ("" for a service)
    std::set<Party> parties;
    std::vector<Holder> holders;  // every party's holders (team-level)
    absl::CivilDay today;
    // An individual assignment across units or PDs standing in for a team
    // (PSR 13(2)a3-4): `stored.team` names the assignment, its owner and
    // the assignee as the one member; items are keyed "asg-{a}".
    bool individual = false;
    // The assignee's post kind (Post.Kind name), for individual reports.
    std::string individual_post_kind;
    const v1::Team& team() const { return stored.team; }
  };
  // Opens `team_name` (instansi/{i}/teams/{t}) for the caller; NOT_FOUND
  // when they may not read it.
  absl::StatusOr<Ctx> Open(const Call& call, const std::string& team_name,
                           const char* field);
  // An individual assignment (instansi/{i}/assignments/{a}) as a Ctx: the
  // assignee and the officials of the assignment read it; NOT_FOUND for
  // others.
  absl::StatusOr<Ctx> OpenAssignment(const Call& call, const std::string& name,
                                     const char* field);
  // Whether the caller may read the team: one of its people, an owner
  // head, the Sekda, or a service with teamwork.read.
  bool MayRead(const Call& call, const Ctx& ctx, bool is_person) const;

  // Every party's holders for `team` on `day`; with `subject` (a pegawai:
  // the person concerned) also PPK, DIRECT_SUPERIOR and the home heads.
  absl::StatusOr<std::vector<Holder>> HoldersFor(const std::string& inst,
                                                 const v1::Team& team,
                                                 const std::string& subject,
                                                 absl::Time deadline);
  // The holders of any party of `parties`, once per person.
  static std::vector<Holder> Select(const std::vector<Holder>& holders,
                                    const Rules::Parties& parties);
  static std::set<Party> PartiesOf(const std::string& person,
                                   const std::vector<Holder>& holders);
  // RequireStepParty for `person` among `holders` (Plt/Plh holdings apart).
  static absl::Status RequireStep(const v1::PolicyProfile& profile,
                                  const std::string& person,
                                  const std::vector<Holder>& holders,
                                  const Rules::Parties& allowed,
                                  const std::string& what,
                                  const std::string& power);
  // The recipients of a report or member result about `subject`: one
  // group per `groups` entry.
  absl::StatusOr<std::vector<v1::Recipient>> RecipientsFor(
      const Ctx& ctx,
      const google::protobuf::RepeatedPtrField<Rules::Parties>& groups,
      const std::string& subject, absl::Time deadline);

  // One write to a team: idempotent by request_id, the team row locked
  // and checked against `etag` (the team's) when given, `body` writing the
  // change, then the dashboard rebuilt; all in one transaction.
  template <typename R>
  absl::StatusOr<R> Write(
      const Call& call, const Ctx& ctx, const char* method,
      const google::protobuf::Message& request, const std::string& request_id,
      const std::string& team_etag,
      const std::function<absl::StatusOr<R>(common::Tx&, StoredTeam&)>& body);
  // Saves `team` (version `version` + 1) with its history row and event
  // `sisker.teamwork.team.<action>`, and its people rows.
  absl::Status SaveTeam(common::Tx& tx, const Call& call, const Ctx& ctx,
                        v1::Team& team, int64_t version,
                        const std::string& action, const std::string& reason,
                        const std::string& request_id);
  // History and event of one change (aggregate `type`, e.g. "report").
  static void Record(common::Tx& tx, const Call& call, const std::string& inst,
                     const std::string& type, const std::string& name,
                     int64_t version, const std::string& action,
                     const std::string& reason, const std::string& request_id,
                     const std::string& pv,
                     const google::protobuf::Message& snapshot);
  // The team's dashboard, rebuilt from its rows inside `tx`.
  void RebuildDashboard(common::Tx& tx, const std::string& inst,
                        const std::string& id, const v1::Team& team,
                        int64_t version);
  // The rows of who takes part in or oversees the team (team_people).
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PeopleOf(
      const std::string& inst, const v1::Team& team, absl::Time deadline);

  // Validates and fills in a draft (members' seats, scope, warnings):
  // shared by CreateTeam and UpdateTeam.
  absl::StatusOr<v1::Team> Compose(const Call& call, const std::string& inst,
                                   v1::Team team,
                                   const v1::PolicyProfile& profile);
  // The caller's person ("" for a service or an unknown subject).
  std::string CallerPerson(const Call& call, const std::string& inst);
  absl::StatusOr<const v1::PolicyProfile*> ProfileOf(const std::string& inst,
                                                     absl::Time deadline);
  absl::StatusOr<absl::CivilDay> TodayOf(const std::string& inst,
                                         absl::Time deadline);
  // A team item for the caller: (ctx, the item's data) or NOT_FOUND.
  struct ItemRef {
    Ctx ctx;
    std::string kind;
    std::string item_id;
  };
  absl::StatusOr<ItemRef> OpenItem(const Call& call, const std::string& name,
                                   const char* collection, const char* kind);
  // A report's recipient acknowledges it, or forwards it to the next
  // group of a chained report (KMP 6(2)).
  absl::StatusOr<v1::Report> ReceiveReport(const Call& call,
                                           const v1::ReportActionRequest& r,
                                           bool forward);
  // An escalation changed by one of its addressees or its raiser.
  absl::StatusOr<v1::Escalation> ChangeEscalation(
      const Call& call, const std::string& name, const std::string& etag,
      const std::string& request_id, const char* method,
      const google::protobuf::Message& request,
      const std::function<
          absl::Status(const Ctx&, v1::Escalation&, std::string& action,
                       std::vector<ActionRow>& actions)>& change);
  // Lists of a kind under a team, newest first (offset page tokens).
  template <typename M>
  absl::StatusOr<std::vector<M>> ListKind(const Call& call,
                                          const v1::ListTeamItemsRequest& r,
                                          const char* kind,
                                          std::string* next_page_token);
  // A team-level change (work plan, results, roles): loads, checks with
  // `check`, applies `apply` to the locked team and saves it; the inbox
  // lines `apply` gives replace those of `action_resource` (none: kept).
  absl::StatusOr<v1::Team> ChangeTeam(
      const Call& call, const std::string& name, const char* method,
      const google::protobuf::Message& request, const std::string& request_id,
      const std::string& etag, const std::string& action,
      const std::string& reason, const std::string& action_resource,
      const std::function<absl::Status(const Ctx&, const v1::Team&)>& check,
      const std::function<absl::Status(const Ctx&, v1::Team&,
                                       std::vector<ActionRow>&)>& apply);

  common::PgPool* pool_;
  const common::PolicyProfiles* profiles_;
  common::OrgClient* org_;
  AssignmentCalls* assignment_;
  common::PageTokens page_tokens_;
  PgTeams store_;
};

// Whether `person` names a pegawai (not an external participant).
bool IsPegawai(const std::string& person);
// The person a former's authority is judged against, as the assignment
// service judges it: the lead, else the first pegawai member ("" if none).
std::string AnchorOf(const v1::Team& team);

// The last segment of a resource name.
std::string IdOf(const std::string& name);
// The row version an etag carries (0 when it is not a number).
int64_t VersionOf(const std::string& etag);

template <typename R>
absl::StatusOr<R> Teamwork::Write(
    const Call& call, const Ctx& ctx, const char* method,
    const google::protobuf::Message& request, const std::string& request_id,
    const std::string& team_etag,
    const std::function<absl::StatusOr<R>(common::Tx&, StoredTeam&)>& body) {
  return common::RunIdempotent<R>(
      *pool_, call,
      common::MakeIdempotencyKey(call, method, request, request_id),
      [&](common::Tx& tx) -> absl::StatusOr<R> {
        if (ctx.individual) {
          // No team row: the item's own row lock guards it.
          StoredTeam none = ctx.stored;
          return body(tx, none);
        }
        std::optional<StoredTeam> locked =
            store_.GetTeam(tx, ctx.inst, ctx.id, /*for_update=*/true);
        if (!locked) return common::NotFound(ctx.team().name());
        if (!team_etag.empty() && VersionOf(team_etag) != locked->version)
          return common::StaleEtag(ctx.team().name());
        absl::StatusOr<R> out = body(tx, *locked);
        if (!out.ok()) return out.status();
        std::optional<StoredTeam> now =
            store_.GetTeam(tx, ctx.inst, ctx.id, /*for_update=*/false);
        RebuildDashboard(tx, ctx.inst, ctx.id, now->team, now->version);
        return out;
      });
}

}  // namespace sisker::teamwork

#endif  // SISKER_SERVICES_TEAMWORK_TEAMWORK_H_
