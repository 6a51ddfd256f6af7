// Reports (DOMAIN.md 3.4): a member reports to the lead (PSR 15(2)a,
// 14(5)c); the lead reports to the officials of the profile (KMP 6(2)
// "secara berjenjang": accountable official, then the Kepala PD, each
// forwarding; PSR 15(2)b: the owner heads and the lead's own PPK). Report
// requests at any time (KMP 6(3), PSR 15(2)c) are tracked until a report
// answers them.
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

constexpr size_t kMaxBody = 20000;

// The inbox lines of a report: its current group (chained) or every group
// not yet acknowledged.
std::vector<ActionRow> ReportActions(const v1::Report& report, bool chained,
                                     int groups) {
  std::vector<ActionRow> rows;
  if (report.state() == v1::Report::ACKNOWLEDGED) return rows;
  const std::string summary =
      report.kind() == Rules::ReportRule::LEAD     ? "Laporan ketua tim"
      : report.kind() == Rules::ReportRule::MEMBER ? "Laporan anggota tim"
                                                   : "Laporan penugasan";
  for (const auto& r : report.recipients()) {
    if (r.acknowledged()) continue;
    if (chained && r.group() != report.current_group()) continue;
    const bool forward = chained && r.group() + 1 < groups;
    rows.push_back({r.person(),
                    forward ? v1::TeamworkAction::FORWARD_REPORT
                            : v1::TeamworkAction::ACKNOWLEDGE_REPORT,
                    summary, std::nullopt});
  }
  return rows;
}

int GroupCount(const v1::Report& report) {
  int groups = 0;
  for (const auto& r : report.recipients())
    groups = std::max(groups, r.group() + 1);
  return groups;
}

}  // namespace

