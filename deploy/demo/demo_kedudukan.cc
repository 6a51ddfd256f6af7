// The demo kedudukan generator.
#include "deploy/demo/demo_kedudukan.h"

#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sisker::demo {
namespace {

namespace v1 = ::sisker::v1;

constexpr const char* kGiven[] = {"Ahmad", "Siti",    "Budi", "Dewi",  "Rizki",
                                  "Nur",   "Hendra",  "Rina", "Agus",  "Fitri",
                                  "Yusuf", "Lestari", "Dedi", "Wulan", "Fauzan",
                                  "Indah", "Arif",    "Ratna"};
constexpr const char* kFamily[] = {
    "Saputra", "Hidayat",   "Lubis",     "Siregar", "Nasution",
    "Rahman",  "Pratama",   "Susanti",   "Harahap", "Wijaya",
    "Maulana", "Kurniawan", "Syahputra", "Aulia"};
constexpr const char* kJenjang[] = {
    "AHLI_PERTAMA", "AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MUDA",    "AHLI_MADYA",
    "TERAMPIL",     "MAHIR",        "PENYELIA",  "AHLI_PERTAMA", "TERAMPIL"};

google::type::Date D(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

class Planner {
 public:
  Planner(std::string instansi, int target)
      : instansi_(std::move(instansi)),
        target_(target),
        rng_(std::hash<std::string>{}(instansi_)) {}

  std::string Post(const std::string& id, const std::string& unit,
                   v1::Post::Kind kind, const std::string& name,
                   const std::string& reports_to,
                   const std::string& jenjang = "", int formation = 1,
                   bool head_of_pd = false, bool head_of_unit = false,
                   bool sekda = false, bool leads = false) {
    v1::CreatePostRequest r;
    r.set_parent("instansi/" + instansi_);
    r.set_post_id(id);
    auto* p = r.mutable_post();
    p->set_display_name(name);
    p->set_kind(kind);
    p->set_unit(absl::StrCat("instansi/", instansi_, "/units/", unit));
    p->set_jenjang(jenjang);
    p->set_formation(formation);
    if (!reports_to.empty()) {
      p->set_reports_to(
          absl::StrCat("instansi/", instansi_, "/posts/", reports_to));
    }
    p->set_head_of_pd(head_of_pd);
    p->set_head_of_unit(head_of_unit);
    p->set_sekda(sekda);
    p->set_leads_independent_unit(leads);
    p->set_hasil_penyetaraan(kind == v1::Post::FUNGSIONAL && Chance(0.3));
    *p->mutable_effective_from() = D(2024, 1, 1);
    plan.posts.push_back(std::move(r));
    return id;
  }

  // `count` pegawai in post `id` (a CSV row each).
  void Fill(const std::string& pd, const std::string& post, int count) {
    std::string& csv = chunks_[pd];
    if (csv.empty())
      csv =
          "NIP;NAMA;GELAR_DEPAN;GELAR_BELAKANG;JENIS_ASN;GOLONGAN;JABATAN;TMT_"
          "JABATAN;NOMOR_SK\n";
    for (int i = 0; i < count; ++i) {
      const bool pppk = Chance(0.2);
      const int birth_year = 1965 + Uniform(0, 35);
      const int month = Uniform(1, 12);
      const int day = Uniform(1, 28);
      const bool male = Chance(0.5);
      ++serial_;
      std::string nip;
      if (pppk) {
        nip = absl::StrFormat("%04d%02d%02d%04d%02d%d%03d", birth_year, month,
                              day, 2021 + Uniform(0, 3), Uniform(1, 3),
                              male ? 1 : 2, serial_ % 1000);
      } else {
        nip = absl::StrFormat("%04d%02d%02d%04d%02d%d%03d", birth_year, month,
                              day,
                              std::min(birth_year + 23 + Uniform(0, 10), 2023),
                              Uniform(1, 12), male ? 1 : 2, serial_ % 1000);
      }
      if (!nips_.insert(nip).second) {
        --i;
        continue;
      }
      absl::StrAppend(&csv, nip, ";", kGiven[Uniform(0, 17)], " ",
                      kFamily[Uniform(0, 13)], ";", Chance(0.05) ? "dr." : "",
                      ";", Chance(0.5) ? "S.Kom." : "", ";",
                      pppk ? "PPPK" : "PNS", ";", pppk ? "IX" : "III/b", ";",
                      post, ";2024-01-02;800/", serial_, "/BKPSDM/2024\n");
      ++plan.pegawai;
      holders_[post] = absl::StrCat("instansi/", instansi_, "/pegawai/p", nip);
    }
  }

  bool Chance(double p) {
    return std::uniform_real_distribution<double>(0, 1)(rng_) < p;
  }
  int Uniform(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_);
  }

  std::string instansi_;
  int target_;
  std::mt19937 rng_;
  int serial_ = 0;
  std::set<std::string> nips_;
  std::map<std::string, std::string> chunks_;
  std::map<std::string, std::string> holders_;  // post -> a pegawai name
  KedudukanPlan plan;
};

// A post id from a unit id and a suffix, within the 40-character id limit.
std::string PostId(const std::string& unit, const std::string& suffix) {
  std::string base = unit.substr(0, 39 - suffix.size());
  while (!base.empty() && base.back() == '-') base.pop_back();
  return absl::StrCat(base, "-", suffix);
}

bool IsHeadedByAdministrator(const std::string& kind) {
  return kind == "SEKRETARIAT" || kind == "BIDANG" || kind == "BAGIAN" ||
         kind == "INSPEKTUR_PEMBANTU";
}

}  // namespace

