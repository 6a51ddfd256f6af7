// Who the officials of an assignment are on a day, and which of them the
// caller is (DOMAIN.md 3.2): the assignee's PPK and direct superior, the
// heads of their unit and PD, the heads of the owner unit and PD, the
// Sekda; a Plt/Plh as such (UU 30/2014 Pasal 14(7): only the powers the
// profile lists), and a delegate with signing authority "a.n."/"u.b." the
// official's post, as the org service's delegation says.
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"

namespace sisker::assignment {

absl::StatusOr<Seat> Assignments::SeatOf(const std::string& instansi,
                                         const std::string& unit,
                                         absl::CivilDay day,
                                         absl::Time deadline) {
  Seat seat;
  seat.instansi = instansi;
  std::string next = unit;
  for (int depth = 0; !next.empty() && depth < 16; ++depth) {
    ASSIGN_OR_RETURN(v1::Unit u, org_->GetUnit(next, day, deadline));
    if (seat.pd.empty()) seat.pd = u.perangkat_daerah();
    seat.units.push_back(next);
    next = u.parent_unit();
  }
  return seat;
}

std::string Assignments::CallerPerson(const Call& call,
                                      const std::string& instansi) {
  if (call.principal.kind != common::Principal::Kind::kPerson) return "";
  auto me =
      org_->LookupSubject(instansi, call.principal.subject, call.deadline);
  return me.ok() ? me->person().person() : "";
}

absl::StatusOr<std::vector<Assignments::Role>> Assignments::OfficialsFor(
    const std::string& instansi, const v1::Kedudukan& assignee,
    const Seat& owner, absl::CivilDay day, absl::Time deadline) {
  std::vector<Role> roles;
  auto add = [&](Rules::Official official, const v1::Person& person,
                 const std::string& pd) {
    if (person.person().empty()) return;
    Role role{official, person, pd};
    if (person.acting() == "PLT") role.capacity = "Plt.";
    if (person.acting() == "PLH") role.capacity = "Plh.";
    roles.push_back(std::move(role));
  };
  add(Rules::PPK, assignee.assessor().person(), assignee.perangkat_daerah());
  add(Rules::DIRECT_SUPERIOR, assignee.direct_superior(),
      assignee.perangkat_daerah());
  if (!assignee.unit().empty()) {
    ASSIGN_OR_RETURN(v1::Heads home,
                     org_->GetHeads(assignee.unit(), day, deadline));
    add(Rules::PIMPINAN_UNIT_HOME, home.head(), assignee.perangkat_daerah());
  }
  if (!assignee.perangkat_daerah().empty()) {
    ASSIGN_OR_RETURN(v1::Heads home, org_->GetHeads(assignee.perangkat_daerah(),
                                                    day, deadline));
    add(Rules::KEPALA_PD_HOME, home.head(), assignee.perangkat_daerah());
  }
  ASSIGN_OR_RETURN(v1::Heads pd_heads, org_->GetHeads(owner.pd, day, deadline));
  add(Rules::KEPALA_PD_OWNER, pd_heads.head(), owner.pd);
  ASSIGN_OR_RETURN(v1::Heads unit_heads,
                   org_->GetHeads(owner.units.front(), day, deadline));
  add(Rules::PIMPINAN_UNIT_OWNER, unit_heads.head(), owner.pd);
  if (!pd_heads.sekda().person().empty()) {
    // The Sekda signs on the letterhead of the Sekretariat Daerah.
    auto sekda = org_->GetKedudukan(pd_heads.sekda().person(), day, deadline);
    add(Rules::SEKDA, pd_heads.sekda(),
        sekda.ok() ? sekda->perangkat_daerah() : owner.pd);
  }
  return roles;
}

absl::StatusOr<std::vector<Assignments::Role>> Assignments::CallerIs(
    const Call& call, const std::string& instansi,
    const v1::Kedudukan& assignee, const Seat& owner, absl::CivilDay day,
    bool signing) {
  return RolesOf(CallerPerson(call, instansi), instansi, assignee, owner, day,
                 signing, call.deadline);
}

absl::StatusOr<std::vector<Assignments::Role>> Assignments::RolesOf(
    const std::string& person, const std::string& instansi,
    const v1::Kedudukan& assignee, const Seat& owner, absl::CivilDay day,
    bool signing, absl::Time deadline) {
  std::vector<Role> mine;
  if (person.empty()) return mine;
  ASSIGN_OR_RETURN(std::vector<Role> all,
                   OfficialsFor(instansi, assignee, owner, day, deadline));
  for (const Role& role : all) {
    if (role.person.person() == person) mine.push_back(role);
  }
  if (!signing) return mine;
  // Signing authority delegated to the caller for an official's post.
  auto me = org_->GetKedudukan(person, day, deadline);
  if (!me.ok()) return mine;
  for (const auto& authority : me->signing_authorities()) {
    for (const Role& role : all) {
      if (role.person.post() != authority.delegating_post()) continue;
      Role delegated = role;
      delegated.person.set_person(person);
      delegated.person.set_display_name(me->display_name());
      delegated.person.set_post(me->post());
      delegated.person.set_post_display_name(me->post_display_name());
      delegated.person.set_acting("");
      delegated.capacity =
          authority.mode() == v1::Delegation::UNTUK_BELIAU ? "u.b." : "a.n.";
      delegated.on_behalf_of = authority.delegating_post_display_name();
      delegated.delegation = authority.delegation();
      mine.push_back(std::move(delegated));
    }
  }
  return mine;
}

absl::Status Assignments::CheckActingPower(const Role& role,
                                           const v1::PolicyProfile& profile,
                                           const std::string& power) {
  if (role.capacity != "Plt." && role.capacity != "Plh.") {
    return absl::OkStatus();
  }
  for (const auto& allowed : profile.kedudukan().acting_powers()) {
    if (allowed == power) return absl::OkStatus();
  }
  return common::PermissionDenied(
      absl::StrCat("a ", role.capacity, " official with the power ", power,
                   " (UU 30/2014 Pasal 14(7); the profile's acting_powers)"),
      absl::StrCat("pejabat ", role.capacity, " dengan kewenangan ", power));
}

absl::StatusOr<std::optional<Assignments::Role>> Assignments::IsAnsweringHead(
    const Call& call, const std::string& instansi,
    const v1::InvolvementRequest& r) {
  const std::string person = CallerPerson(call, instansi);
  if (person.empty()) return std::nullopt;
  // PSR 9(4): the Pimpinan Unit and/or the Kepala PD where the pegawai sits.
  for (const std::string& where :
       {r.pegawai_unit(), r.pegawai_perangkat_daerah()}) {
    if (where.empty()) continue;
    ASSIGN_OR_RETURN(v1::Heads heads,
                     org_->GetHeads(where, std::nullopt, call.deadline));
    if (heads.head().person() == person) {
      Role role{where == r.pegawai_unit() ? Rules::PIMPINAN_UNIT_HOME
                                          : Rules::KEPALA_PD_HOME,
                heads.head(), r.pegawai_perangkat_daerah()};
      if (heads.head().acting() == "PLT") role.capacity = "Plt.";
      if (heads.head().acting() == "PLH") role.capacity = "Plh.";
      return role;
    }
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<Assignments::Role>> Assignments::IsApprover(
    const Call& call, const std::string& instansi,
    const v1::InvolvementRequest& r) {
  ASSIGN_OR_RETURN(v1::Instansi i, org_->GetInstansi(instansi, call.deadline));
  const absl::CivilDay today = common::TodayIn(i.time_zone());
  ASSIGN_OR_RETURN(v1::Kedudukan assignee,
                   org_->GetKedudukan(r.pegawai(), today, call.deadline));
  ASSIGN_OR_RETURN(Seat owner,
                   SeatOf(instansi, r.owner_unit(), today, call.deadline));
  ASSIGN_OR_RETURN(auto roles,
                   CallerIs(call, instansi, assignee, owner, today, false));
  for (const auto& role : roles) {
    for (int approver : r.approvers()) {
      if (role.official == approver) return role;
    }
  }
  return std::nullopt;
}

}  // namespace sisker::assignment
