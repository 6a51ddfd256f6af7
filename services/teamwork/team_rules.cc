// The teamwork rules of a profile (see team_rules.h).
#include "services/teamwork/team_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "common/errors.h"

namespace sisker::teamwork {
namespace {

namespace v1 = ::sisker::v1;

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list,
              const std::string& value) {
  return list.empty() ||
         std::find(list.begin(), list.end(), value) != list.end();
}

// The first rule that `p` matches, or nullptr. A fallback rule matches
// only with a justification and on a vacancy (KMP 4(6) "apabila terjadi
// kekosongan").
const Rules::PostRule* Match(const Rules::RoleRule& role, const PersonFacts& p,
                             const std::string& owner_pd,
                             const std::string& fallback_reason, bool vacant) {
  for (const auto& rule : role.eligible()) {
    if (p.external) continue;
    if (!Contains(rule.post_kinds(), p.post_kind)) continue;
    if (rule.hasil_penyetaraan() && !p.hasil_penyetaraan) continue;
    if (!Contains(rule.jenjang(), p.jenjang)) continue;
    if (!Contains(rule.asn_kinds(), p.asn_kind)) continue;
    if (rule.same_pd_as_owner() && p.perangkat_daerah != owner_pd) continue;
    if (rule.fallback() && (fallback_reason.empty() || !vacant)) continue;
    return &rule;
  }
  return nullptr;
}

std::string Sources(const Rules::RoleRule& role) {
  std::vector<std::string> out;
  for (const auto& rule : role.eligible()) out.push_back(rule.source());
  return out.empty() ? role.source() : absl::StrJoin(out, "; ");
}

// A person checked against a role: OK, a warning, or the error.
absl::Status CheckRole(const Rules::RoleRule& role, const PersonFacts& p,
                       const std::string& owner_pd,
                       const std::string& fallback_reason, bool vacant,
                       const std::string& reason, const std::string& label,
                       const std::string& label_id,
                       std::vector<v1::Warning>& warnings) {
  if (p.external && !role.external_allowed()) {
    return common::RuleViolation(
        reason,
        absl::StrCat("an external participant may not be the ", label, ": ",
                     p.person),
        absl::StrCat("Peserta dari instansi lain tidak dapat menjadi ",
                     label_id, "."),
        role.source());
  }
  if (p.external || role.eligible().empty()) return absl::OkStatus();
  if (Match(role, p, owner_pd, fallback_reason, vacant) != nullptr)
    return absl::OkStatus();
  const std::string why = absl::StrCat(
      p.person, " (", p.post_kind.empty() ? "no post" : p.post_kind,
      p.jenjang.empty() ? "" : " " + p.jenjang,
      p.hasil_penyetaraan ? ", hasil penyetaraan" : "", ", ",
      p.perangkat_daerah == owner_pd ? "owner PD" : "another PD", ")");
  switch (role.severity()) {
    case Rules::ERROR:
      return common::RuleViolation(
          reason,
          absl::StrCat("not eligible as ", label, ": ", why,
                       "; eligible: ", Sources(role)),
          absl::StrCat("Jabatan ", p.post_kind, " tidak memenuhi syarat ",
                       label_id, " (", Sources(role), ")."),
          Sources(role));
    case Rules::INFO:
    case Rules::ACKNOWLEDGE: {
      v1::Warning w;
      w.set_code(reason);
      w.set_message(absl::StrCat("not usual as ", label, ": ", why));
      w.set_article(Sources(role));
      warnings.push_back(std::move(w));
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();
  }
}

}  // namespace

std::string PartyName(Party party) { return Rules::Party_Name(party); }

bool IsPrimaryPost(const Rules::RoleRule& role, const v1::Post& post) {
  for (const auto& rule : role.eligible()) {
    if (rule.fallback()) continue;
    if (!Contains(rule.post_kinds(), v1::Post::Kind_Name(post.kind())))
      continue;
    if (rule.hasil_penyetaraan() && !post.hasil_penyetaraan()) continue;
    if (!Contains(rule.jenjang(), post.jenjang())) continue;
    return true;
  }
  return false;
}

bool NeedsVacancy(const Rules::RoleRule& role, const PersonFacts& p,
                  const std::string& owner_pd) {
  return Match(role, p, owner_pd, "", false) == nullptr &&
         Match(role, p, owner_pd, "kekosongan", true) != nullptr;
}

absl::StatusOr<std::vector<v1::Warning>> CheckComposition(
    const Rules& rules, const Composition& team) {
  std::vector<v1::Warning> warnings;
  const std::string& owner = team.owner_perangkat_daerah;
  // The lead: KMP 9(2)b lets the head decide whether there is one.
  if (team.lead == nullptr) {
    const bool decided_none = rules.lead().need() == Rules::HEAD_DECIDES &&
                              team.lead_decision == v1::Team::NO_LEAD;
    if (rules.lead().need() == Rules::REQUIRED ||
        (rules.lead().need() == Rules::HEAD_DECIDES && !decided_none)) {
      return common::RuleViolation(
          "LEAD_REQUIRED",
          rules.lead().need() == Rules::HEAD_DECIDES
              ? "the team has no lead and the head has not decided it needs "
                "none (lead_decision NO_LEAD)"
              : "the team needs a lead",
          "Tim kerja harus memiliki ketua tim.", rules.lead().source());
    }
  } else {
    absl::Status lead =
        CheckRole(rules.lead(), *team.lead, owner, team.lead_fallback_reason,
                  team.primary_lead_vacant, "LEAD_NOT_ELIGIBLE", "team lead",
                  "ketua tim", warnings);
    if (!lead.ok()) return lead;
    // A lead outside the owner PD while members come from several PDs
    // (KMP 5(5): error; PSR 10(8): "diutamakan", a warning).
    bool cross_pd = false;
    for (const auto& m : team.members)
      cross_pd |= !m.external && m.perangkat_daerah != owner;
    const auto& rule = rules.cross_pd_lead();
    if (cross_pd && team.lead->perangkat_daerah != owner &&
        rule.severity() != Rules::OFF &&
        rule.severity() != Rules::SEVERITY_UNSPECIFIED) {
      const std::string message =
          absl::StrCat("the lead ", team.lead->person,
                       " is not from the Perangkat Daerah that owns the work");
      if (rule.severity() == Rules::ERROR) {
        return common::RuleViolation(
            rule.code(), message,
            "Ketua tim harus berasal dari Perangkat Daerah pemilik kinerja.",
            rule.source());
      }
      v1::Warning w;
      w.set_code(rule.code());
      w.set_message(message);
      w.set_article(rule.source());
      warnings.push_back(std::move(w));
    }
  }
  // The accountable official (penanggung jawab, KMP 4(6)).
  if (team.accountable == nullptr) {
    if (rules.accountable().need() == Rules::REQUIRED) {
      return common::RuleViolation("ACCOUNTABLE_REQUIRED",
                                   "the team needs an accountable official",
                                   "Tim kerja harus memiliki penanggung jawab.",
                                   rules.accountable().source());
    }
  } else {
    absl::Status accountable =
        CheckRole(rules.accountable(), *team.accountable, owner, "", false,
                  "ACCOUNTABLE_NOT_ELIGIBLE", "accountable official",
                  "penanggung jawab tim", warnings);
    if (!accountable.ok()) return accountable;
  }
  // Members (KMP 1(16): penugasan is of F/P; PSR 7(5)).
  for (const auto& m : team.members) {
    if (team.lead != nullptr && m.person == team.lead->person) continue;
    absl::Status member = CheckRole(rules.member_posts(), m, owner, "", false,
                                    "MEMBER_NOT_ELIGIBLE", "team member",
                                    "anggota tim", warnings);
    if (!member.ok()) return member;
  }
  return warnings;
}

absl::Status CheckAcknowledged(const Rules& rules,
                               const std::vector<v1::Warning>& warnings,
                               const std::vector<std::string>& acknowledged) {
  std::vector<std::string> missing;
  std::string article;
  // The codes whose rule has ACKNOWLEDGE severity.
  std::set<std::string> acknowledge;
  if (rules.cross_pd_lead().severity() == Rules::ACKNOWLEDGE)
    acknowledge.insert(rules.cross_pd_lead().code());
  if (rules.lead().severity() == Rules::ACKNOWLEDGE)
    acknowledge.insert("LEAD_NOT_ELIGIBLE");
  if (rules.accountable().severity() == Rules::ACKNOWLEDGE)
    acknowledge.insert("ACCOUNTABLE_NOT_ELIGIBLE");
  if (rules.member_posts().severity() == Rules::ACKNOWLEDGE)
    acknowledge.insert("MEMBER_NOT_ELIGIBLE");
  for (const auto& w : warnings) {
    const bool needs = acknowledge.count(w.code()) > 0;
    if (needs && std::find(acknowledged.begin(), acknowledged.end(),
                           w.code()) == acknowledged.end()) {
      missing.push_back(w.code());
      article = w.article();
    }
  }
  if (missing.empty()) return absl::OkStatus();
  absl::Status s = common::RuleViolation(
      "ACKNOWLEDGEMENT_REQUIRED",
      absl::StrCat("acknowledge the warnings first (acknowledged_warnings): ",
                   absl::StrJoin(missing, ", ")),
      absl::StrCat("Peringatan harus dinyatakan diketahui: ",
                   absl::StrJoin(missing, ", "), "."),
      article);
  return s;
}

bool Holds(const Rules::Parties& allowed, const std::set<Party>& held) {
  for (int p : allowed.parties()) {
    if (held.count(static_cast<Party>(p)) > 0) return true;
  }
  return false;
}

absl::Status RequireParty(const Rules::Parties& allowed,
                          const std::set<Party>& held,
                          const std::string& what) {
  if (allowed.not_configured()) {
    return common::RuleViolation(
        "NOT_CONFIGURED",
        absl::StrCat("the profile names nobody who may ", what),
        "Kebijakan instansi belum mengatur langkah ini.", allowed.source());
  }
  if (Holds(allowed, held)) return absl::OkStatus();
  std::vector<std::string> names;
  for (int p : allowed.parties())
    names.push_back(PartyName(static_cast<Party>(p)));
  return common::MakeError(
      absl::StatusCode::kPermissionDenied, "NOT_AUTHORIZED",
      absl::StrCat("only ", absl::StrJoin(names, " or "), " may ", what, " (",
                   allowed.source(), ")"),
      absl::StrCat("Langkah ini hanya dapat dilakukan oleh ",
                   absl::StrJoin(names, " atau "), "."),
      {{"pasal", allowed.source()}, {"allowed", absl::StrJoin(names, ",")}});
}

absl::Status RequireStepParty(
    const Rules::Parties& allowed, const std::set<Party>& held,
    const std::set<Party>& acting, const std::string& what,
    const std::string& power,
    const google::protobuf::RepeatedPtrField<std::string>& acting_powers) {
  if (!allowed.not_configured() && Holds(allowed, held))
    return absl::OkStatus();
  if (!allowed.not_configured() && Holds(allowed, acting)) {
    if (std::find(acting_powers.begin(), acting_powers.end(), power) !=
        acting_powers.end())
      return absl::OkStatus();
    return common::MakeError(
        absl::StatusCode::kPermissionDenied, "ACTING_POWER_MISSING",
        absl::StrCat("a Plt/Plh may not ", what, ": ", power,
                     " is not among the profile's acting powers"),
        "Pelaksana tugas/harian tidak berwenang mengambil langkah ini.",
        {{"pasal", "UU 30/2014 Pasal 14(7)"}, {"power", power}});
  }
  std::set<Party> all = held;
  all.insert(acting.begin(), acting.end());
  return RequireParty(allowed, all, what);
}

absl::Status RequireStage(const v1::Team& team,
                          std::initializer_list<v1::Team::State> states,
                          const std::string& reason, const std::string& what,
                          const std::string& article) {
  for (auto s : states) {
    if (team.state() == s) return absl::OkStatus();
  }
  std::vector<std::string> names;
  for (auto s : states) names.push_back(v1::Team::State_Name(s));
  return common::RuleViolation(
      reason,
      absl::StrCat(what, " needs the team in ", absl::StrJoin(names, " or "),
                   "; it is ", v1::Team::State_Name(team.state())),
      absl::StrCat("Tahap tim kerja (", v1::Team::State_Name(team.state()),
                   ") tidak memungkinkan langkah ini."),
      article);
}

const Rules::ReportRule* ReportRuleFor(const Rules& rules,
                                       Rules::ReportRule::Kind kind) {
  for (const auto& r : rules.reports()) {
    if (r.kind() == kind) return &r;
  }
  return nullptr;
}

absl::Status CheckEscalation(const Rules& rules, const v1::Escalation& e) {
  const auto& esc = rules.escalation();
  if (!esc.enabled()) {
    return common::RuleViolation(
        "NOT_CONFIGURED", "escalations are not enabled in this profile",
        "Eskalasi kendala belum diatur dalam kebijakan instansi.",
        esc.source());
  }
  common::FieldErrors errors;
  if (e.problem().empty() || e.problem().size() > 10000)
    errors.Add("escalation.problem", "required (permasalahan dan kendala)");
  int given = 0;
  for (const auto& r : e.recommendations()) given += r.empty() ? 0 : 1;
  if (given < std::max(1, esc.min_recommendations())) {
    return common::MakeError(
        absl::StatusCode::kInvalidArgument, "RECOMMENDATION_REQUIRED",
        absl::StrCat("escalation.recommendations: an obstacle is raised with "
                     "at least ",
                     std::max(1, esc.min_recommendations()),
                     " alternative recommendation (", esc.source(), ")"),
        "Kendala harus disampaikan beserta alternatif rekomendasi.",
        {{"pasal", esc.source()}, {"field", "escalation.recommendations"}});
  }
  return errors.ToStatus();
}

absl::Status CheckCoordinationStage(const Rules& rules, Rules::Stage stage) {
  for (int s : rules.coordination_stages()) {
    if (s == stage) return absl::OkStatus();
  }
  std::vector<std::string> names;
  for (int s : rules.coordination_stages())
    names.push_back(Rules::Stage_Name(static_cast<Rules::Stage>(s)));
  return common::MakeError(
      absl::StatusCode::kInvalidArgument, "STAGE_NOT_COORDINATED",
      absl::StrCat("coordination_note.stage: one of ",
                   absl::StrJoin(names, ", "), " (",
                   rules.coordination_source(), ")"),
      "Tahap koordinasi tidak dikenal dalam kebijakan instansi.",
      {{"pasal", rules.coordination_source()},
       {"field", "coordination_note.stage"}});
}

bool IsWorkingDay(const Rules& rules, absl::CivilDay day) {
  int iso = 0;
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      iso = 1;
      break;
    case absl::Weekday::tuesday:
      iso = 2;
      break;
    case absl::Weekday::wednesday:
      iso = 3;
      break;
    case absl::Weekday::thursday:
      iso = 4;
      break;
    case absl::Weekday::friday:
      iso = 5;
      break;
    case absl::Weekday::saturday:
      iso = 6;
      break;
    case absl::Weekday::sunday:
      iso = 7;
      break;
  }
  const auto& week = rules.working_weekdays();
  if (!week.empty() && std::find(week.begin(), week.end(), iso) == week.end())
    return false;
  if (week.empty() && iso >= 6) return false;
  const std::string text = common::ToIsoDate(day);
  return std::find(rules.holidays().begin(), rules.holidays().end(), text) ==
         rules.holidays().end();
}

