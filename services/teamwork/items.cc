// What a team records while it works: activities (rincian kegiatan, KMP
// 9(2)c, 10a; PSR 14(4)a-b), feedback (PSR 14(4)d to members, KMP 10b /
// PSR 14(2)c on activities), each member's results for their own PPK and
// home heads (PSR 14(4)e), and coordination with other officials or teams
// (PSR 13(1)b5-6).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {
namespace {

using google::protobuf::util::TimeUtil;

bool IsMember(const v1::Team& team, const std::string& person) {
  return std::any_of(team.members().begin(), team.members().end(),
                     [&](const v1::TeamMember& m) {
                       return m.person() == person &&
                              m.state() != v1::TeamMember::REFUSED;
                     });
}

absl::Status Working(const v1::Team& team, const std::string& what) {
  return RequireStage(
      team, {v1::Team::PLANNING, v1::Team::EXECUTION, v1::Team::EVALUATION},
      "TEAM_NOT_FORMED", what, "");
}

std::string ItemName(const v1::Team& team, const char* collection,
                     const std::string& id) {
  return absl::StrCat(team.name(), "/", collection, "/", id);
}

}  // namespace

absl::StatusOr<v1::Activity> Teamwork::CreateActivity(
    const Call& call, const v1::CreateActivityRequest& r) {
  common::FieldErrors errors;
  const v1::Activity& in = r.activity();
  if (in.title().empty() || in.title().size() > 500)
    errors.Add("activity.title", "required, at most 500 bytes");
  if (in.description().size() > 10000)
    errors.Add("activity.description", "at most 10000 bytes");
  if (!common::IsSet(in.due_date()))
    errors.Add("activity.due_date", "required");
  if (in.competence().size() > 500)
    errors.Add("activity.competence", "at most 500 bytes");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.parent(), "parent"));
  RETURN_IF_ERROR(RequireParty(ctx.rules->activity_editors(), ctx.parties,
                               "plan activities"));
  RETURN_IF_ERROR(RequireStage(ctx.team(),
                               {v1::Team::PLANNING, v1::Team::EXECUTION},
                               "STAGE_ORDER", "planning activities", ""));
  for (int i = 0; i < in.owners_size(); ++i) {
    if (!IsMember(ctx.team(), in.owners(i))) {
      return common::InvalidFields(
          {{absl::StrCat("activity.owners[", i, "]"), "a member of the team"}});
    }
  }
  const std::string id = common::NewResourceId();
  v1::Activity activity = in;
  activity.set_name(ItemName(ctx.team(), "activities", id));
  activity.set_state(v1::Activity::TODO);
  activity.set_progress_percent(0);
  activity.clear_overdue();
  *activity.mutable_create_time() = TimeUtil::GetCurrentTime();
  return Write<v1::Activity>(
      call, ctx, "CreateActivity", r, r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::Activity> {
        store_.InsertItem(
            tx, ctx.inst, ctx.id, "activity", id, "TODO", ctx.caller,
            common::ToIsoDate(common::ToCivilDay(activity.due_date())),
            activity);
        v1::Activity created = activity;
        created.set_etag("1");
        Record(tx, call, ctx.inst, "activity", created.name(), 1, "created", "",
               r.request_id(), ctx.pv, created);
        return created;
      });
}