absl::StatusOr<v1::Report> Teamwork::CreateReport(
    const Call& call, const v1::CreateReportRequest& r) {
  common::FieldErrors errors;
  const v1::Report& in = r.report();
  if (in.body().empty() || in.body().size() > kMaxBody)
    errors.Add("report.body", "required, at most 20000 bytes");
  if (common::IsSet(in.period_start()) != common::IsSet(in.period_end())) {
    errors.Add("report.period_end", "give both period_start and period_end");
  } else if (common::IsSet(in.period_start()) &&
             common::ToCivilDay(in.period_end()) <
                 common::ToCivilDay(in.period_start())) {
    errors.Add("report.period_end", "must not precede period_start");
  }
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.parent(), "parent"));
  const bool lead = ctx.parties.count(Rules::LEAD) > 0;
  auto kind = lead ? Rules::ReportRule::LEAD : Rules::ReportRule::MEMBER;
  if (ctx.individual) {
    // KMP 6(1), PSR 15(1): the assignee reports on their own assignment,
    // by the kind of their post.
    kind = ctx.individual_post_kind == "FUNGSIONAL"
               ? Rules::ReportRule::INDIVIDUAL_FUNGSIONAL
               : Rules::ReportRule::INDIVIDUAL_PELAKSANA;
  }
  const Rules::ReportRule* rule = ReportRuleFor(*ctx.rules, kind);
  if (ctx.individual &&
      (ctx.caller.empty() || ctx.caller != ctx.team().members(0).person())) {
    return common::MakeError(
        absl::StatusCode::kPermissionDenied, "NOT_THE_ASSIGNEE",
        "only the assignee reports on their assignment",
        "Hanya pegawai yang mendapat penugasan yang melaporkannya.",
        {{"pasal", rule != nullptr && !rule->recipients().empty()
                       ? rule->recipients(0).source()
                       : ""}});
  }
  if (!ctx.individual && !lead && ctx.parties.count(Rules::MEMBER) == 0) {
    const Rules::ReportRule* member =
        ReportRuleFor(*ctx.rules, Rules::ReportRule::MEMBER);
    const std::string pasal = member != nullptr && !member->recipients().empty()
                                  ? member->recipients(0).source()
                                  : "";
    return common::MakeError(
        absl::StatusCode::kPermissionDenied, "NOT_A_MEMBER",
        "only the team's lead and members report on its work",
        "Hanya ketua dan anggota tim yang menyampaikan laporan tim.",
        {{"pasal", pasal}});
  }
  if (rule == nullptr || rule->recipients().empty()) {
    return common::RuleViolation(
        "NOT_CONFIGURED", "the profile names no recipients for this report",
        "Kebijakan instansi belum mengatur penerima laporan ini.", "");
  }
  if (ctx.individual && ctx.team().state() != v1::Team::EXECUTION) {
    return common::RuleViolation(
        "ASSIGNMENT_NOT_ACTIVE",
        "reports under an assignment are on an active individual "
        "assignment; a team member reports to the team",
        "Laporan penugasan hanya atas penugasan individu yang sedang "
        "berjalan; anggota tim melapor melalui timnya.",
        rule != nullptr && !rule->recipients().empty()
            ? rule->recipients(0).source()
            : "");
  }
  RETURN_IF_ERROR(RequireStage(
      ctx.team(),
      {v1::Team::PLANNING, v1::Team::EXECUTION, v1::Team::EVALUATION},
      "TEAM_NOT_FORMED", "reporting", ""));
  ASSIGN_OR_RETURN(
      std::vector<v1::Recipient> recipients,
      RecipientsFor(ctx, rule->recipients(), ctx.caller, call.deadline));
  std::string request_id;
  if (!in.answers().empty()) {
    auto ids = common::ParseName(in.answers(),
                                 {"instansi", "teams", "reportRequests"});
    if (!ids || (*ids)[0] != ctx.inst || (*ids)[1] != ctx.id)
      return common::InvalidFields(
          {{"report.answers", "a report request of this team"}});
    request_id = (*ids)[2];
  }
  const std::string id = common::NewResourceId();
  v1::Report report = in;
  report.set_name(absl::StrCat(ctx.team().name(), "/reports/", id));
  report.set_kind(kind);
  report.set_author(ctx.caller);
  if (!common::IsSet(report.period_start())) {
    const absl::CivilDay today = ctx.today;
    *report.mutable_period_start() =
        common::ToProtoDate(absl::CivilDay(absl::CivilMonth(today)));
    *report.mutable_period_end() = common::ToProtoDate(today);
  }
  report.clear_recipients();
  for (auto& rec : recipients) *report.add_recipients() = std::move(rec);
  report.set_current_group(0);
  report.set_state(v1::Report::SUBMITTED);
  report.set_source(rule->recipients(0).source());
  *report.mutable_create_time() = TimeUtil::GetCurrentTime();
  return Write<v1::Report>(
      call, ctx, "CreateReport", r, r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::Report> {
        if (!request_id.empty()) {
          auto stored = store_.GetItem(tx, ctx.inst, ctx.id, "report_request",
                                       request_id, true);
          if (!stored)
            return common::InvalidFields(
                {{"report.answers", "a report request of this team"}});
          v1::ReportRequest q;
          q.ParseFromString(stored->data);
          if (std::find(q.addressees().begin(), q.addressees().end(),
                        ctx.caller) == q.addressees().end()) {
            return common::InvalidFields(
                {{"report.answers", "a request addressed to you"}});
          }
          if (q.state() != v1::ReportRequest::OPEN) {
            return common::RuleViolation(
                "ALREADY_ANSWERED", "the report request was answered",
                "Permintaan laporan sudah dijawab.", "");
          }
          q.set_state(v1::ReportRequest::ANSWERED);
          q.set_answered_by_report(report.name());
          store_.UpdateItem(tx, ctx.inst, ctx.id, "report_request", request_id,
                            "ANSWERED", "", q, stored->version);
          Record(tx, call, ctx.inst, "report_request", q.name(),
                 stored->version + 1, "answered", "", r.request_id(), ctx.pv,
                 q);
          store_.ReplaceActions(tx, ctx.inst, ctx.id, q.name(), {});
        }
        store_.InsertItem(
            tx, ctx.inst, ctx.id, "report", id, "SUBMITTED", ctx.caller,
            common::ToIsoDate(common::ToCivilDay(report.period_end())), report);
        v1::Report created = report;
        created.set_etag("1");
        Record(tx, call, ctx.inst, "report", created.name(), 1, "submitted", "",
               r.request_id(), ctx.pv, created);
        store_.ReplaceActions(
            tx, ctx.inst, ctx.id, created.name(),
            ReportActions(created, rule->chained(), GroupCount(created)));
        return created;
      });
}

