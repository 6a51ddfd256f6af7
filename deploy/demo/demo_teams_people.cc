// Who acts for the demo teams: officials resolved from the org structure
// today (heads of the owner unit and PD), the pegawai picked for a team
// (deterministically, from the posts of the demo structure), the lead the
// profile asks for (KMP 4(6)) and the accountable official.
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "deploy/demo/demo_teams_steps.h"

namespace sisker::demo::teams {

using Kind = common::Principal::Kind;

std::string RequestId(const std::string& key) {
  return demo::RequestId("teams/" + key);
}

Loader::Loader(std::string instansi, std::string bkpsdm,
               const DemoStructure& structure,
               std::shared_ptr<grpc::Channel> org,
               std::shared_ptr<grpc::Channel> assignment,
               std::shared_ptr<grpc::Channel> teamwork,
               const common::AssertionSigner& signer)
    : instansi_(std::move(instansi)),
      parent_("instansi/" + instansi_),
      structure_(structure),
      reader_{instansi_, "sisker-demo", Kind::kService, {"assignment.read"}},
      client_(instansi_, std::move(bkpsdm), std::move(org), signer,
              "Demo: akun pejabat dan anggota tim kerja"),
      assignment_(v1::AssignmentService::NewStub(assignment)),
      teamwork_(v1::TeamworkService::NewStub(teamwork)) {}

std::string Loader::Key(const TeamRun& t, const std::string& step) const {
  return absl::StrCat(instansi_, "-", t.n, "-", step);
}

absl::StatusOr<v1::Post> Loader::Post(const std::string& name) {
  if (auto it = posts_.find(name); it != posts_.end()) return it->second;
  v1::GetPostRequest r;
  r.set_name(name);
  v1::Post out;
  RETURN_IF_ERROR(client_.Org(&v1::OrgService::Stub::GetPost, r, &out));
  return posts_[name] = out;
}

absl::StatusOr<std::vector<std::string>> Loader::Holders(
    const std::string& post) {
  ASSIGN_OR_RETURN(std::vector<std::string> holders, client_.Holders(post));
  std::reverse(holders.begin(), holders.end());  // the same pick every run
  return holders;
}

absl::StatusOr<v1::Person> Loader::Official(Who who, const TeamRun& t) {
  v1::Person person;
  switch (who) {
    case Who::kOwnerUnitHead:
    case Who::kOwnerKepalaPd: {
      ASSIGN_OR_RETURN(
          v1::Heads h,
          client_.Heads(who == Who::kOwnerUnitHead ? t.owner : t.pd));
      person = h.head();
      break;
    }
    case Who::kAccountable:
      person.set_person(t.team.accountable());
      break;
  }
  if (person.person().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("team \"", t.plan->purpose, "\": the official is vacant"));
  }
  return person;
}

absl::StatusOr<common::Principal> Loader::AsOfficial(Who who,
                                                     const TeamRun& t) {
  ASSIGN_OR_RETURN(v1::Person person, Official(who, t));
  return client_.As(person.person());
}

absl::StatusOr<std::string> Loader::Pick(const Seat& seat) {
  const std::string post =
      absl::StrCat(parent_, "/posts/", PostId(seat.unit, seat.suffix));
  ASSIGN_OR_RETURN(std::vector<std::string> holders, Holders(post));
  for (const auto& p : holders) {
    if (used_.insert(p).second) return p;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("no pegawai left to put on a team in ", post));
}

std::string Loader::PdIdOf(const std::string& unit_id) const {
  for (const auto& u : structure_.units) {
    if (u.id == unit_id) return u.pd_id;
  }
  return "";
}

absl::StatusOr<std::string> Loader::PickLead(const TeamPlan& p,
                                             std::string* fallback_reason) {
  if (p.lead.unit != nullptr) return Pick(p.lead);
  // The owner unit first, then the units of its PD in the file's order.
  const std::string pd = PdIdOf(p.owner_unit);
  std::vector<std::string> units = {p.owner_unit};
  for (const auto& u : structure_.units) {
    if (u.pd_id == pd && u.id != p.owner_unit) units.push_back(u.id);
  }
  // Pass 0: hasil penyetaraan; pass 1: "kekosongan", a fungsional
  // keahlian who is PNS.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& unit : units) {
      for (const char* suffix : {"f0", "f1"}) {
        const std::string name =
            absl::StrCat(parent_, "/posts/", PostId(unit, suffix));
        ASSIGN_OR_RETURN(v1::Post post, Post(name));
        if (post.kind() != v1::Post::FUNGSIONAL) continue;
        if (pass == 0 && !post.hasil_penyetaraan()) continue;
        if (pass == 1 && !absl::StartsWith(post.jenjang(), "AHLI_")) continue;
        ASSIGN_OR_RETURN(std::vector<std::string> holders, Holders(name));
        for (const auto& h : holders) {
          if (used_.count(h)) continue;
          if (pass == 1) {
            ASSIGN_OR_RETURN(v1::Kedudukan k, client_.KedudukanOf(h, p.start));
            if (k.asn_kind() != v1::Pegawai::PNS) continue;
            *fallback_reason =
                "Tidak ada Pejabat Fungsional hasil penyetaraan di Perangkat "
                "Daerah pemilik kinerja yang dapat ditunjuk (kekosongan, KMP "
                "4(6)); ditunjuk Pejabat Fungsional keahlian berstatus PNS.";
          }
          used_.insert(h);
          return h;
        }
      }
    }
  }
  return absl::FailedPreconditionError(
      absl::StrCat("no eligible lead in the PD of ", p.owner_unit));
}

absl::StatusOr<std::string> Loader::PickAccountable(const TeamPlan& p) {
  const std::string pd = PdIdOf(p.owner_unit);
  std::vector<std::string> units = {p.owner_unit};
  for (const auto& u : structure_.units) {
    if (u.pd_id == pd && u.id != p.owner_unit) units.push_back(u.id);
  }
  for (const auto& unit : units) {
    ASSIGN_OR_RETURN(v1::Heads h,
                     client_.Heads(absl::StrCat(parent_, "/units/", unit)));
    if (h.vacant() || !h.head().acting().empty()) continue;
    ASSIGN_OR_RETURN(v1::Post post, Post(h.head().post()));
    if (post.kind() == v1::Post::ADMINISTRATOR) return h.head().person();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "no Administrator heads a unit of the PD of ", p.owner_unit));
}

}  // namespace sisker::demo::teams