absl::StatusOr<v1::Activity> Teamwork::UpdateActivity(
    const Call& call, const v1::UpdateActivityRequest& r) {
  static const std::set<std::string> kProgress = {"state", "progress_percent"};
  static const std::set<std::string> kAll = {
      "title",    "description", "owners",          "competence",
      "due_date", "state",       "progress_percent"};
  common::FieldErrors errors;
  if (r.update_mask().paths().empty())
    errors.Add("update_mask", "name the fields to change");
  bool progress_only = true;
  for (const auto& p : r.update_mask().paths()) {
    if (kAll.count(p) == 0) errors.Add("update_mask", "not editable: " + p);
    progress_only &= kProgress.count(p) > 0;
  }
  const v1::Activity& in = r.activity();
  if (in.progress_percent() < 0 || in.progress_percent() > 100)
    errors.Add("activity.progress_percent", "0 to 100");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(ItemRef ref,
                   OpenItem(call, in.name(), "activities", "activity"));
  const Ctx& ctx = ref.ctx;
  RETURN_IF_ERROR(Working(ctx.team(), "changing an activity"));
  return Write<v1::Activity>(
      call, ctx, "UpdateActivity", r, r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::Activity> {
        auto stored =
            store_.GetItem(tx, ctx.inst, ctx.id, "activity", ref.item_id, true);
        if (!stored) return common::NotFound(in.name());
        if (!in.etag().empty() && VersionOf(in.etag()) != stored->version)
          return common::StaleEtag(in.name());
        v1::Activity a;
        a.ParseFromString(stored->data);
        const bool owner = std::find(a.owners().begin(), a.owners().end(),
                                     ctx.caller) != a.owners().end();
        // An activity's owners report its progress; the editors change it.
        if (!(owner && progress_only)) {
          RETURN_IF_ERROR(RequireParty(ctx.rules->activity_editors(),
                                       ctx.parties, "change an activity"));
        }
        for (const auto& p : r.update_mask().paths()) {
          if (p == "title") a.set_title(in.title());
          if (p == "description") a.set_description(in.description());
          if (p == "owners") *a.mutable_owners() = in.owners();
          if (p == "competence") a.set_competence(in.competence());
          if (p == "due_date") *a.mutable_due_date() = in.due_date();
          if (p == "state") a.set_state(in.state());
          if (p == "progress_percent")
            a.set_progress_percent(in.progress_percent());
        }
        if (a.title().empty() || !common::IsSet(a.due_date()) ||
            a.state() == v1::Activity::STATE_UNSPECIFIED) {
          return common::InvalidFields(
              {{"activity", "title, due_date and state stay required"}});
        }
        for (int i = 0; i < a.owners_size(); ++i) {
          if (!IsMember(ctx.team(), a.owners(i)))
            return common::InvalidFields(
                {{absl::StrCat("activity.owners[", i, "]"),
                  "a member of the team"}});
        }
        if (a.state() == v1::Activity::DONE) a.set_progress_percent(100);
        if (!store_.UpdateItem(
                tx, ctx.inst, ctx.id, "activity", ref.item_id,
                v1::Activity::State_Name(a.state()),
                common::ToIsoDate(common::ToCivilDay(a.due_date())), a,
                stored->version))
          return common::StaleEtag(in.name());
        a.set_etag(std::to_string(stored->version + 1));
        const std::string action = a.state() == v1::Activity::DONE ? "completed"
                                   : a.state() == v1::Activity::CANCELLED
                                       ? "cancelled"
                                       : "updated";
        Record(tx, call, ctx.inst, "activity", a.name(), stored->version + 1,
               action, "", r.request_id(), ctx.pv, a);
        return a;
      });
}

absl::StatusOr<v1::ListActivitiesResponse> Teamwork::ListActivities(
    const Call& call, const v1::ListTeamItemsRequest& r) {
  v1::ListActivitiesResponse out;
  ASSIGN_OR_RETURN(auto items,
                   ListKind<v1::Activity>(call, r, "activity",
                                          out.mutable_next_page_token()));
  for (auto& a : items) *out.add_activities() = std::move(a);
  return out;
}

