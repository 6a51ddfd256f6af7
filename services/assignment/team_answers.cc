// The written answer to a team's request (PSR 10(2)-(3)): the head where
// some members sit approves some and refuses others, each refusal with its
// reason, in one answer and one transaction; the team then settles as it
// does after single answers.
#include <set>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"

namespace sisker::assignment {

absl::StatusOr<v1::AnswerTeamRequestsResponse> Assignments::AnswerTeamRequests(
    const Call& call, const v1::AnswerTeamRequestsRequest& r) {
  common::FieldErrors errors;
  auto ids = common::ParseName(r.name(), {"instansi", "teamAssignments"});
  if (!ids) errors.Add("name", "must be instansi/{i}/teamAssignments/{t}");
  if (r.answers().empty() || r.answers_size() > 200)
    errors.Add("answers", "1 to 200 answers");
  std::set<std::string> seen;
  for (int i = 0; i < r.answers_size(); ++i) {
    const auto& a = r.answers(i);
    const std::string field = absl::StrCat("answers[", i, "]");
    if (!common::ParseName(a.involvement_request(),
                           {"instansi", "involvementRequests"})) {
      errors.Add(field + ".involvement_request",
                 "must be instansi/{i}/involvementRequests/{r}");
    } else if (!seen.insert(a.involvement_request()).second) {
      errors.Add(field + ".involvement_request", "each request once");
    }
    if (!a.approve() && (a.reason().empty() || a.reason().size() > 2000)) {
      errors.Add(field + ".reason",
                 "a refusal carries its reason, at most 2000 bytes (PSR "
                 "10(3))");
    }
  }
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*ids)[0];
  const std::string team_id = (*ids)[1];
  if (call.principal.instansi_id != inst) return common::NotFound(r.name());
  // Facts outside the transaction: the team, each request and its
  // assignment, and that the caller is the head each one is addressed to.
  std::optional<v1::TeamAssignment> team;
  struct Item {
    AnswerInput in;
    v1::InvolvementRequest request;
    v1::Assignment after;
  };
  std::vector<Item> items;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        team = store_.GetTeam(tx, inst, team_id);
        for (const auto& a : r.answers()) {
          const std::string id = IdOf(a.involvement_request());
          auto request = store_.GetRequest(tx, inst, id);
          if (!request || request->team_assignment() != r.name())
            return common::NotFound(a.involvement_request());
          auto stored = store_.Get(tx, inst, IdOf(request->assignment()));
          items.push_back({{id, a.approve(), a.reason(), ""},
                           *request,
                           stored->assignment});
        }
        return absl::OkStatus();
      }));
  if (!team) return common::NotFound(r.name());
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  for (Item& item : items) {
    ASSIGN_OR_RETURN(std::optional<Role> head,
                     IsAnsweringHead(call, inst, item.request));
    if (!head) {
      return common::PermissionDenied(
          absl::StrCat("the head of the unit or Perangkat Daerah where the "
                       "pegawai of ",
                       item.request.name(), " sits (PSR 10(3))"),
          "pimpinan unit/kepala perangkat daerah tempat pegawai berada");
    }
    RETURN_IF_ERROR(CheckActingPower(*head, *profile, "APPROVE_INVOLVEMENT"));
    if (item.in.approve) {
      item.after.set_state(v1::Assignment::AWAITING_LETTER);
    } else {
      item.after.set_state(v1::Assignment::CANCELLED);
      item.after.set_cancel_reason(item.in.reason);
    }
  }
  const std::string answerer = CallerPerson(call, inst);
  ASSIGN_OR_RETURN(std::vector<PendingRow> sign_rows,
                   TeamSignRows(inst, *team, call.deadline));
  return common::RunIdempotent<v1::AnswerTeamRequestsResponse>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "AnswerTeamRequests", r, r.request_id()),
      [&](common::Tx& tx) -> absl::StatusOr<v1::AnswerTeamRequestsResponse> {
        v1::AnswerTeamRequestsResponse out;
        for (const Item& item : items) {
          // A member of a team has no pending action of its own once
          // answered (the team's letter is addressed for the team).
          ASSIGN_OR_RETURN(
              *out.add_answered(),
              ApplyAnswer(tx, call, inst, item.in, answerer, item.after,
                          nullptr, {}, r.request_id()));
        }
        SettleTeam(tx, call, inst, team_id, sign_rows, r.request_id());
        *out.mutable_team_assignment() = *store_.GetTeam(tx, inst, team_id);
        return out;
      });
}

}  // namespace sisker::assignment
