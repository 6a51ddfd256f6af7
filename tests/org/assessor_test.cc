// The assessor algorithm against a table of cases, for both profiles, on an
// in-memory snapshot: every PERFORMANCE.md 5 row, a vacant Administrator
// (PSR 20(2)), a PD without Administrator (PSR 20(1)), an Ahli Muda Plt
// and the fallback after the period, a delegation, a fungsional heading a
// UPTD, a PD head and the Sekda.
#include "services/org/assessor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "common/policy_profiles.h"
#include "common/testing/status_matchers.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using Step = AssessorAnswer::Step;

class FakeSnapshot : public StructureSnapshot {
 public:
  void AddPost(PostAt post, std::optional<Occupant> occupant) {
    if (occupant) occupants_[post.id] = *occupant;
    posts_[post.id] = std::move(post);
  }
  const PostAt* Post(const std::string& id) const override {
    auto it = posts_.find(id);
    return it == posts_.end() ? nullptr : &it->second;
  }
  std::optional<Occupant> OccupantOf(const std::string& id) const override {
    auto it = occupants_.find(id);
    if (it == occupants_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<DelegationAt> AssessorDelegation(
      const std::string& pegawai, const std::string&) const override {
    auto it = delegations_.find(pegawai);
    if (it == delegations_.end()) return std::nullopt;
    return it->second;
  }
  bool PdHasAdministratorPost(const std::string& pd) const override {
    for (const auto& [id, p] : posts_) {
      if (p.pd_id == pd && p.kind == PostKind::kAdministrator) return true;
    }
    return false;
  }
  const PostAt* SekdaPost() const override {
    for (const auto& [id, p] : posts_) {
      if (p.sekda) return &p;
    }
    return nullptr;
  }
  std::optional<Occupant> Bupati() const override {
    return Occupant{"bupati", "Bupati", Occupant::How::kOfficial};
  }
  bool UnitWithin(const std::string& unit,
                  const std::string& ancestor) const override {
    return unit == ancestor ||
           (unit == "uptd-pkm-sub" && ancestor == "uptd-pkm");
  }
  std::map<std::string, PostAt> posts_;
  std::map<std::string, Occupant> occupants_;
  std::map<std::string, DelegationAt> delegations_;
};

Occupant Holder(const std::string& id) {
  return {id, id, Occupant::How::kHolder};
}

PostAt P(const std::string& id, PostKind kind, const std::string& reports_to,
         const std::string& pd = "dinkes", const std::string& jenjang = "") {
  PostAt p;
  p.id = id;
  p.name = id;
  p.unit_id = pd + "-unit";
  p.pd_id = pd;
  p.kind = kind;
  p.jenjang = jenjang;
  p.reports_to = reports_to;
  return p;
}

// Dinas Kesehatan: Kepala (JPT) > Sekretaris (Administrator) > Kasubbag
// (Pengawas) > staff; Kabid (Administrator, vacant) > fungsional;
// UPTD Puskesmas led by a fungsional. Badan Riset: Kepala > fungsional
// only (no Administrator post). Setda: Sekda.
FakeSnapshot MakeStructure() {
  FakeSnapshot s;
  PostAt sekda = P("sekda", PostKind::kJptPratama, "", "setda");
  sekda.sekda = true;
  sekda.head_of_pd = true;
  s.AddPost(sekda, Holder("p-sekda"));
  PostAt kadis = P("kadis", PostKind::kJptPratama, "sekda");
  kadis.head_of_pd = true;
  s.AddPost(kadis, Holder("p-kadis"));
  s.AddPost(P("sekretaris", PostKind::kAdministrator, "kadis"),
            Holder("p-sekretaris"));
  s.AddPost(P("kasubbag", PostKind::kPengawas, "sekretaris"),
            Holder("p-kasubbag"));
  s.AddPost(P("pelaksana", PostKind::kPelaksana, "kasubbag"),
            Holder("p-pelaksana"));
  s.AddPost(P("pelaksana-adm", PostKind::kPelaksana, "sekretaris"),
            Holder("p-pelaksana-adm"));
  s.AddPost(P("pengawas-2", PostKind::kPengawas, "sekretaris"),
            Holder("p-pengawas-2"));
  s.AddPost(P("adm-2", PostKind::kAdministrator, "kadis"), Holder("p-adm-2"));
  for (const char* j :
       {"AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA", "PENYELIA"}) {
    s.AddPost(P(std::string("f-") + j, PostKind::kFungsional, "kasubbag",
                "dinkes", j),
              Holder(std::string("p-") + j));
  }
  s.AddPost(P("kabid", PostKind::kAdministrator, "kadis"),
            std::nullopt);  // vacant
  s.AddPost(
      P("f-bidang", PostKind::kFungsional, "kabid", "dinkes", "AHLI_PERTAMA"),
      Holder("p-f-bidang"));
  PostAt kapus =
      P("kapus", PostKind::kFungsional, "kadis", "dinkes", "AHLI_MUDA");
  kapus.unit_id = "uptd-pkm";
  kapus.leads_independent_unit = true;
  s.AddPost(kapus, Holder("p-kapus"));
  PostAt perawat =
      P("perawat", PostKind::kFungsional, "kapus", "dinkes", "TERAMPIL");
  perawat.unit_id = "uptd-pkm-sub";
  s.AddPost(perawat, Holder("p-perawat"));
  PostAt kabrida = P("kabrida", PostKind::kJptPratama, "sekda", "brida");
  kabrida.head_of_pd = true;
  s.AddPost(kabrida, Holder("p-kabrida"));
  s.AddPost(
      P("peneliti", PostKind::kFungsional, "kabrida", "brida", "AHLI_PERTAMA"),
      Holder("p-peneliti"));
  return s;
}

struct Case {
  const char* name;
  const char* post;
  Step step;
  const char* assessor;
  const char* kampar_article;  // substring expected for kampar-2025
  const char* paser_article;   // substring expected for paser-2024
};

class AssessorTable : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    auto loaded = common::PolicyProfiles::LoadDirectory(
        std::string(SISKER_SOURCE_DIR) + "/deploy/policies",
        ValidateOrgProfile);
    ASSERT_THAT(loaded, IsOk());
    profiles_ = new common::PolicyProfiles(*std::move(loaded));
  }
  static const common::PolicyProfiles* profiles_;
};
const common::PolicyProfiles* AssessorTable::profiles_ = nullptr;

