// The teamwork rules of a policy profile (DOMAIN.md 3.3-3.4), with no SQL
// and no gRPC: who may lead or be accountable for a team, the cross-PD
// lead rule, who may act at each step, the stages, escalations and working
// days. Every error names its article (or "konfigurasi") in `pasal`.
#ifndef SISKER_SERVICES_TEAMWORK_TEAM_RULES_H_
#define SISKER_SERVICES_TEAMWORK_TEAM_RULES_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "sisker/v1/common.pb.h"
#include "sisker/v1/org.pb.h"
#include "sisker/v1/teamwork.pb.h"

namespace sisker::teamwork {

using Rules = ::sisker::v1::TeamworkRules;
using Party = Rules::Party;

// What the rules need to know about a person put on a team (from org on
// the team's start date).
struct PersonFacts {
  std::string person;  // resource name
  bool external = false;
  std::string perangkat_daerah;  // home PD; empty for an external
  std::string unit;
  std::string post_kind;  // Post.Kind name
  std::string jenjang;
  bool hasil_penyetaraan = false;
  std::string asn_kind;  // PNS, PPPK
};

struct Composition {
  std::string owner_perangkat_daerah;
  sisker::v1::Team::LeadDecision lead_decision =
      sisker::v1::Team::LEAD_DECISION_UNSPECIFIED;
  const PersonFacts* lead = nullptr;
  std::string lead_fallback_reason;
  // Nobody in the owner PD holds a post the lead's non-fallback rules name
  // ("kekosongan", KMP 4(6)); a fallback rule applies only then.
  bool primary_lead_vacant = false;
  const PersonFacts* accountable = nullptr;
  // Every member, the lead included.
  std::vector<PersonFacts> members;
};

// Who may lead, answer for and sit on the team (KMP 4(6), 5(5), 9(2)b;
// PSR 7(5), 10(7), 10(8)). FAILED_PRECONDITION LEAD_REQUIRED,
// LEAD_NOT_ELIGIBLE, CROSS_PD_LEAD_NOT_FROM_OWNER (where the profile makes
// it an error), ACCOUNTABLE_REQUIRED, ACCOUNTABLE_NOT_ELIGIBLE,
// MEMBER_NOT_ELIGIBLE; otherwise the warnings (INFO and ACKNOWLEDGE ones).
absl::StatusOr<std::vector<sisker::v1::Warning>> CheckComposition(
    const Rules& rules, const Composition& team);

// Whether `post` is one a non-fallback rule of `role` names (kind,
// hasil penyetaraan, jenjang): what makes a fallback lead's "kekosongan".
bool IsPrimaryPost(const Rules::RoleRule& role, const sisker::v1::Post& post);
// Whether only a fallback rule of `role` would admit `p` (so the vacancy
// must be checked).
bool NeedsVacancy(const Rules::RoleRule& role, const PersonFacts& p,
                  const std::string& owner_pd);

// The codes among `warnings` that need acknowledging and are not in
// `acknowledged` (FAILED_PRECONDITION ACKNOWLEDGEMENT_REQUIRED if any).
absl::Status CheckAcknowledged(const Rules& rules,
                               const std::vector<sisker::v1::Warning>& warnings,
                               const std::vector<std::string>& acknowledged);

// PERMISSION_DENIED (reason NOT_AUTHORIZED, `pasal` the rule's source)
// unless the caller holds one of `allowed`; `what` names the step.
absl::Status RequireParty(const Rules::Parties& allowed,
                          const std::set<Party>& held, const std::string& what);
bool Holds(const Rules::Parties& allowed, const std::set<Party>& held);

// RequireParty for a step a Plt/Plh may take only when `power` is among
// the profile's `acting_powers` (UU 30/2014 Pasal 14(7): acting officials
// take no strategic decisions). `held` are the parties the caller holds
// outright, `acting` those held only as Plt/Plh. PERMISSION_DENIED
// ACTING_POWER_MISSING when only an acting holding would allow it.
absl::Status RequireStepParty(
    const Rules::Parties& allowed, const std::set<Party>& held,
    const std::set<Party>& acting, const std::string& what,
    const std::string& power,
    const google::protobuf::RepeatedPtrField<std::string>& acting_powers);

// FAILED_PRECONDITION (reason `reason`) unless the team is in one of
// `states`.
absl::Status RequireStage(const sisker::v1::Team& team,
                          std::initializer_list<sisker::v1::Team::State> states,
                          const std::string& reason, const std::string& what,
                          const std::string& article);

// The report rule for an author's role (PSR 15(2)a-b, KMP 6(2)); nullptr
// when the profile has none.
const Rules::ReportRule* ReportRuleFor(const Rules& rules,
                                       Rules::ReportRule::Kind kind);

// An escalation's own checks (PSR 13(1)b3): enabled, problem, at least
// `min_recommendations` alternatives. INVALID_ARGUMENT
// RECOMMENDATION_REQUIRED / FAILED_PRECONDITION NOT_CONFIGURED.
absl::Status CheckEscalation(const Rules& rules,
                             const sisker::v1::Escalation& e);

// A coordination note's stage must be one the profile lists (PSR
// 13(1)b6).
absl::Status CheckCoordinationStage(const Rules& rules, Rules::Stage stage);

// Working days (the profile's working week and holidays).
bool IsWorkingDay(const Rules& rules, absl::CivilDay day);
// The working day `n` working days after `from` (n >= 0; 0: `from` or the
// next working day).
absl::CivilDay AddWorkingDays(const Rules& rules, absl::CivilDay from, int n);

// The profile's checks at load: every rule has a source.
absl::Status ValidateTeamworkRules(const Rules& rules);

std::string PartyName(Party party);

}  // namespace sisker::teamwork

#endif  // SISKER_SERVICES_TEAMWORK_TEAM_RULES_H_
