// A team's letter (PSR 10(1), 10(4); KMP 4(9)): once every member's
// involvement request is answered, the official the profile names signs one
// letter listing the approved members (refused members are left out, with
// their own assignments cancelled by the refusal).
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"

namespace sisker::assignment {
namespace {

// A stand-in assignment for the team as a whole: its owner, letter rule,
// and the lead (or first member) as the person the officials are found for.
v1::Assignment TeamAsAssignment(const v1::TeamAssignment& team) {
  v1::Assignment a;
  a.set_name(team.name());
  a.set_assignee(team.lead().empty() ? team.members(0) : team.lead());
  a.set_owner_unit(team.owner_unit());
  a.set_state(v1::Assignment::AWAITING_LETTER);
  a.set_purpose(team.purpose());
  *a.mutable_letter_issuers() = team.letter_issuers();
  a.set_letter_kind(team.letter_kind());
  a.set_letter_source(team.letter_source());
  *a.mutable_expected_targets() = team.expected_targets();
  *a.mutable_start_date() = team.start_date();
  *a.mutable_end_date() = team.end_date();
  a.set_other_arrangements(team.other_arrangements());
  return a;
}

}  // namespace

absl::StatusOr<std::vector<PendingRow>> Assignments::TeamSignRows(
    const std::string& instansi, const v1::TeamAssignment& team,
    absl::Time deadline) {
  return PendingFor(instansi, TeamAsAssignment(team), nullptr, deadline);
}

void Assignments::SettleTeam(common::Tx& tx, const Call& call,
                             const std::string& inst,
                             const std::string& team_id,
                             const std::vector<PendingRow>& sign_rows,
                             const std::string& request_id) {
  // The team row first: concurrent answers of two members settle it one
  // after the other, the second seeing the first's member (READ COMMITTED).
  auto team = store_.GetTeam(tx, inst, team_id, /*for_update=*/true);
  if (!team || team->state() != v1::Assignment::PENDING_APPROVAL) return;
  bool approved = false;
  for (const auto& m : store_.TeamMembers(tx, inst, team_id)) {
    if (m.assignment.state() == v1::Assignment::PENDING_APPROVAL) return;
    approved |= m.assignment.state() == v1::Assignment::AWAITING_LETTER;
  }
  const int64_t version = VersionOf(team->etag());
  team->set_state(approved ? v1::Assignment::AWAITING_LETTER
                           : v1::Assignment::CANCELLED);
  store_.UpdateTeam(tx, inst, team_id, *team, version);
  if (approved) store_.ReplacePending(tx, inst, team_id, sign_rows);
  RecordAssignmentChange(tx, call, inst, "team_assignment", team->name(),
                         version + 1,
                         approved ? "awaiting_letter" : "cancelled", "",
                         request_id, team->profile_version(), *team);
}

absl::StatusOr<v1::Letter> Assignments::SignTeamLetter(
    const Call& call, const v1::SignTeamLetterRequest& r) {
  auto ids = common::ParseName(r.name(), {"instansi", "teamAssignments"});
  common::FieldErrors errors;
  if (!ids) errors.Add("name", "must be instansi/{i}/teamAssignments/{t}");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*ids)[0];
  const std::string team_id = (*ids)[1];
  if (call.principal.instansi_id != inst) return common::NotFound(r.name());
  std::optional<v1::TeamAssignment> team;
  std::vector<StoredAssignment> members;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        team = store_.GetTeam(tx, inst, team_id);
        if (team) members = store_.TeamMembers(tx, inst, team_id);
        return absl::OkStatus();
      }));
  if (!team) return common::NotFound(r.name());
  v1::SignTeamLetterRequest key_request = r;
  key_request.clear_passphrase();
  const auto key = common::MakeIdempotencyKey(call, "SignTeamLetter",
                                              key_request, r.request_id());
  auto not_awaiting = [&]() {
    return common::RuleViolation(
        "NOT_AWAITING_LETTER",
        absl::StrCat(r.name(), " is ",
                     v1::Assignment::State_Name(team->state()),
                     ", not awaiting its letter"),
        "Penugasan tim ini tidak sedang menunggu surat.");
  };
  if (team->state() != v1::Assignment::AWAITING_LETTER) {
    return common::RunIdempotent<v1::Letter>(
        *pool_, call, key, [&](common::Tx&) -> absl::StatusOr<v1::Letter> {
          return not_awaiting();
        });
  }
  std::vector<const StoredAssignment*> approved;
  for (const auto& m : members) {
    if (m.assignment.state() == v1::Assignment::AWAITING_LETTER)
      approved.push_back(&m);
  }
  if (approved.empty()) {
    return common::RuleViolation("NO_MEMBERS", "no member was approved",
                                 "Tidak ada anggota yang disetujui.");
  }
  for (const auto& m : members) {
    if (!team->lead().empty() && m.assignment.assignee() == team->lead() &&
        m.assignment.state() == v1::Assignment::CANCELLED) {
      return common::RuleViolation(
          "LEAD_REFUSED",
          "the lead's involvement was refused: the team needs another lead "
          "before its letter",
          "Keterlibatan ketua tim ditolak; tetapkan ketua lain.",
          "PSR 10(7), KMP 4(6)");
    }
  }
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  // The letter hangs on the lead's (or the first approved member's)
  // assignment; it names the team and lists every approved member.
  const StoredAssignment* anchor = approved.front();
  for (const auto* m : approved) {
    if (m->assignment.assignee() == team->lead()) anchor = m;
  }
  v1::Assignment stand_in = TeamAsAssignment(*team);
  stand_in.set_assignee(anchor->assignment.assignee());
  ASSIGN_OR_RETURN(v1::Letter draft,
                   DraftLetter(call, inst, stand_in, *profile));
  draft.set_assignment(anchor->assignment.name());
  draft.clear_assignee();
  draft.clear_assignee_name();
  draft.clear_copies();
  draft.clear_copy_lines();
  draft.set_team(team->team());
  for (const auto* m : approved) {
    ASSIGN_OR_RETURN(v1::Kedudukan k,
                     org_->GetKedudukan(m->assignment.assignee(), std::nullopt,
                                        call.deadline));
    v1::LetterMember* member = draft.add_members();
    member->set_person(m->assignment.assignee());
    member->set_display_name(k.display_name());
    member->set_role(m->assignment.assignee() == team->lead() ? "Ketua"
                                                              : "Anggota");
  }
  const std::string letter_id = common::NewResourceId();
  return common::RunIdempotent<v1::Letter>(
      *pool_, call, key, [&](common::Tx& tx) -> absl::StatusOr<v1::Letter> {
        auto current = store_.GetTeam(tx, inst, team_id, /*for_update=*/true);
        if (current->state() != v1::Assignment::AWAITING_LETTER)
          return not_awaiting();
        ASSIGN_OR_RETURN(
            v1::Letter letter,
            IssueLetter(tx, inst, letter_id, IdOf(anchor->assignment.name()),
                        draft, *profile, r.passphrase()));
        const std::string& pv = current->profile_version();
        for (const auto* m : approved) {
          auto now = store_.Get(tx, inst, IdOf(m->assignment.name()),
                                /*for_update=*/true);
          v1::Assignment active = now->assignment;
          const int64_t version = VersionOf(active.etag());
          active.set_state(v1::Assignment::ACTIVE);
          active.set_letter(letter.name());
          if (!store_.Update(tx, inst, IdOf(active.name()), active, version))
            return common::StaleEtag(active.name());
          RecordAssignmentChange(tx, call, inst, "assignment", active.name(),
                                 version + 1, "signed", "", r.request_id(), pv,
                                 active);
        }
        const int64_t version = VersionOf(current->etag());
        current->set_state(v1::Assignment::ACTIVE);
        current->set_letter(letter.name());
        if (!store_.UpdateTeam(tx, inst, team_id, *current, version))
          return common::StaleEtag(r.name());
        store_.ReplacePending(tx, inst, team_id, {});
        RecordAssignmentChange(tx, call, inst, "letter", letter.name(), 1,
                               "signed", "", r.request_id(), pv, letter);
        RecordAssignmentChange(tx, call, inst, "team_assignment",
                               current->name(), version + 1, "signed", "",
                               r.request_id(), pv, *current);
        return letter;
      });
}

}  // namespace sisker::assignment