TEST_P(AssessorTable, FindsTheAssessorWithTheDecidingRuleInBothProfiles) {
  const Case c = GetParam();
  FakeSnapshot s = MakeStructure();
  for (auto [profile, article] : {std::pair{"kampar-2025", c.kampar_article},
                                  std::pair{"paser-2024", c.paser_article}}) {
    SCOPED_TRACE(profile);
    auto answer = FindAssessor(s, std::string("p-") + c.post, c.post,
                               profiles_->Find(profile)->kedudukan());
    ASSERT_THAT(answer, IsOk());
    EXPECT_EQ(answer->step, c.step);
    EXPECT_EQ(answer->assessor.person_id, c.assessor);
    EXPECT_THAT(answer->article, ::testing::HasSubstr(article));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AssessorTable,
    ::testing::Values(
        // PERFORMANCE.md 5, row by row.
        Case{"AdministratorByJpt", "sekretaris", Step::kKepalaPd, "p-kadis",
             "ADMINISTRATOR >= JPT_PRATAMA", "ADMINISTRATOR >= JPT_PRATAMA"},
        Case{"PengawasByAdministrator", "kasubbag", Step::kWalk, "p-sekretaris",
             "PENGAWAS >= ADMINISTRATOR", "PENGAWAS >= ADMINISTRATOR"},
        Case{"PelaksanaByPengawas", "pelaksana", Step::kWalk, "p-kasubbag",
             "PELAKSANA >= PENGAWAS", "PELAKSANA >= PENGAWAS"},
        Case{"PelaksanaDirectlyUnderAnAdministrator", "pelaksana-adm",
             Step::kWalk, "p-sekretaris", "PELAKSANA >= PENGAWAS",
             "PELAKSANA >= PENGAWAS"},
        Case{"AhliMadyaByJpt", "f-AHLI_MADYA", Step::kKepalaPd, "p-kadis",
             "AHLI_MADYA >= JPT_PRATAMA", "AHLI_MADYA >= JPT_PRATAMA"},
        Case{"AhliMudaByAdministrator", "f-AHLI_MUDA", Step::kWalk,
             "p-sekretaris", "AHLI_MUDA >= ADMINISTRATOR",
             "AHLI_MUDA >= ADMINISTRATOR"},
        Case{"AhliPertamaByPengawas", "f-AHLI_PERTAMA", Step::kWalk,
             "p-kasubbag", "AHLI_PERTAMA >= PENGAWAS",
             "AHLI_PERTAMA >= PENGAWAS"},
        Case{"KeterampilanByPengawas", "f-PENYELIA", Step::kWalk, "p-kasubbag",
             "KETERAMPILAN >= PENGAWAS", "KETERAMPILAN >= PENGAWAS"},
        // A vacant Administrator post: the Kepala PD (PSR 20(2)).
        Case{"VacantAdministrator", "f-bidang", Step::kKepalaPd, "p-kadis",
             "konfigurasi", "PSR 20(2)"},
        // A PD without any Administrator post (PSR 20(1)).
        Case{"PdWithoutAdministrator", "peneliti", Step::kKepalaPd, "p-kabrida",
             "konfigurasi", "PSR 20(1)"},
        // A fungsional heading a UPTD (KMP 3(2), PSR 6(3)).
        Case{"FungsionalHeadingUptd", "perawat", Step::kIndependentUnit,
             "p-kapus", "KMP 3(2)", "PSR 6(3)"},
        // Heads of PD by the Sekda; the Sekda by the Bupati.
        Case{"HeadOfPdBySekda", "kadis", Step::kSekda, "p-sekda",
             "Sekretaris Daerah", "Sekretaris Daerah"},
        Case{"SekdaByBupati", "sekda", Step::kBupati, "bupati", "Bupati",
             "Bupati"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Assessor, AnAhliMudaPltAssessesForThePeriodOnlyThenTheKepalaPd) {
  auto loaded = common::PolicyProfiles::LoadDirectory(
      std::string(SISKER_SOURCE_DIR) + "/deploy/policies", ValidateOrgProfile);
  ASSERT_THAT(loaded, IsOk());
  const auto& rules = loaded->Find("paser-2024")->kedudukan();
  FakeSnapshot during = MakeStructure();
  during.occupants_["kabid"] = {"p-ahli-muda", "Plt Kabid",
                                Occupant::How::kPlt};
  auto answer = FindAssessor(during, "p-f-bidang", "f-bidang", rules);
  ASSERT_THAT(answer, IsOk());
  EXPECT_EQ(answer->step, Step::kWalk);
  EXPECT_EQ(answer->assessor.person_id, "p-ahli-muda");
  EXPECT_EQ(answer->assessor.how, Occupant::How::kPlt);
  // After the Plt period (the snapshot of a later date has no occupant).
  FakeSnapshot after = MakeStructure();
  answer = FindAssessor(after, "p-f-bidang", "f-bidang", rules);
  ASSERT_THAT(answer, IsOk());
  EXPECT_EQ(answer->step, Step::kKepalaPd);
  EXPECT_THAT(answer->passed_over, ::testing::ElementsAre("kabid"));
  EXPECT_EQ(answer->article, "PSR 20(2)");
}

TEST(Assessor, ADelegationComesFirst) {
  auto loaded = common::PolicyProfiles::LoadDirectory(
      std::string(SISKER_SOURCE_DIR) + "/deploy/policies", ValidateOrgProfile);
  ASSERT_THAT(loaded, IsOk());
  FakeSnapshot s = MakeStructure();
  s.delegations_["p-pelaksana"] = {"p-adm-2", "Kabid Lain",
                                   "SK Kadis 800/12/2025"};
  auto answer = FindAssessor(s, "p-pelaksana", "pelaksana",
                             loaded->Find("kampar-2025")->kedudukan());
  ASSERT_THAT(answer, IsOk());
  EXPECT_EQ(answer->step, Step::kDelegation);
  EXPECT_EQ(answer->assessor.person_id, "p-adm-2");
  EXPECT_THAT(answer->article, ::testing::HasSubstr("SK Kadis 800/12/2025"));
}

TEST(Assessor, AVacantKepalaPdWithoutPltIsNoAssessorNamingTheVacancy) {
  auto loaded = common::PolicyProfiles::LoadDirectory(
      std::string(SISKER_SOURCE_DIR) + "/deploy/policies", ValidateOrgProfile);
  ASSERT_THAT(loaded, IsOk());
  FakeSnapshot s = MakeStructure();
  s.occupants_.erase("kadis");
  EXPECT_THAT(FindAssessor(s, "p-f-bidang", "f-bidang",
                           loaded->Find("paser-2024")->kedudukan()),
              StatusIs(absl::StatusCode::kFailedPrecondition, "NO_ASSESSOR"));
}

}  // namespace
}  // namespace sisker::org
