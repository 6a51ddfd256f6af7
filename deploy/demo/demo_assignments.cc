// The demo assignments: scenarios per kabupaten, each driven through the
// assignment service by the officials the profile names (resolved from the
// org structure: the assignee's PPK and superior, the heads of the units
// and PDs, the Sekda, a signing delegate) to the state it is meant to show.
#include "deploy/demo/demo_assignments.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "sisker/v1/assignment.grpc.pb.h"
#include "sisker/v1/org.grpc.pb.h"

namespace sisker::demo {
namespace {

namespace v1 = ::sisker::v1;
using Rules = v1::AssignmentRules;
using Kind = common::Principal::Kind;

// Where deploy/up.sh serves the gateway (for the printed hints).
constexpr char kGateway[] = "http://127.0.0.1:8080";

// Who acts, resolved from the org structure today.
enum class Who {
  kNone,
  kSelf,            // the assignee (volunteering, KMP 4(7), PSR 8(3))
  kPpk,             // the assignee's Pejabat Penilai Kinerja
  kDirectSuperior,  // the assignee's direct superior
  kHomeUnitHead,    // the head of the unit where the assignee sits
  kHomeKepalaPd,    // the Kepala PD where the assignee sits
  kOwnerUnitHead,   // the Pimpinan Unit of the owner unit
  kOwnerKepalaPd,   // the Kepala PD owning the work
  kSekda,           // the Sekretaris Daerah
  kDelegate,        // the holder of the plan's signing delegation
};

enum class Op { kApprove, kAccept, kRefuse, kSign, kCancel, kSupersede };

struct Step {
  Op op;
  Who who;
  const char* reason = "";  // kRefuse, kCancel, kSupersede
};

struct Day {
  int y = 0, m = 0, d = 0;
};

struct Scenario {
  const char* home_unit;   // where the assignee sits
  const char* owner_unit;  // pemilik kinerja
  Rules::Method method;
  Who creator;
  const char* purpose;
  std::vector<const char*> targets;
  const char* competence = "";  // across units or PDs (PSR 9(3)b)
  Day start, end;
  std::vector<Step> steps;
  Day corrected_end = {};  // kSupersede: the corrected period's end
  Who inbox = Who::kNone;  // printed: who has this pending action
  bool showcase = false;   // printed: this letter's verification code
  const char* other =
      "Melaporkan hasil pelaksanaan tugas secara tertulis kepada pemberi "
      "tugas; biaya dibebankan pada DPA Tahun Anggaran 2026.";
};

struct Plan {
  // The head of the first of `delegate_units` not vacant signs "a.n." the
  // Kepala of `delegating_pd`.
  std::vector<const char*> delegate_units;
  const char* delegating_pd = "";
  std::vector<Scenario> scenarios;
};

constexpr auto kAppoint = Rules::APPOINTMENT;
constexpr auto kVolunteer = Rules::VOLUNTEERING;

Plan KamparPlan() {
  // KMP 4(5): the Kepala PD appoints; 4(8): the Kepala PD or the PPK signs
  // a Surat Tugas; no involvement request; volunteers are approved by the
  // Kepala PD (the profile's choice, KMP 4(7) names nobody).
  const Who kKepalaPd = Who::kOwnerKepalaPd;
  return {.scenarios = {
              {.home_unit = "dinkes-bid-p2p",
               .owner_unit = "dinkes-bid-p2p",
               .method = kVolunteer,
               .creator = Who::kSelf,
               .purpose = "Pendampingan petugas puskesmas dalam pelaksanaan "
                          "Bulan Imunisasi Anak Sekolah (BIAS) 2026",
               .targets = {"Pendampingan BIAS di lima puskesmas terlaksana",
                           "Laporan cakupan BIAS per puskesmas tersusun"},
               .start = {2026, 12, 1},
               .end = {2026, 12, 31},
               .inbox = kKepalaPd},
              {.home_unit = "diskominfo-bid-statistik-sandi",
               .owner_unit = "dinkes-bid-p2p",
               .method = kVolunteer,
               .creator = Who::kSelf,
               .purpose = "Pengembangan dasbor surveilans penyakit menular "
                          "berbasis data puskesmas",
               .targets = {"Dasbor surveilans mingguan tersedia dan "
                           "diperbarui dari laporan puskesmas"},
               .competence = "Pengolahan dan visualisasi data statistik",
               .start = {2026, 12, 1},
               .end = {2026, 12, 31}},
              {.home_unit = "dinkes-bid-kesmas",
               .owner_unit = "dinkes-bid-kesmas",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Penyusunan laporan pemantauan status gizi balita "
                          "semester II 2026",
               .targets = {"Laporan pemantauan status gizi balita semester "
                           "II tersusun",
                           "Data penimbangan seluruh puskesmas tervalidasi"},
               .start = {2026, 12, 1},
               .end = {2026, 12, 31}},
              {.home_unit = "dinkes-bid-yankes",
               .owner_unit = "dinkes-bid-p2p",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Penyusunan laporan surveilans campak triwulan III",
               .targets = {"Laporan surveilans triwulan III tersusun dan "
                           "disampaikan"},
               .competence = "Analisis data epidemiologi",
               .start = {2026, 10, 1},
               .end = {2026, 12, 31},
               .steps = {{Op::kSign, kKepalaPd}},
               .showcase = true},
              {.home_unit = "dinkes-bid-sdk",
               .owner_unit = "dinkes-bid-p2p",
               .method = kVolunteer,
               .creator = Who::kSelf,
               .purpose = "Verifikasi data kasus demam berdarah dengue (DBD) "
                          "tahun 2026",
               .targets = {"Data kasus DBD tahun 2026 terverifikasi per "
                           "kecamatan"},
               .competence = "Pengelolaan data kesehatan",
               .start = {2026, 11, 2},
               .end = {2026, 12, 18},
               .steps = {{Op::kRefuse, kKepalaPd,
                          "Yang bersangkutan menjadi panitia uji kompetensi "
                          "tenaga kesehatan sampai akhir Desember 2026"}}},
              {.home_unit = "dinkes-bid-p2p",
               .owner_unit = "dinkes-bid-p2p",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Penyelidikan epidemiologi kejadian luar biasa "
                          "diare di Kecamatan Kampar Kiri",
               .targets = {"Laporan penyelidikan epidemiologi KLB diare "
                           "tersusun"},
               .start = {2026, 10, 5},
               .end = {2026, 10, 30},
               .steps = {{Op::kSign, kKepalaPd},
                         {Op::kCancel, kKepalaPd,
                          "Penyelidikan diambil alih tim gerak cepat Dinas "
                          "Kesehatan Provinsi Riau"}}},
              {.home_unit = "dinkes-bid-kesmas",
               .owner_unit = "dinkes-bid-kesmas",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Sosialisasi perilaku hidup bersih dan sehat "
                          "(PHBS) di sekolah dasar",
               .targets = {"Sosialisasi PHBS di 20 sekolah dasar terlaksana"},
               .start = {2026, 9, 1},
               .end = {2026, 10, 31},
               .steps = {{Op::kSign, kKepalaPd},
                         {Op::kSupersede, kKepalaPd,
                          "Jangka waktu diperpanjang karena jadwal ujian "
                          "sekolah bergeser"}},
               .corrected_end = {2026, 11, 30}},
              // KMP 4(8): the Pejabat Penilai Kinerja may sign too.
              {.home_unit = "dinkes-bid-yankes",
               .owner_unit = "dinkes-bid-yankes",
               .method = kVolunteer,
               .creator = Who::kSelf,
               .purpose = "Penyusunan standar operasional prosedur rujukan "
                          "puskesmas ke RSUD Bangkinang",
               .targets = {"Draf SOP rujukan tersusun dan dibahas dengan "
                           "kepala puskesmas"},
               .start = {2026, 10, 1},
               .end = {2026, 11, 30},
               .steps = {{Op::kApprove, kKepalaPd}, {Op::kSign, Who::kPpk}}},
              // Work of the Setda for a pegawai of the Dinkes: across PDs,
              // low priority against the home PD's work (KMP 5(2)).
              {.home_unit = "dinkes-bid-kesmas",
               .owner_unit = "setda-bag-kesra",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Penyusunan bahan rapat koordinasi percepatan "
                          "penurunan stunting tingkat kabupaten",
               .targets = {"Bahan rapat koordinasi dan notula tersusun",
                           "Rekomendasi tindak lanjut disampaikan kepada "
                           "Sekretaris Daerah"},
               .competence = "Gizi masyarakat",
               .start = {2026, 10, 12},
               .end = {2026, 12, 11},
               .steps = {{Op::kSign, kKepalaPd}}},
          }};
}

Plan PaserPlan() {
  // PSR 8(2), 8(5): the PPK, Kepala PD or Pimpinan Unit appoints; across
  // units or PDs the head where the pegawai sits answers first (9(3)-(4)).
  const Who kKabid = Who::kOwnerUnitHead;
  const Who kHome = Who::kHomeUnitHead;
  const Who kKadis = Who::kOwnerKepalaPd;
  return {
      .delegate_units = {"dinkes-sekretariat", "dinkes-bid-yankes"},
      .delegating_pd = "dinkes",
      .scenarios = {
          {.home_unit = "dinkes-bid-kesmas",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Penyusunan laporan surveilans campak triwulan III",
           .targets = {"Laporan surveilans triwulan III tersusun dan "
                       "disampaikan"},
           .competence = "Analisis data epidemiologi",
           .start = {2026, 12, 1},
           .end = {2026, 12, 31},
           .inbox = kHome},
          {.home_unit = "diskominfo-bid-statistik",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Pengolahan data kasus penyakit berpotensi kejadian "
                      "luar biasa tahun 2026",
           .targets = {"Data kasus penyakit berpotensi KLB tahun 2026 "
                       "terolah dan tersaji per kecamatan"},
           .competence = "Statistik dan pengolahan data",
           .start = {2026, 12, 1},
           .end = {2026, 12, 31}},
          {.home_unit = "dinkes-bid-yankes",
           .owner_unit = "dinkes-bid-p2p",
           .method = kVolunteer,
           .creator = Who::kSelf,
           .purpose = "Pendampingan imunisasi kejar campak-rubela di "
                      "Kecamatan Long Ikis",
           .targets = {"Imunisasi kejar di 12 desa terdampingi dan tercatat"},
           .start = {2026, 12, 1},
           .end = {2026, 12, 23}},
          {.home_unit = "dinkes-bid-p2p",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = Who::kPpk,
           .purpose = "Penyusunan rencana aksi eliminasi malaria Kabupaten "
                      "Paser 2027",
           .targets = {"Draf rencana aksi eliminasi malaria 2027 tersusun"},
           .start = {2026, 12, 1},
           .end = {2026, 12, 31}},
          // PSR 9(5)a: across units of one PD, the Kepala PD signs.
          {.home_unit = "dinkes-bid-yankes",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Validasi laporan surveilans penyakit tidak menular "
                      "triwulan III",
           .targets = {"Laporan surveilans PTM triwulan III tervalidasi dan "
                       "disampaikan"},
           .competence = "Analisis data epidemiologi",
           .start = {2026, 10, 1},
           .end = {2026, 12, 31},
           .steps = {{Op::kApprove, kHome}, {Op::kSign, kKadis}}},
          // The Kepala UPTD Puskesmas answers for their staff (PSR 9(4)).
          {.home_unit = "dinkes-uptd-pkm-tanah-grogot",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Pelacakan kontak kasus tuberkulosis di Kecamatan "
                      "Tanah Grogot",
           .targets = {"Seluruh kontak serumah kasus TBC terlacak dan "
                       "terperiksa"},
           .competence = "Surveilans dan pelacakan kontak",
           .start = {2026, 11, 2},
           .end = {2026, 12, 18},
           .steps = {{Op::kRefuse, kHome,
                      "Tenaga surveilans puskesmas sedang melaksanakan "
                      "imunisasi kejar sampai 18 Desember 2026"}}},
          // PSR 9(1): within a unit, the PPK appoints and signs.
          {.home_unit = "dinkes-bid-kesmas",
           .owner_unit = "dinkes-bid-kesmas",
           .method = kAppoint,
           .creator = Who::kPpk,
           .purpose = "Pemantauan kualitas air minum di fasilitas umum "
                      "Kecamatan Tanah Grogot",
           .targets = {"Hasil uji kualitas air minum 30 titik terlaporkan"},
           .start = {2026, 10, 5},
           .end = {2026, 11, 27},
           .steps = {{Op::kSign, Who::kPpk},
                     {Op::kCancel, Who::kPpk,
                      "Kegiatan ditunda karena reagen pemeriksaan belum "
                      "tersedia"}}},
          {.home_unit = "dinkes-subbag-umum",
           .owner_unit = "dinkes-subbag-umum",
           .method = kAppoint,
           .creator = Who::kPpk,
           .purpose = "Pendataan tenaga kesehatan untuk perencanaan "
                      "kebutuhan SDM kesehatan 2027",
           .targets = {"Data tenaga kesehatan seluruh puskesmas mutakhir"},
           .start = {2026, 9, 1},
           .end = {2026, 10, 31},
           .steps = {{Op::kSign, Who::kPpk},
                     {Op::kSupersede, Who::kPpk,
                      "Jangka waktu diperpanjang: data dua puskesmas belum "
                      "masuk"}},
           .corrected_end = {2026, 11, 30}},
          // PSR 9(5)b: across PDs by appointment, the Sekda signs.
          {.home_unit = "dinkes-bid-kesmas",
           .owner_unit = "setda-bag-kesra",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Penyusunan laporan kinerja Tim Percepatan Penurunan "
                      "Stunting Kabupaten Paser semester II",
           .targets = {"Laporan kinerja TPPS semester II tersusun dan "
                       "disampaikan kepada Bupati"},
           .competence = "Gizi masyarakat",
           .start = {2026, 10, 1},
           .end = {2026, 12, 31},
           .steps = {{Op::kApprove, kHome}, {Op::kSign, Who::kSekda}}},
          // PSR 9(5)a, signed "a.n. Kepala Dinas Kesehatan" by the delegate.
          {.home_unit = "dinkes-bid-kesmas",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Validasi data sasaran imunisasi kejar campak-rubela "
                      "2026",
           .targets = {"Data sasaran imunisasi kejar tervalidasi per "
                       "puskesmas"},
           .competence = "Pengelolaan data imunisasi",
           .start = {2026, 10, 12},
           .end = {2026, 12, 11},
           .steps = {{Op::kApprove, kHome}, {Op::kSign, Who::kDelegate}},
           .showcase = true},
          // PSR 11(3): the home Kepala PD approves, the target PD accepts
          // and issues the letter (11(3)b, the profile's reading).
          {.home_unit = "diskominfo-bid-aptika",
           .owner_unit = "dinkes-bid-p2p",
           .method = kVolunteer,
           .creator = Who::kSelf,
           .purpose = "Pengembangan aplikasi pelaporan kasus penyakit "
                      "berpotensi kejadian luar biasa",
           .targets = {"Aplikasi pelaporan kasus berbasis web dipakai "
                       "seluruh puskesmas"},
           .competence = "Pengembangan aplikasi",
           .start = {2026, 10, 1},
           .end = {2026, 12, 31},
           .steps = {{Op::kApprove, Who::kHomeKepalaPd},
                     {Op::kAccept, kKadis},
                     {Op::kSign, kKadis}}},
      }};
}

google::type::Date ToDate(Day day) {
  google::type::Date d;
  d.set_year(day.y);
  d.set_month(day.m);
  d.set_day(day.d);
  return d;
}

// A UUID-shaped request id (common/idempotency) stable for `key`.
std::string RequestId(const std::string& key) {
  const std::string h = common::Sha256Hex(absl::StrCat("sisker-demo/", key));
  return absl::StrCat(h.substr(0, 8), "-", h.substr(8, 4), "-", h.substr(12, 4),
                      "-", h.substr(16, 4), "-", h.substr(20, 12));
}

// A post id as demo_kedudukan.cc makes it (unit id and suffix, ≤ 40).
std::string PostId(const std::string& unit, const std::string& suffix) {
  std::string base = unit.substr(0, 39 - suffix.size());
  while (!base.empty() && base.back() == '-') base.pop_back();
  return absl::StrCat(base, "-", suffix);
}

class Loader {
 public:
  Loader(std::string instansi, std::string bkpsdm,
         std::shared_ptr<grpc::Channel> org,
         std::shared_ptr<grpc::Channel> assignment,
         const common::AssertionSigner& signer)
      : instansi_(std::move(instansi)),
        parent_("instansi/" + instansi_),
        bkpsdm_{instansi_, std::move(bkpsdm), Kind::kPerson, {}},
        reader_{instansi_, "sisker-demo", Kind::kService, {"assignment.read"}},
        org_(v1::OrgService::NewStub(org)),
        assignment_(v1::AssignmentService::NewStub(assignment)),
        signer_(signer) {}