absl::CivilDay AddWorkingDays(const Rules& rules, absl::CivilDay from, int n) {
  absl::CivilDay day = from;
  // Guard against a profile with no working day at all.
  for (int guard = 0; !IsWorkingDay(rules, day) && guard < 400; ++guard) ++day;
  for (int left = n, guard = 0; left > 0 && guard < 4000; ++guard) {
    ++day;
    if (IsWorkingDay(rules, day)) --left;
  }
  return day;
}

absl::Status ValidateTeamworkRules(const Rules& rules) {
  std::vector<std::string> missing;
  auto parties = [&](const char* name, const Rules::Parties& p) {
    if (p.source().empty()) missing.push_back(name);
    if (p.parties().empty() && !p.not_configured())
      missing.push_back(absl::StrCat(name, " (no party)"));
  };
  parties("formers", rules.formers());
  parties("plan_approvers", rules.plan_approvers());
  parties("activity_editors", rules.activity_editors());
  parties("results_submitters", rules.results_submitters());
  parties("evaluation_closers", rules.evaluation_closers());
  parties("report_requesters", rules.report_requesters());
  parties("activity_feedback_givers", rules.activity_feedback_givers());
  parties("member_feedback_givers", rules.member_feedback_givers());
  parties("member_result_reporters", rules.member_result_reporters());
  if (rules.cross_pd_lead().source().empty())
    missing.push_back("cross_pd_lead");
  for (const auto& r : rules.reports()) {
    for (const auto& g : r.recipients()) {
      if (g.source().empty()) missing.push_back("reports.recipients");
    }
  }
  if (rules.escalation().enabled()) {
    parties("escalation.raisers", rules.escalation().raisers());
    parties("escalation.deciders", rules.escalation().deciders());
  }
  if (!rules.coordination_stages().empty() &&
      rules.coordination_source().empty())
    missing.push_back("coordination_source");
  // Holidays are compared as written: only the canonical YYYY-MM-DD.
  for (const auto& h : rules.holidays()) {
    auto day = common::ParseIsoDate(h);
    if (!day.ok() || common::ToIsoDate(*day) != h)
      missing.push_back(absl::StrCat("holidays (", h, ") not YYYY-MM-DD"));
  }
  auto role = [&](const char* name, const Rules::RoleRule& r) {
    if (r.source().empty()) missing.push_back(name);
    for (const auto& e : r.eligible()) {
      if (e.source().empty())
        missing.push_back(absl::StrCat(name, ".eligible"));
    }
  };
  role("member_posts", rules.member_posts());
  role("lead", rules.lead());
  role("accountable", rules.accountable());
  for (const auto& g : rules.member_result_recipients())
    parties("member_result_recipients", g);
  if (rules.escalation().enabled()) {
    if (rules.escalation().source().empty())
      missing.push_back("escalation.source");
    parties("escalation.collaboration_addressees",
            rules.escalation().collaboration_addressees());
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("teamwork rules without a source or party: ",
                   absl::StrJoin(missing, ", ")));
}

}  // namespace sisker::teamwork