absl::StatusOr<v1::Report> Teamwork::GetReport(const Call& call,
                                               const v1::GetReportRequest& r) {
  ASSIGN_OR_RETURN(ItemRef ref, OpenItem(call, r.name(), "reports", "report"));
  std::optional<StoredItem> stored;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        stored = store_.GetItem(tx, ref.ctx.inst, ref.ctx.id, "report",
                                ref.item_id, false);
        return absl::OkStatus();
      }));
  if (!stored) return common::NotFound(r.name());
  return ParseItem<v1::Report>(*stored);
}

absl::StatusOr<v1::ListReportsResponse> Teamwork::ListReports(
    const Call& call, const v1::ListTeamItemsRequest& r) {
  v1::ListReportsResponse out;
  ASSIGN_OR_RETURN(
      auto items,
      ListKind<v1::Report>(call, r, "report", out.mutable_next_page_token()));
  for (auto& x : items) *out.add_reports() = std::move(x);
  return out;
}

absl::StatusOr<v1::Report> Teamwork::AcknowledgeReport(
    const Call& call, const v1::ReportActionRequest& r) {
  return ReceiveReport(call, r, /*forward=*/false);
}

absl::StatusOr<v1::Report> Teamwork::ForwardReport(
    const Call& call, const v1::ReportActionRequest& r) {
  return ReceiveReport(call, r, /*forward=*/true);
}

absl::StatusOr<v1::Report> Teamwork::ReceiveReport(
    const Call& call, const v1::ReportActionRequest& r, bool forward) {
  common::FieldErrors errors;
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(ItemRef ref, OpenItem(call, r.name(), "reports", "report"));
  const Ctx& ctx = ref.ctx;
  return Write<v1::Report>(
      call, ctx, forward ? "ForwardReport" : "AcknowledgeReport", r,
      r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::Report> {
        auto stored =
            store_.GetItem(tx, ctx.inst, ctx.id, "report", ref.item_id, true);
        if (!stored) return common::NotFound(r.name());
        if (!r.etag().empty() && VersionOf(r.etag()) != stored->version)
          return common::StaleEtag(r.name());
        v1::Report report;
        report.ParseFromString(stored->data);
        const Rules::ReportRule* rule =
            ReportRuleFor(*ctx.rules, report.kind());
        const bool chained = rule != nullptr && rule->chained();
        const int groups = GroupCount(report);
        // The caller's group: the current one when chained.
        int group = -1;
        for (const auto& rec : report.recipients()) {
          if (rec.person() != ctx.caller || rec.acknowledged()) continue;
          if (chained && rec.group() != report.current_group()) continue;
          group = rec.group();
        }
        if (group < 0) {
          return common::MakeError(absl::StatusCode::kPermissionDenied,
                                   "NOT_A_RECIPIENT",
                                   "the report is not waiting for you",
                                   "Laporan ini tidak sedang menunggu Anda.",
                                   {{"pasal", report.source()}});
        }
        const bool last = !chained || group + 1 >= groups;
        if (forward && last) {
          return common::RuleViolation(
              "NOT_FORWARDED",
              "this report goes no further: acknowledge it instead",
              "Laporan ini tidak diteruskan lagi.", report.source());
        }
        if (!forward && chained && !last) {
          return common::RuleViolation(
              "FORWARD_REQUIRED",
              "reports go up step by step: forward it to the next official",
              "Laporan disampaikan secara berjenjang: teruskan.",
              report.source());
        }
        for (auto& rec : *report.mutable_recipients()) {
          if (rec.group() != group) continue;
          rec.set_acknowledged(true);
          if (rec.person() == ctx.caller)
            *rec.mutable_acknowledge_time() = TimeUtil::GetCurrentTime();
        }
        bool all = true;
        for (const auto& rec : report.recipients()) all &= rec.acknowledged();
        if (forward) report.set_current_group(group + 1);
        report.set_state(all       ? v1::Report::ACKNOWLEDGED
                         : forward ? v1::Report::FORWARDED
                                   : report.state());
        if (!store_.UpdateItem(
                tx, ctx.inst, ctx.id, "report", ref.item_id,
                v1::Report::State_Name(report.state()),
                common::ToIsoDate(common::ToCivilDay(report.period_end())),
                report, stored->version))
          return common::StaleEtag(r.name());
        report.set_etag(std::to_string(stored->version + 1));
        Record(tx, call, ctx.inst, "report", report.name(), stored->version + 1,
               forward ? "forwarded" : "acknowledged", "", r.request_id(),
               ctx.pv, report);
        store_.ReplaceActions(tx, ctx.inst, ctx.id, report.name(),
                              ReportActions(report, chained, groups));
        return report;
      });
}