  absl::Status Load(const Plan& plan);

 private:
  template <typename Stub, typename Rpc, typename Request, typename Response>
  absl::Status Call(Stub& stub, const char* audience,
                    const common::Principal& principal, Rpc rpc,
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    ASSIGN_OR_RETURN(std::string assertion, signer_.Mint(principal, audience));
    context.AddMetadata(common::kPrincipalMetadata, assertion);
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    return common::FromGrpcStatus((stub.*rpc)(&context, request, response));
  }
  template <typename Rpc, typename Request, typename Response>
  absl::Status Org(Rpc rpc, const Request& request, Response* response) {
    return Call(*org_, "sisker-org", bkpsdm_, rpc, request, response);
  }
  template <typename Rpc, typename Request, typename Response>
  absl::Status Assign(const common::Principal& principal, Rpc rpc,
                      const Request& request, Response* response) {
    return Call(*assignment_, "sisker-assignment", principal, rpc, request,
                response);
  }

  absl::StatusOr<v1::Heads> Heads(const std::string& name);
  absl::StatusOr<std::string> PdOf(const std::string& unit);
  absl::StatusOr<v1::Kedudukan> KedudukanOf(const std::string& pegawai);
  // The principal of a pegawai, linking "nip-<NIP>" if no subject is.
  absl::StatusOr<common::Principal> As(const std::string& pegawai);
  absl::StatusOr<std::string> PickAssignee(const std::string& unit);
  absl::StatusOr<v1::Person> Resolve(Who who, const std::string& assignee,
                                     const std::string& owner_unit);
  absl::Status EnsureDelegation(const Plan& plan);
  absl::StatusOr<std::optional<v1::Assignment>> Find(
      const std::string& assignee, const Scenario& s);
  absl::StatusOr<v1::Assignment> Read(const std::string& name);
  absl::StatusOr<v1::Letter> Letter(const std::string& name);
  // Creates (or finds) the assignment and carries it through its steps.
  absl::Status Run(int n, const Scenario& s);
  absl::Status Do(const std::string& key, const Step& step, const Scenario& s,
                  const v1::Assignment& a);
  absl::Status Tally(const Scenario& s, const v1::Assignment& a);

