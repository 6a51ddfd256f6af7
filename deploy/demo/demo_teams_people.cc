// Who acts for the demo teams: officials resolved from the org structure
// today (heads of the owner unit and PD), the pegawai picked for a team
// (deterministically, from the posts of the demo structure), the lead the
// profile asks for (KMP 4(6)) and the accountable official.
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "deploy/demo/demo_teams_steps.h"

namespace sisker::demo::teams {

using Kind = common::Principal::Kind;

google::type::Date ToDate(Day day) {
  google::type::Date d;
  d.set_year(day.y);
  d.set_month(day.m);
  d.set_day(day.d);
  return d;
}

std::string RequestId(const std::string& key) {
  const std::string h =
      common::Sha256Hex(absl::StrCat("sisker-demo/teams/", key));
  return absl::StrCat(h.substr(0, 8), "-", h.substr(8, 4), "-", h.substr(12, 4),
                      "-", h.substr(16, 4), "-", h.substr(20, 12));
}

std::string PostId(const std::string& unit, const std::string& suffix) {
  std::string base = unit.substr(0, 39 - suffix.size());
  while (!base.empty() && base.back() == '-') base.pop_back();
  return absl::StrCat(base, "-", suffix);
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
      bkpsdm_{instansi_, std::move(bkpsdm), Kind::kPerson, {}},
      reader_{instansi_, "sisker-demo", Kind::kService, {"assignment.read"}},
      org_(v1::OrgService::NewStub(org)),
      assignment_(v1::AssignmentService::NewStub(assignment)),
      teamwork_(v1::TeamworkService::NewStub(teamwork)),
      signer_(signer) {}

std::string Loader::Key(const TeamRun& t, const std::string& step) const {
  return absl::StrCat(instansi_, "-", t.n, "-", step);
}

absl::StatusOr<v1::Heads> Loader::Heads(const std::string& name) {
  v1::GetHeadsRequest r;
  r.set_name(name);
  v1::Heads out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetHeads, r, &out));
  return out;
}

absl::StatusOr<v1::Post> Loader::Post(const std::string& name) {
  if (auto it = posts_.find(name); it != posts_.end()) return it->second;
  v1::GetPostRequest r;
  r.set_name(name);
  v1::Post out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetPost, r, &out));
  return posts_[name] = out;
}

absl::StatusOr<std::vector<std::string>> Loader::Holders(
    const std::string& post) {
  v1::ListPostHoldersRequest r;
  r.set_name(post);
  v1::ListPostHoldersResponse out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::ListPostHolders, r, &out));
  std::vector<std::string> holders;
  for (const auto& h : out.holdings()) {
    if (h.person().acting().empty() && !h.has_valid_to())
      holders.push_back(h.person().person());
  }
  std::sort(holders.rbegin(), holders.rend());  // the same pick every run
  return holders;
}

absl::StatusOr<common::Principal> Loader::As(const std::string& pegawai) {
  if (!subject_.count(pegawai)) {
    v1::GetPegawaiRequest get;
    get.set_name(pegawai);
    v1::Pegawai p;
    RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetPegawai, get, &p));
    if (p.subject().empty()) {
      v1::UpdatePegawaiRequest link;
      link.mutable_pegawai()->set_name(pegawai);
      link.mutable_pegawai()->set_subject("nip-" + p.nip());
      link.mutable_update_mask()->add_paths("subject");
      link.set_reason("Demo: akun pejabat dan anggota tim kerja");
      RETURN_IF_ERROR(Org(&v1::OrgService::Stub::UpdatePegawai, link, &p));
    }
    subject_[pegawai] = p.subject();
    nip_[pegawai] = p.nip();
  }
  return common::Principal{instansi_, subject_[pegawai], Kind::kPerson, {}};
}

absl::StatusOr<v1::Person> Loader::Official(Who who, const TeamRun& t) {
  v1::Person person;
  switch (who) {
    case Who::kOwnerUnitHead:
    case Who::kOwnerKepalaPd: {
      ASSIGN_OR_RETURN(v1::Heads h,
                       Heads(who == Who::kOwnerUnitHead ? t.owner : t.pd));
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
  return As(person.person());
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
            v1::GetKedudukanRequest r;
            r.set_name(h + "/kedudukan");
            *r.mutable_as_of() = ToDate(p.start);
            v1::Kedudukan k;
            RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetKedudukan, r, &k));
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
                     Heads(absl::StrCat(parent_, "/units/", unit)));
    if (h.vacant() || !h.head().acting().empty()) continue;
    ASSIGN_OR_RETURN(v1::Post post, Post(h.head().post()));
    if (post.kind() == v1::Post::ADMINISTRATOR) return h.head().person();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "no Administrator heads a unit of the PD of ", p.owner_unit));
}

}  // namespace sisker::demo::teams
