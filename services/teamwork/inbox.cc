// A person's teamwork inbox: what they must do (reports to acknowledge or
// forward, report requests to answer, plans to approve, results to accept,
// escalations to decide or follow up), stored with each item as it
// changes, and the reports they owe for the last period (DOMAIN.md 3.4;
// the period and its grace in working days are the profile's).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {

absl::StatusOr<v1::ListTeamworkActionsResponse> Teamwork::ListTeamworkActions(
    const Call& call, const v1::ListTeamworkActionsRequest& r) {
  auto instansi = common::ParseName(r.parent(), {"instansi"});
  if (!instansi)
    return common::InvalidFields({{"parent", "must be instansi/{id}"}});
  const std::string inst = (*instansi)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(r.parent());
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(
                       r.page_size(), {.default_size = 50, .max_size = 500}));
  const std::string caller = CallerPerson(call, inst);
  const std::string query = absl::StrCat("actions|", inst, "|", caller);
  ASSIGN_OR_RETURN(int offset,
                   common::DecodeOffset(page_tokens_, query, r.page_token()));
  v1::ListTeamworkActionsResponse out;
  if (caller.empty()) return out;
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  const Rules& rules = profile->teamwork();
  ASSIGN_OR_RETURN(absl::CivilDay today, TodayOf(inst, call.deadline));
  // The last full month (reports are MONTHLY in both profiles).
  const absl::CivilDay period_end = absl::CivilDay(absl::CivilMonth(today)) - 1;
  std::vector<v1::TeamworkAction> stored;
  std::vector<v1::TeamworkAction> owed;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        stored = store_.ActionsOf(tx, inst, caller, offset, size + 1);
        if (offset > 0) return absl::OkStatus();
        for (const StoredTeam& t :
             store_.TeamsOf(tx, inst, caller, "EXECUTION", 0, 200)) {
          const v1::Team& team = t.team;
          if (common::ToCivilDay(team.start_date()) > period_end) continue;
          for (const auto& m : team.members()) {
            if (m.person() != caller || m.state() != v1::TeamMember::ACTIVE)
              continue;
            const Rules::ReportRule* rule =
                ReportRuleFor(rules, m.role() == v1::TeamMember::LEAD
                                         ? Rules::ReportRule::LEAD
                                         : Rules::ReportRule::MEMBER);
            if (rule == nullptr || rule->period() != Rules::MONTHLY) continue;
            auto last =
                store_.LastReportEnd(tx, inst, IdOf(team.name()), caller);
            if (last && *last >= common::ToIsoDate(period_end)) continue;
            v1::TeamworkAction a;
            a.set_kind(v1::TeamworkAction::SUBMIT_REPORT);
            a.set_resource(team.name() + "/reports");
            a.set_team(team.name());
            a.set_summary(absl::StrCat("Laporan bulanan sampai ",
                                       common::ToIsoDate(period_end), " (",
                                       rule->period_source(), ")"));
            const absl::CivilDay due =
                AddWorkingDays(rules, period_end, rule->due_working_days());
            *a.mutable_due_date() = common::ToProtoDate(due);
            a.set_overdue(due < today);
            owed.push_back(std::move(a));
          }
        }
        return absl::OkStatus();
      }));
  for (auto& a : owed) *out.add_actions() = std::move(a);
  for (int i = 0; i < static_cast<int>(stored.size()) && i < size; ++i) {
    v1::TeamworkAction& a = stored[i];
    a.set_overdue(common::IsSet(a.due_date()) &&
                  common::ToCivilDay(a.due_date()) < today);
    *out.add_actions() = std::move(a);
  }
  if (static_cast<int>(stored.size()) > size)
    out.set_next_page_token(
        page_tokens_.Encode(query, std::to_string(offset + size)));
  return out;
}

}  // namespace sisker::teamwork