  std::string instansi_, parent_;
  common::Principal bkpsdm_, reader_;
  std::unique_ptr<v1::OrgService::Stub> org_;
  std::unique_ptr<v1::AssignmentService::Stub> assignment_;
  const common::AssertionSigner& signer_;
  std::set<std::string> used_;                  // assignees taken
  std::map<std::string, std::string> subject_;  // pegawai -> subject
  std::map<std::string, std::string> nip_;      // pegawai -> NIP
  std::map<std::string, std::string> pd_of_;    // unit -> PD
  v1::Person delegate_;
  int created_ = 0, total_ = 0, skipped_ = 0;
  std::map<std::string, int> states_, letters_;
  std::string showcase_, inbox_;
};

absl::StatusOr<v1::Heads> Loader::Heads(const std::string& name) {
  v1::GetHeadsRequest r;
  r.set_name(name);
  v1::Heads out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetHeads, r, &out));
  return out;
}

absl::StatusOr<std::string> Loader::PdOf(const std::string& unit) {
  if (auto it = pd_of_.find(unit); it != pd_of_.end()) return it->second;
  v1::GetUnitRequest r;
  r.set_name(unit);
  v1::Unit out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetUnit, r, &out));
  return pd_of_[unit] = out.perangkat_daerah();
}

absl::StatusOr<v1::Kedudukan> Loader::KedudukanOf(const std::string& pegawai) {
  v1::GetKedudukanRequest r;
  r.set_name(pegawai + "/kedudukan");
  v1::Kedudukan out;
  RETURN_IF_ERROR(Org(&v1::OrgService::Stub::GetKedudukan, r, &out));
  return out;
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
      link.set_reason("Demo: akun pejabat dan pegawai penugasan");
      RETURN_IF_ERROR(Org(&v1::OrgService::Stub::UpdatePegawai, link, &p));
    }
    subject_[pegawai] = p.subject();
    nip_[pegawai] = p.nip();
  }
  return common::Principal{instansi_, subject_[pegawai], Kind::kPerson, {}};
}