KedudukanPlan PlanKedudukan(const std::string& instansi,
                            const DemoStructure& structure,
                            const std::string& no_administrator_pd,
                            int target_pegawai) {
  Planner p(instansi, target_pegawai);
  std::map<std::string, std::vector<const DemoUnit*>> units_of;
  for (const auto& u : structure.units) units_of[u.pd_id].push_back(&u);
  const int staff_per_unit = std::max(
      4, target_pegawai /
                 std::max<int>(1, static_cast<int>(structure.units.size())) -
             2);

  // The Sekda first (everyone's chain ends there).
  std::string sekda;
  for (const auto& pd : structure.pds) {
    if (pd.kind == "SEKRETARIAT_DAERAH" && !units_of[pd.id].empty()) {
      sekda = p.Post(PostId(pd.id, "sekda"), units_of[pd.id][0]->id,
                     v1::Post::JPT_PRATAMA, "Sekretaris Daerah", "", "", 1,
                     true, false, true);
      p.Fill(pd.id, sekda, 1);
    }
  }
  std::vector<std::string> vacant_admin;
  std::string plh_target, delegation_for, delegation_to;
  // A Plh: a Sekretaris (Administrator) standing in for the Kepala Dinas.
  std::string plh_head_post, plh_sekretaris;
  for (const auto& pd : structure.pds) {
    const auto& units = units_of[pd.id];
    if (units.empty()) continue;
    std::string head;
    if (pd.kind == "SEKRETARIAT_DAERAH") {
      head = sekda;
    } else {
      const bool camat = pd.kind == "KECAMATAN";
      head = p.Post(PostId(pd.id, "kpd"), units[0]->id,
                    camat ? v1::Post::ADMINISTRATOR : v1::Post::JPT_PRATAMA,
                    camat ? "Camat " + pd.name.substr(pd.name.find(' ') + 1)
                          : "Kepala " + pd.name,
                    sekda, "", 1, true);
      p.Fill(pd.id, head, 1);
    }
    std::map<std::string, std::string> unit_head;
    for (const DemoUnit* u : units) {
      const std::string up =
          u->parent_id.empty() ? head : unit_head[u->parent_id];
      std::string h;
      if (IsHeadedByAdministrator(u->kind) && pd.id != no_administrator_pd &&
          pd.kind != "KECAMATAN") {
        h = p.Post(PostId(u->id, "k"), u->id, v1::Post::ADMINISTRATOR,
                   "Kepala " + u->name, up, "", 1, false, true);
        if (p.Chance(0.12)) {
          vacant_admin.push_back(h);  // vacant: no pegawai
        } else {
          p.Fill(pd.id, h, 1);
          if (plh_head_post.empty() && pd.kind == "DINAS" &&
              u->kind == "SEKRETARIAT") {
            plh_head_post = head;
            plh_sekretaris = p.holders_[h];
          }
        }
      } else if (u->kind == "UPTD" || u->kind == "UNIT_KERJA_MANDIRI") {
        h = p.Post(PostId(u->id, "k"), u->id, v1::Post::FUNGSIONAL,
                   "Kepala " + u->name, up, "AHLI_MUDA", 1, false, true, false,
                   true);
        p.Fill(pd.id, h, 1);
      } else {
        h = p.Post(PostId(u->id, "k"), u->id, v1::Post::PENGAWAS,
                   "Kepala " + u->name, up, "", 1, false, true);
        p.Fill(pd.id, h, 1);
        if (plh_target.empty() && pd.kind == "DINAS") plh_target = h;
      }
      unit_head[u->id] = h;
      // Staff: mostly fungsional and pelaksana after the simplification.
      const int fungsional = staff_per_unit * 6 / 10;
      const int pelaksana = staff_per_unit - fungsional;
      for (int i = 0; i < 2; ++i) {
        const char* jenjang = kJenjang[p.Uniform(0, 9)];
        const int seats = fungsional / 2 + (i == 0 ? fungsional % 2 : 0);
        std::string post = p.Post(
            PostId(u->id, absl::StrCat("f", i)), u->id, v1::Post::FUNGSIONAL,
            absl::StrCat("Fungsional ", jenjang, " ", u->name), h, jenjang,
            seats + 1);
        p.Fill(pd.id, post, seats);
        if (delegation_for.empty() && std::string(jenjang) == "AHLI_PERTAMA") {
          delegation_for = p.holders_[post];
        }
      }
      std::string pel = p.Post(PostId(u->id, "p"), u->id, v1::Post::PELAKSANA,
                               "Pelaksana " + u->name, h, "", pelaksana + 1);
      p.Fill(pd.id, pel, pelaksana);
      if (delegation_to.empty() && u->kind == "BIDANG")
        delegation_to = p.holders_[h];
    }
  }
  for (auto& [pd, csv] : p.chunks_) p.plan.csv_chunks.push_back(csv);
  p.plan.vacant_administrator_posts = static_cast<int>(vacant_admin.size());

  // A Plt for a vacant Administrator post (a Pengawas, one level up) from
  // 1 October 2026 for three months.
  if (!vacant_admin.empty() && !plh_target.empty()) {
    v1::CreateActingAppointmentRequest a;
    a.set_parent("instansi/" + instansi);
    auto* act = a.mutable_acting_appointment();
    act->set_pegawai(p.holders_[plh_target]);
    act->set_post(
        absl::StrCat("instansi/", instansi, "/posts/", vacant_admin.front()));
    act->set_kind(v1::ActingAppointment::PLT);
    *act->mutable_valid_from() = D(2026, 10, 1);
    *act->mutable_valid_to() = D(2026, 12, 31);
    act->set_surat_perintah("Sprin 800/PLT/01/X/2026");
    p.plan.acting.push_back(a);
  }
  if (!plh_head_post.empty()) {
    v1::CreateActingAppointmentRequest a;
    a.set_parent("instansi/" + instansi);
    auto* act = a.mutable_acting_appointment();
    act->set_pegawai(plh_sekretaris);
    act->set_post(
        absl::StrCat("instansi/", instansi, "/posts/", plh_head_post));
    act->set_kind(v1::ActingAppointment::PLH);
    *act->mutable_valid_from() = D(2026, 11, 16);
    *act->mutable_valid_to() = D(2026, 12, 16);
    act->set_surat_perintah("Sprin 800/PLH/02/XI/2026");
    p.plan.acting.push_back(a);
  }
  if (!delegation_for.empty() && !delegation_to.empty()) {
    v1::CreateDelegationRequest d;
    d.set_parent("instansi/" + instansi);
    d.mutable_delegation()->set_kind(v1::Delegation::ASSESSOR);
    d.mutable_delegation()->set_delegate(delegation_to);
    d.mutable_delegation()->set_for_pegawai(delegation_for);
    d.mutable_delegation()->set_legal_basis(
        "Keputusan Kepala Perangkat Daerah 800/15/2025 (demo)");
    *d.mutable_delegation()->mutable_valid_from() = D(2025, 1, 1);
    p.plan.delegations.push_back(d);
  }
  p.plan.bupati.set_parent("instansi/" + instansi);
  p.plan.bupati.mutable_official()->set_role(v1::Official::BUPATI);
  p.plan.bupati.mutable_official()->set_display_name("Bupati " + instansi +
                                                     " (demo)");
  *p.plan.bupati.mutable_official()->mutable_valid_from() = D(2025, 2, 20);
  return p.plan;
}

}  // namespace sisker::demo
