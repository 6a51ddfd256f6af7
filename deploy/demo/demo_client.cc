#include "deploy/demo/demo_client.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace sisker::demo {

using Kind = common::Principal::Kind;

google::type::Date ToDate(Day day) {
  google::type::Date d;
  d.set_year(day.y);
  d.set_month(day.m);
  d.set_day(day.d);
  return d;
}

std::string RequestId(const std::string& key) {
  const std::string h = common::Sha256Hex(absl::StrCat("sisker-demo/", key));
  return absl::StrCat(h.substr(0, 8), "-", h.substr(8, 4), "-", h.substr(12, 4),
                      "-", h.substr(16, 4), "-", h.substr(20, 12));
}

std::string PostId(const std::string& unit, const std::string& suffix) {
  std::string base = unit.substr(0, 39 - suffix.size());
  while (!base.empty() && base.back() == '-') base.pop_back();
  return absl::StrCat(base, "-", suffix);
}

DemoClient::DemoClient(std::string instansi, std::string bkpsdm_subject,
                       std::shared_ptr<grpc::Channel> org,
                       const common::AssertionSigner& signer,
                       std::string link_reason)
    : instansi_(std::move(instansi)),
      bkpsdm_{instansi_, std::move(bkpsdm_subject), Kind::kPerson, {}},
      org_(v1::OrgService::NewStub(org)),
      signer_(signer),
      link_reason_(std::move(link_reason)) {}

absl::StatusOr<v1::Heads> DemoClient::Heads(const std::string& name) const {
  v1::GetHeadsRequest r;
  r.set_name(name);
  v1::Heads out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetHeads, r, &out));
  return out;
}

absl::StatusOr<std::string> DemoClient::PdOf(const std::string& unit) {
  if (auto it = pd_of_.find(unit); it != pd_of_.end()) return it->second;
  v1::GetUnitRequest r;
  r.set_name(unit);
  v1::Unit out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetUnit, r, &out));
  return pd_of_[unit] = out.perangkat_daerah();
}

absl::StatusOr<v1::Kedudukan> DemoClient::KedudukanOf(
    const std::string& pegawai, std::optional<Day> as_of) const {
  v1::GetKedudukanRequest r;
  r.set_name(pegawai + "/kedudukan");
  if (as_of) *r.mutable_as_of() = ToDate(*as_of);
  v1::Kedudukan out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetKedudukan, r, &out));
  return out;
}

absl::StatusOr<std::vector<std::string>> DemoClient::Holders(
    const std::string& post) const {
  v1::ListPostHoldersRequest r;
  r.set_name(post);
  v1::ListPostHoldersResponse out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::ListPostHolders, r, &out));
  std::vector<std::string> holders;
  for (const auto& h : out.holdings()) {
    if (h.person().acting().empty() && !h.has_valid_to())
      holders.push_back(h.person().person());
  }
  std::sort(holders.begin(), holders.end());  // the same order every run
  return holders;
}

absl::StatusOr<common::Principal> DemoClient::As(const std::string& pegawai) {
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
      link.set_reason(link_reason_);
      RETURN_IF_ERROR(Org(&v1::OrgService::Stub::UpdatePegawai, link, &p));
    }
    subject_[pegawai] = p.subject();
    nip_[pegawai] = p.nip();
  }
  return common::Principal{instansi_, subject_[pegawai], Kind::kPerson, {}};
}

std::string DemoClient::NipOf(const std::string& pegawai) const {
  auto it = nip_.find(pegawai);
  return it == nip_.end() ? "" : it->second;
}

}  // namespace sisker::demo