absl::StatusOr<std::string> Loader::PickAssignee(const std::string& unit) {
  for (const char* suffix : {"f0", "f1", "p"}) {
    v1::ListPostHoldersRequest r;
    r.set_name(absl::StrCat(parent_, "/posts/", PostId(unit, suffix)));
    v1::ListPostHoldersResponse out;
    RETURN_IF_ERROR(Org(&v1::OrgService::Stub::ListPostHolders, r, &out));
    std::vector<std::string> holders;
    for (const auto& h : out.holdings()) {
      if (h.person().acting().empty() && !h.has_valid_to())
        holders.push_back(h.person().person());
    }
    std::sort(holders.begin(), holders.end());  // the same pick every run
    for (const auto& p : holders) {
      if (used_.insert(p).second) return p;
    }
  }
  return absl::FailedPreconditionError(
      absl::StrCat("no pegawai left to assign in ", unit));
}

absl::StatusOr<v1::Person> Loader::Resolve(Who who, const std::string& assignee,
                                           const std::string& owner_unit) {
  if (who == Who::kDelegate) return delegate_;
  if (who == Who::kOwnerUnitHead || who == Who::kSekda) {
    ASSIGN_OR_RETURN(v1::Heads h, Heads(owner_unit));
    return who == Who::kSekda ? h.sekda() : h.head();
  }
  if (who == Who::kOwnerKepalaPd) {
    ASSIGN_OR_RETURN(std::string pd, PdOf(owner_unit));
    ASSIGN_OR_RETURN(v1::Heads h, Heads(pd));
    return h.head();
  }
  ASSIGN_OR_RETURN(v1::Kedudukan k, KedudukanOf(assignee));
  v1::Person person;
  switch (who) {
    case Who::kPpk:
      return k.assessor().person();
    case Who::kDirectSuperior:
      return k.direct_superior();
    case Who::kHomeUnitHead:
    case Who::kHomeKepalaPd: {
      ASSIGN_OR_RETURN(
          v1::Heads h,
          Heads(who == Who::kHomeUnitHead ? k.unit() : k.perangkat_daerah()));
      return h.head();
    }
    default:
      person.set_person(assignee);
      person.set_display_name(k.display_name());
      person.set_post_display_name(k.post_display_name());
      return person;
  }
}