absl::StatusOr<v1::Feedback> Teamwork::CreateFeedback(
    const Call& call, const v1::CreateFeedbackRequest& r) {
  common::FieldErrors errors;
  const v1::Feedback& in = r.feedback();
  if (in.text().empty() || in.text().size() > 5000)
    errors.Add("feedback.text", "required, at most 5000 bytes");
  if (in.kind() == v1::Feedback::KIND_UNSPECIFIED)
    errors.Add("feedback.kind", "PERIODIC_TO_MEMBER or ON_ACTIVITIES");
  if (in.kind() == v1::Feedback::PERIODIC_TO_MEMBER && in.member().empty())
    errors.Add("feedback.member", "required for PERIODIC_TO_MEMBER");
  if (in.kind() == v1::Feedback::ON_ACTIVITIES && in.activity().empty())
    errors.Add("feedback.activity", "required for ON_ACTIVITIES");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.parent(), "parent"));
  const Rules::Parties& givers = in.kind() == v1::Feedback::PERIODIC_TO_MEMBER
                                     ? ctx.rules->member_feedback_givers()
                                     : ctx.rules->activity_feedback_givers();
  RETURN_IF_ERROR(RequireParty(givers, ctx.parties, "give this feedback"));
  RETURN_IF_ERROR(Working(ctx.team(), "feedback"));
  if (in.kind() == v1::Feedback::PERIODIC_TO_MEMBER &&
      (!IsMember(ctx.team(), in.member()) || in.member() == ctx.caller)) {
    return common::InvalidFields(
        {{"feedback.member", "another member of the team"}});
  }
  const std::string id = common::NewResourceId();
  v1::Feedback feedback = in;
  feedback.set_name(ItemName(ctx.team(), "feedback", id));
  feedback.set_giver(ctx.caller);
  feedback.set_source(givers.source());
  *feedback.mutable_create_time() = TimeUtil::GetCurrentTime();
  return Write<v1::Feedback>(
      call, ctx, "CreateFeedback", r, r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::Feedback> {
        if (in.kind() == v1::Feedback::ON_ACTIVITIES) {
          auto ids = common::ParseName(in.activity(),
                                       {"instansi", "teams", "activities"});
          if (!ids || (*ids)[1] != ctx.id ||
              !store_.GetItem(tx, ctx.inst, ctx.id, "activity", (*ids)[2],
                              false)) {
            return common::InvalidFields(
                {{"feedback.activity", "an activity of this team"}});
          }
        }
        store_.InsertItem(tx, ctx.inst, ctx.id, "feedback", id, "GIVEN",
                          ctx.caller, "", feedback);
        Record(tx, call, ctx.inst, "feedback", feedback.name(), 1, "given", "",
               r.request_id(), ctx.pv, feedback);
        return feedback;
      });
}

absl::StatusOr<v1::ListFeedbackResponse> Teamwork::ListFeedback(
    const Call& call, const v1::ListTeamItemsRequest& r) {
  v1::ListFeedbackResponse out;
  ASSIGN_OR_RETURN(auto items,
                   ListKind<v1::Feedback>(call, r, "feedback",
                                          out.mutable_next_page_token()));
  for (auto& f : items) *out.add_feedback() = std::move(f);
  return out;
}

absl::StatusOr<v1::MemberResult> Teamwork::CreateMemberResult(
    const Call& call, const v1::CreateMemberResultRequest& r) {
  common::FieldErrors errors;
  const v1::MemberResult& in = r.member_result();
  if (in.summary().empty() || in.summary().size() > 20000)
    errors.Add("member_result.summary", "required, at most 20000 bytes");
  if (!common::IsSet(in.period_start()) || !common::IsSet(in.period_end())) {
    errors.Add("member_result.period_start", "the period is required");
  } else if (common::ToCivilDay(in.period_end()) <
             common::ToCivilDay(in.period_start())) {
    errors.Add("member_result.period_end", "must not precede period_start");
  }
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.parent(), "parent"));
  RETURN_IF_ERROR(RequireParty(ctx.rules->member_result_reporters(),
                               ctx.parties, "report a member's results"));
  RETURN_IF_ERROR(Working(ctx.team(), "a member's results"));
  if (!IsMember(ctx.team(), in.member()) || !IsPegawai(in.member())) {
    return common::InvalidFields(
        {{"member_result.member", "a pegawai member of the team"}});
  }
  // The member's own PPK and home heads (PSR 14(4)e "yang bersangkutan").
  ASSIGN_OR_RETURN(std::vector<v1::Recipient> recipients,
                   RecipientsFor(ctx, ctx.rules->member_result_recipients(),
                                 in.member(), call.deadline));
  const std::string id = common::NewResourceId();
  v1::MemberResult result = in;
  result.set_name(ItemName(ctx.team(), "memberResults", id));
  result.set_reporter(ctx.caller);
  result.set_source(ctx.rules->member_result_reporters().source());
  result.clear_recipients();
  for (auto& rec : recipients) *result.add_recipients() = std::move(rec);
  *result.mutable_create_time() = TimeUtil::GetCurrentTime();
  return Write<v1::MemberResult>(
      call, ctx, "CreateMemberResult", r, r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::MemberResult> {
        store_.InsertItem(
            tx, ctx.inst, ctx.id, "member_result", id, "REPORTED", ctx.caller,
            common::ToIsoDate(common::ToCivilDay(result.period_end())), result);
        // The performance service consumes sisker.teamwork.member_result.
        // reported as evidence for the member's assessment.
        Record(tx, call, ctx.inst, "member_result", result.name(), 1,
               "reported", "", r.request_id(), ctx.pv, result);
        return result;
      });
}

