// Who holds each party of the profile (TeamworkRules.Party) for a team,
// today, from the team itself and the org structure (Plt/Plh included):
// the authority behind every step and the addressees of reports,
// requests and escalations.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {
namespace {

v1::Person MemberPerson(const v1::TeamMember& m) {
  v1::Person p;
  p.set_person(m.person());
  p.set_display_name(m.display_name());
  p.set_post_display_name(m.post_display_name());
  return p;
}

void Add(std::vector<Holder>& out, Party party, const v1::Person& person,
         const std::string& on_behalf_of = "") {
  if (person.person().empty()) return;
  out.push_back({party, person, on_behalf_of});
}

}  // namespace

absl::StatusOr<std::vector<Holder>> Teamwork::HoldersFor(
    const std::string& inst, const v1::Team& team, const std::string& subject,
    absl::Time deadline) {
  std::vector<Holder> out;
  for (const auto& m : team.members()) {
    if (m.state() == v1::TeamMember::REFUSED) continue;
    Add(out, m.role() == v1::TeamMember::LEAD ? Rules::LEAD : Rules::MEMBER,
        MemberPerson(m));
  }
  if (!team.accountable().empty()) {
    v1::Person p;
    p.set_person(team.accountable());
    auto k = org_->GetKedudukan(team.accountable(), std::nullopt, deadline);
    if (k.ok()) {
      p.set_display_name(k->display_name());
      p.set_post_display_name(k->post_display_name());
    }
    Add(out, Rules::ACCOUNTABLE, p);
  }
  if (!team.owner_perangkat_daerah().empty()) {
    ASSIGN_OR_RETURN(v1::Heads pd, org_->GetHeads(team.owner_perangkat_daerah(),
                                                  std::nullopt, deadline));
    Add(out, Rules::KEPALA_PD_OWNER, pd.head());
    Add(out, Rules::SEKDA, pd.sekda());
  }
  if (!team.owner_unit().empty()) {
    ASSIGN_OR_RETURN(v1::Heads unit,
                     org_->GetHeads(team.owner_unit(), std::nullopt, deadline));
    Add(out, Rules::PIMPINAN_UNIT_OWNER, unit.head());
  }
  if (IsPegawai(subject)) {
    ASSIGN_OR_RETURN(v1::Kedudukan k,
                     org_->GetKedudukan(subject, std::nullopt, deadline));
    Add(out, Rules::PPK, k.assessor().person());
    Add(out, Rules::DIRECT_SUPERIOR, k.direct_superior());
    ASSIGN_OR_RETURN(v1::Heads pd, org_->GetHeads(k.perangkat_daerah(),
                                                  std::nullopt, deadline));
    Add(out, Rules::KEPALA_PD_HOME, pd.head(), k.perangkat_daerah());
    ASSIGN_OR_RETURN(v1::Heads unit,
                     org_->GetHeads(k.unit(), std::nullopt, deadline));
    Add(out, Rules::PIMPINAN_UNIT_HOME, unit.head(), k.unit());
  }
  return out;
}

std::vector<Holder> Teamwork::Select(const std::vector<Holder>& holders,
                                     const Rules::Parties& parties) {
  std::vector<Holder> out;
  for (int p : parties.parties()) {
    for (const Holder& h : holders) {
      if (h.party != p) continue;
      const bool seen =
          std::any_of(out.begin(), out.end(), [&](const Holder& o) {
            return o.person.person() == h.person.person();
          });
      if (!seen) out.push_back(h);
    }
  }
  return out;
}

std::set<Party> Teamwork::PartiesOf(const std::string& person,
                                    const std::vector<Holder>& holders) {
  std::set<Party> out;
  if (person.empty()) return out;
  for (const Holder& h : holders) {
    if (h.person.person() == person) out.insert(h.party);
  }
  return out;
}

absl::Status Teamwork::RequireStep(const v1::PolicyProfile& profile,
                                   const std::string& person,
                                   const std::vector<Holder>& holders,
                                   const Rules::Parties& allowed,
                                   const std::string& what,
                                   const std::string& power) {
  std::set<Party> held;
  std::set<Party> acting;
  if (!person.empty()) {
    for (const Holder& h : holders) {
      if (h.person.person() != person) continue;
      (h.person.acting().empty() ? held : acting).insert(h.party);
    }
  }
  return RequireStepParty(allowed, held, acting, what, power,
                          profile.kedudukan().acting_powers());
}

absl::StatusOr<std::vector<v1::Recipient>> Teamwork::RecipientsFor(
    const Ctx& ctx,
    const google::protobuf::RepeatedPtrField<Rules::Parties>& groups,
    const std::string& subject, absl::Time deadline) {
  ASSIGN_OR_RETURN(std::vector<Holder> holders,
                   HoldersFor(ctx.inst, ctx.team(), subject, deadline));
  std::vector<v1::Recipient> out;
  for (int g = 0; g < groups.size(); ++g) {
    for (const Holder& h : Select(holders, groups[g])) {
      // Nobody reports to themselves (e.g. a lead who is also the PPK).
      if (h.person.person() == subject) continue;
      v1::Recipient r;
      r.set_party(h.party);
      r.set_person(h.person.person());
      r.set_display_name(h.person.display_name());
      r.set_group(g);
      r.set_source(groups[g].source());
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace sisker::teamwork