absl::Status Loader::EnsureDelegation(const Plan& plan) {
  for (const char* id : plan.delegate_units) {
    ASSIGN_OR_RETURN(v1::Heads unit,
                     Heads(absl::StrCat(parent_, "/units/", id)));
    if (!unit.vacant() && unit.head().acting().empty()) {
      delegate_ = unit.head();
      break;
    }
  }
  if (delegate_.person().empty()) return absl::OkStatus();  // none: skipped
  ASSIGN_OR_RETURN(
      v1::Heads pd,
      Heads(absl::StrCat(parent_, "/perangkatDaerah/", plan.delegating_pd)));
  ASSIGN_OR_RETURN(v1::Kedudukan k, KedudukanOf(delegate_.person()));
  for (const auto& held : k.signing_authorities()) {
    if (held.delegating_post() == pd.head().post()) return absl::OkStatus();
  }
  // UU 30/2014 Pasal 14 (mandat): letters read "a.n." the Kepala PD.
  v1::CreateDelegationRequest r;
  r.set_parent(parent_);
  r.set_request_id(RequestId(instansi_ + "-delegation"));
  auto* d = r.mutable_delegation();
  d->set_kind(v1::Delegation::SIGNING);
  d->set_delegate(delegate_.person());
  d->set_delegating_post(pd.head().post());
  d->set_signing_mode(v1::Delegation::ATAS_NAMA);
  *d->mutable_valid_from() = ToDate({2025, 1, 2});
  d->set_legal_basis(absl::StrCat(
      "Keputusan ", pd.head().post_display_name(),
      " Nomor 800.1.3/17/2025 tentang Pelimpahan Wewenang Penandatanganan "
      "Surat Perintah Penugasan (demo)"));
  v1::Delegation out;
  return Org(&v1::OrgService::Stub::CreateDelegation, r, &out);
}