absl::StatusOr<v1::ListMemberResultsResponse> Teamwork::ListMemberResults(
    const Call& call, const v1::ListTeamItemsRequest& r) {
  v1::ListMemberResultsResponse out;
  ASSIGN_OR_RETURN(auto items,
                   ListKind<v1::MemberResult>(call, r, "member_result",
                                              out.mutable_next_page_token()));
  for (auto& m : items) *out.add_member_results() = std::move(m);
  return out;
}

absl::StatusOr<v1::CoordinationNote> Teamwork::CreateCoordinationNote(
    const Call& call, const v1::CreateCoordinationNoteRequest& r) {
  common::FieldErrors errors;
  const v1::CoordinationNote& in = r.coordination_note();
  if (in.topic().empty() || in.topic().size() > 2000)
    errors.Add("coordination_note.topic", "required, at most 2000 bytes");
  if (in.counterpart_person().empty() && in.counterpart_team().empty() &&
      in.counterpart_text().empty())
    errors.Add("coordination_note.counterpart_person",
               "name the official, the team or (counterpart_text) whom");
  if (in.outcome().size() > 10000)
    errors.Add("coordination_note.outcome", "at most 10000 bytes");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.parent(), "parent"));
  Rules::Parties writers;
  for (Party p : {Rules::LEAD, Rules::MEMBER, Rules::ACCOUNTABLE,
                  Rules::KEPALA_PD_OWNER, Rules::PIMPINAN_UNIT_OWNER})
    writers.add_parties(p);
  writers.set_source(ctx.rules->coordination_source());
  RETURN_IF_ERROR(RequireParty(writers, ctx.parties, "record coordination"));
  RETURN_IF_ERROR(CheckCoordinationStage(*ctx.rules, in.stage()));
  RETURN_IF_ERROR(Working(ctx.team(), "coordination"));
  const std::string id = common::NewResourceId();
  v1::CoordinationNote note = in;
  note.set_name(ItemName(ctx.team(), "coordinationNotes", id));
  note.set_recorded_by(ctx.caller);
  if (!common::IsSet(note.date()))
    *note.mutable_date() = common::ToProtoDate(ctx.today);
  *note.mutable_create_time() = TimeUtil::GetCurrentTime();
  return Write<v1::CoordinationNote>(
      call, ctx, "CreateCoordinationNote", r, r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::CoordinationNote> {
        store_.InsertItem(tx, ctx.inst, ctx.id, "coordination_note", id,
                          Rules::Stage_Name(note.stage()), ctx.caller, "",
                          note);
        Record(tx, call, ctx.inst, "coordination_note", note.name(), 1,
               "recorded", "", r.request_id(), ctx.pv, note);
        return note;
      });
}

absl::StatusOr<v1::ListCoordinationNotesResponse>
Teamwork::ListCoordinationNotes(const Call& call,
                                const v1::ListTeamItemsRequest& r) {
  v1::ListCoordinationNotesResponse out;
  ASSIGN_OR_RETURN(auto items, ListKind<v1::CoordinationNote>(
                                   call, r, "coordination_note",
                                   out.mutable_next_page_token()));
  for (auto& n : items) *out.add_coordination_notes() = std::move(n);
  return out;
}

}  // namespace sisker::teamwork