absl::StatusOr<v1::ReportRequest> Teamwork::AskForReport(
    const Call& call, const v1::AskForReportRequest& r) {
  common::FieldErrors errors;
  const v1::ReportRequest& in = r.report_request();
  if (in.subject().empty() || in.subject().size() > 2000)
    errors.Add("report_request.subject", "required, at most 2000 bytes");
  if (in.addressees().empty())
    errors.Add("report_request.addressees", "the lead and/or members asked");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.parent(), "parent"));
  // The PPK asks about the people they assess: judged against each
  // addressee (PSR 15(2)c).
  for (int i = 0; i < in.addressees_size(); ++i) {
    const std::string& who = in.addressees(i);
    const std::set<Party> theirs = PartiesOf(who, ctx.holders);
    if (theirs.count(Rules::LEAD) == 0 && theirs.count(Rules::MEMBER) == 0) {
      return common::InvalidFields(
          {{absl::StrCat("report_request.addressees[", i, "]"),
            "the lead or a member of the team"}});
    }
    ASSIGN_OR_RETURN(std::vector<Holder> about,
                     HoldersFor(ctx.inst, ctx.team(), who, call.deadline));
    RETURN_IF_ERROR(RequireStep(*ctx.profile, ctx.caller, about,
                                ctx.rules->report_requesters(),
                                "ask for a report", "REQUEST_REPORT"));
  }
  RETURN_IF_ERROR(RequireStage(
      ctx.team(),
      {v1::Team::PLANNING, v1::Team::EXECUTION, v1::Team::EVALUATION},
      "TEAM_NOT_FORMED", "asking for a report", ""));
  const std::string id = common::NewResourceId();
  v1::ReportRequest q = in;
  q.set_name(absl::StrCat(ctx.team().name(), "/reportRequests/", id));
  q.set_requested_by(ctx.caller);
  q.set_state(v1::ReportRequest::OPEN);
  q.set_source(ctx.rules->report_requesters().source());
  const absl::CivilDay due = AddWorkingDays(
      *ctx.rules, ctx.today, ctx.rules->report_request_due_working_days());
  *q.mutable_due_date() = common::ToProtoDate(due);
  q.clear_overdue();
  q.clear_answered_by_report();
  *q.mutable_create_time() = TimeUtil::GetCurrentTime();
  return Write<v1::ReportRequest>(
      call, ctx, "AskForReport", r, r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::ReportRequest> {
        store_.InsertItem(tx, ctx.inst, ctx.id, "report_request", id, "OPEN",
                          ctx.caller, common::ToIsoDate(due), q);
        Record(tx, call, ctx.inst, "report_request", q.name(), 1, "created", "",
               r.request_id(), ctx.pv, q);
        std::vector<ActionRow> rows;
        for (const auto& who : q.addressees()) {
          rows.push_back({who, v1::TeamworkAction::ANSWER_REPORT_REQUEST,
                          "Permintaan laporan: " + q.subject(),
                          common::ToIsoDate(due)});
        }
        store_.ReplaceActions(tx, ctx.inst, ctx.id, q.name(), rows);
        return q;
      });
}

absl::StatusOr<v1::ListReportRequestsResponse> Teamwork::ListReportRequests(
    const Call& call, const v1::ListTeamItemsRequest& r) {
  v1::ListReportRequestsResponse out;
  ASSIGN_OR_RETURN(auto items,
                   ListKind<v1::ReportRequest>(call, r, "report_request",
                                               out.mutable_next_page_token()));
  ASSIGN_OR_RETURN(absl::CivilDay today,
                   TodayOf(call.principal.instansi_id, call.deadline));
  for (auto& q : items) {
    q.set_overdue(q.state() == v1::ReportRequest::OPEN &&
                  common::ToCivilDay(q.due_date()) < today);
    *out.add_report_requests() = std::move(q);
  }
  return out;
}

}  // namespace sisker::teamwork