absl::StatusOr<std::optional<v1::Assignment>> Loader::Find(
    const std::string& assignee, const Scenario& s) {
  v1::ListAssignmentsRequest r;
  r.set_parent(parent_);
  r.set_assignee(assignee);
  r.set_page_size(500);
  v1::ListAssignmentsResponse out;
  RETURN_IF_ERROR(
      Assign(reader_, &v1::AssignmentService::Stub::ListAssignments, r, &out));
  for (const auto& a : out.assignments()) {
    if (a.purpose() == s.purpose &&
        a.owner_unit() == absl::StrCat(parent_, "/units/", s.owner_unit)) {
      return a;
    }
  }
  return std::nullopt;
}

absl::StatusOr<v1::Assignment> Loader::Read(const std::string& name) {
  v1::GetAssignmentRequest r;
  r.set_name(name);
  v1::Assignment out;
  RETURN_IF_ERROR(
      Assign(reader_, &v1::AssignmentService::Stub::GetAssignment, r, &out));
  return out;
}

absl::StatusOr<v1::Letter> Loader::Letter(const std::string& name) {
  v1::GetLetterRequest r;
  r.set_name(name);
  v1::Letter out;
  RETURN_IF_ERROR(
      Assign(reader_, &v1::AssignmentService::Stub::GetLetter, r, &out));
  return out;
}

absl::Status Loader::Do(const std::string& key, const Step& step,
                        const Scenario& s, const v1::Assignment& a) {
  using Stub = v1::AssignmentService::Stub;
  ASSIGN_OR_RETURN(v1::Person who,
                   Resolve(step.who, a.assignee(), a.owner_unit()));
  if (who.person().empty()) {
    return absl::FailedPreconditionError("the official of a step is vacant");
  }
  ASSIGN_OR_RETURN(common::Principal as, As(who.person()));
  switch (step.op) {
    case Op::kApprove:
    case Op::kAccept:
    case Op::kRefuse: {
      v1::AnswerInvolvementRequestRequest r;
      r.set_name(step.op == Op::kAccept ? a.acceptance_request()
                                        : a.involvement_request());
      r.set_approve(step.op != Op::kRefuse);
      r.set_reason(step.reason);
      r.set_request_id(RequestId(key));
      v1::InvolvementRequest out;
      return Assign(as, &Stub::AnswerInvolvementRequest, r, &out);
    }
    case Op::kSign: {
      v1::SignAssignmentLetterRequest r;
      r.set_name(a.name());
      r.set_request_id(RequestId(key));
      v1::Letter out;
      return Assign(as, &Stub::SignAssignmentLetter, r, &out);
    }
    case Op::kCancel: {
      v1::CancelLetterRequest r;
      r.set_name(a.letter());
      r.set_reason(step.reason);
      r.set_request_id(RequestId(key));
      v1::Letter out;
      return Assign(as, &Stub::CancelLetter, r, &out);
    }
    case Op::kSupersede: {
      v1::SupersedeLetterRequest r;
      r.set_name(a.letter());
      *r.mutable_end_date() = ToDate(s.corrected_end);
      r.set_reason(step.reason);
      r.set_request_id(RequestId(key));
      v1::Letter out;
      return Assign(as, &Stub::SupersedeLetter, r, &out);
    }
  }
  return absl::OkStatus();
}

absl::Status Loader::Run(int n, const Scenario& s) {
  const std::string owner = absl::StrCat(parent_, "/units/", s.owner_unit);
  const std::string home = absl::StrCat(parent_, "/units/", s.home_unit);
  // A vacant head (or a Plt in it) would change who acts: skip the case.
  std::string vacant;
  for (const auto& unit : {owner, home}) {
    ASSIGN_OR_RETURN(v1::Heads h, Heads(unit));
    if (h.vacant() || !h.head().acting().empty()) vacant = "head of " + unit;
  }
  for (const Step& step : s.steps) {
    if (step.who == Who::kDelegate && delegate_.person().empty())
      vacant = "signing delegate";
  }
  if (!vacant.empty()) {
    ++skipped_;
    std::printf("  %s: skipped \"%s\": no %s\n", parent_.c_str(), s.purpose,
                vacant.c_str());
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::string assignee, PickAssignee(s.home_unit));
  ASSIGN_OR_RETURN(std::optional<v1::Assignment> found, Find(assignee, s));
  v1::Assignment a;
  if (found) {
    a = *std::move(found);
  } else {
    v1::CreateAssignmentRequest r;
    r.set_parent(parent_);
    r.set_request_id(RequestId(absl::StrCat(instansi_, "-", n, "-create")));
    auto* in = r.mutable_assignment();
    in->set_assignee(assignee);
    in->set_owner_unit(owner);
    in->set_method(s.method);
    in->set_purpose(s.purpose);
    for (const char* t : s.targets) in->add_expected_targets(t);
    in->set_competence_needed(s.competence);
    *in->mutable_start_date() = ToDate(s.start);
    *in->mutable_end_date() = ToDate(s.end);
    in->set_other_arrangements(s.other);
    ASSIGN_OR_RETURN(v1::Person creator, Resolve(s.creator, assignee, owner));
    ASSIGN_OR_RETURN(common::Principal as, As(creator.person()));
    RETURN_IF_ERROR(
        Assign(as, &v1::AssignmentService::Stub::CreateAssignment, r, &a));
    ++created_;
  }
  // Each step runs only where the assignment still stands before it.
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const Step& step = s.steps[i];
    const bool pending = a.state() == v1::Assignment::PENDING_APPROVAL;
    bool due = false;
    switch (step.op) {
      case Op::kApprove:
      case Op::kRefuse:
        due = pending && a.acceptance_request().empty();
        break;
      case Op::kAccept:
        due = pending && !a.acceptance_request().empty();
        break;
      case Op::kSign:
        due = a.state() == v1::Assignment::AWAITING_LETTER;
        break;
      case Op::kCancel:
        due = a.state() == v1::Assignment::ACTIVE;
        break;
      case Op::kSupersede: {
        if (a.state() != v1::Assignment::ACTIVE) break;
        ASSIGN_OR_RETURN(v1::Letter letter, Letter(a.letter()));
        due = letter.supersedes().empty();
        break;
      }
    }
    if (!due) continue;
    RETURN_IF_ERROR(Do(absl::StrCat(instansi_, "-", n, "-", i), step, s, a));
    ASSIGN_OR_RETURN(a, Read(a.name()));
  }
  return Tally(s, a);
}

absl::Status Loader::Tally(const Scenario& s, const v1::Assignment& a) {
  ++total_;
  ++states_[v1::Assignment::State_Name(a.state())];
  for (std::string name = a.letter(); !name.empty();) {
    ASSIGN_OR_RETURN(v1::Letter letter, Letter(name));
    ++letters_[v1::Letter::State_Name(letter.state())];
    if (s.showcase && letter.state() == v1::Letter::VALID) {
      const std::string signer =
          letter.on_behalf_of_post().empty()
              ? letter.signer_post_display_name()
              : absl::StrCat(letter.signer_capacity(), " ",
                             letter.on_behalf_of_post());
      showcase_ = absl::StrCat(
          "    verify letter ", letter.number(), " (", signer, "): curl '",
          kGateway, "/v1/letters:verify?code=", letter.verification_code(),
          "'\n");
    }
    name = letter.supersedes();
  }
  if (s.inbox != Who::kNone && a.state() == v1::Assignment::PENDING_APPROVAL &&
      inbox_.empty()) {
    ASSIGN_OR_RETURN(v1::Person who,
                     Resolve(s.inbox, a.assignee(), a.owner_unit()));
    RETURN_IF_ERROR(As(who.person()).status());
    inbox_ = absl::StrCat("    pending actions of ", who.display_name(), ", ",
                          who.post_display_name(),
                          ": TOKEN=$(./deploy/token.sh ", nip_[who.person()],
                          "); curl -H \"Authorization: Bearer $TOKEN\" ",
                          kGateway, "/v1/", parent_, "/pendingActions\n");
  }
  return absl::OkStatus();
}

absl::Status Loader::Load(const Plan& plan) {
  if (auto st = EnsureDelegation(plan); !st.ok()) {
    return absl::Status(st.code(),
                        absl::StrCat("signing delegation: ", st.message()));
  }
  for (size_t i = 0; i < plan.scenarios.size(); ++i) {
    const Scenario& s = plan.scenarios[i];
    if (auto st = Run(static_cast<int>(i + 1), s); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat("assignment \"", s.purpose,
                                                  "\": ", st.message()));
    }
  }
  auto join = [](const std::map<std::string, int>& counts) {
    std::string out;
    for (const auto& [state, count] : counts)
      absl::StrAppend(&out, out.empty() ? "" : ", ", state, " ", count);
    return out;
  };
  const std::string skipped =
      skipped_ > 0 ? absl::StrCat(", ", skipped_, " skipped") : "";
  std::printf("  %s: %d demo assignments (%d created now%s): %s; letters: %s\n",
              parent_.c_str(), total_, created_, skipped.c_str(),
              join(states_).c_str(), join(letters_).c_str());
  std::printf("%s%s", showcase_.c_str(), inbox_.c_str());
  return absl::OkStatus();
}

}  // namespace

absl::Status LoadDemoAssignments(const std::string& instansi,
                                 const std::string& bkpsdm_subject,
                                 std::shared_ptr<grpc::Channel> org,
                                 std::shared_ptr<grpc::Channel> assignment,
                                 const common::AssertionSigner& signer) {
  std::optional<Plan> plan;
  if (instansi == "kampar") plan = KamparPlan();
  if (instansi == "paser") plan = PaserPlan();
  if (!plan) return absl::OkStatus();
  Loader loader(instansi, bkpsdm_subject, std::move(org), std::move(assignment),
                signer);
  return loader.Load(*plan);
}

}  // namespace sisker::demo
