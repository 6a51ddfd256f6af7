// The computed scope and the letter table of DOMAIN.md 3.2 for both
// shipped profiles (deploy/policies), row by row.
#include "services/assignment/letter_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/policy_profiles.h"
#include "common/testing/status_matchers.h"
#include "services/assignment/scope.h"

namespace sisker::assignment {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::testing::ElementsAre;
using R = sisker::v1::AssignmentRules;

class Profiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = common::PolicyProfiles::LoadDirectory(
        std::string(SISKER_SOURCE_DIR) + "/deploy/policies",
        [](const sisker::v1::PolicyProfile& p, std::vector<std::string>& e) {
          absl::Status s = ValidateAssignmentRules(p.assignment());
          if (!s.ok()) e.push_back(std::string(s.message()));
        });
    ASSERT_THAT(loaded, IsOk());
    profiles_ = new common::PolicyProfiles(*std::move(loaded));
  }
  static const R& Kampar() {
    return profiles_->Find("kampar-2025")->assignment();
  }
  static const R& Paser() {
    return profiles_->Find("paser-2024")->assignment();
  }
  static common::PolicyProfiles* profiles_;
};
common::PolicyProfiles* Profiles::profiles_ = nullptr;

TEST(Scope, IsComputedFromWhereThePersonSits) {
  const Seat owner{"kampar", "dinkes", {"bid-p2p", "dinkes-root"}};
  EXPECT_EQ(ComputeScope(owner, {"kampar", "dinkes", {"bid-p2p"}}),
            R::WITHIN_UNIT);
  // A sub-unit of the owner unit is inside it.
  EXPECT_EQ(ComputeScope(owner, {"kampar", "dinkes", {"seksi-1", "bid-p2p"}}),
            R::WITHIN_UNIT);
  EXPECT_EQ(ComputeScope(owner, {"kampar", "dinkes", {"sekretariat"}}),
            R::CROSS_UNIT);
  // Work owned by the PD as a whole reaches across its units.
  EXPECT_EQ(
      ComputeScope({"kampar", "dinkes", {}}, {"kampar", "dinkes", {"bid-p2p"}}),
      R::CROSS_UNIT);
  EXPECT_EQ(ComputeScope(owner, {"kampar", "disdik", {"bid-p2p"}}),
            R::CROSS_PD);
  EXPECT_EQ(ComputeScope(owner, {"paser", "dinkes", {"bid-p2p"}}),
            R::CROSS_INSTITUTION);
  // An external participant has no seat in this instansi.
  EXPECT_EQ(ComputeScope(owner, {"", "", {}}), R::CROSS_INSTITUTION);
}

TEST_F(Profiles, BothShippedProfilesDecideEveryCase) {
  EXPECT_THAT(ValidateAssignmentRules(Kampar()), IsOk());
  EXPECT_THAT(ValidateAssignmentRules(Paser()), IsOk());
  R gap = Paser();
  gap.mutable_letters()->RemoveLast();  // drop the cross-institution row
  EXPECT_THAT(ValidateAssignmentRules(gap),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(Profiles, PaserFollowsPasal9To11) {
  struct Row {
    R::Method method;
    R::Form form;
    R::Scope scope;
    std::vector<R::Official> issuers;
    R::LetterKind kind;
    std::string source;
  };
  const std::vector<Row> rows = {
      {R::APPOINTMENT,
       R::INDIVIDUAL,
       R::WITHIN_UNIT,
       {R::PPK},
       R::SURAT_PERINTAH,
       "PSR 9(1)"},
      {R::APPOINTMENT,
       R::INDIVIDUAL,
       R::CROSS_UNIT,
       {R::KEPALA_PD_OWNER},
       R::SURAT_PERINTAH,
       "PSR 9(5)a"},
      {R::APPOINTMENT,
       R::INDIVIDUAL,
       R::CROSS_PD,
       {R::SEKDA},
       R::SURAT_PERINTAH,
       "PSR 9(5)b"},
      {R::VOLUNTEERING,
       R::INDIVIDUAL,
       R::WITHIN_UNIT,
       {R::KEPALA_PD_OWNER, R::PIMPINAN_UNIT_OWNER},
       R::SURAT_PERINTAH,
       "PSR 11(2)b"},
      {R::VOLUNTEERING,
       R::INDIVIDUAL,
       R::CROSS_UNIT,
       {R::KEPALA_PD_OWNER, R::PIMPINAN_UNIT_OWNER},
       R::SURAT_PERINTAH,
       "PSR 11(2)b"},
      // The 9(5)b / 11(3)b conflict, decided in the profile.
      {R::VOLUNTEERING,
       R::INDIVIDUAL,
       R::CROSS_PD,
       {R::KEPALA_PD_OWNER, R::PIMPINAN_UNIT_OWNER},
       R::SURAT_PERINTAH,
       "PSR 11(3)b"},
      {R::APPOINTMENT,
       R::TEAM,
       R::WITHIN_UNIT,
       {R::PPK, R::KEPALA_PD_OWNER, R::PIMPINAN_UNIT_OWNER},
       R::SURAT_PERINTAH,
       "PSR 10(1)"},
      {R::APPOINTMENT,
       R::TEAM,
       R::CROSS_PD,
       {R::SEKDA},
       R::KEPUTUSAN,
       "PSR 10(4)"},
  };
  for (const auto& row : rows) {
    auto d = LetterFor(Paser(), row.method, row.form, row.scope);
    ASSERT_THAT(d, IsOk()) << row.source;
    EXPECT_EQ(d->issuers, row.issuers) << row.source;
    EXPECT_EQ(d->kind, row.kind) << row.source;
    EXPECT_EQ(d->source, row.source);
  }
  auto conflict =
      LetterFor(Paser(), R::VOLUNTEERING, R::INDIVIDUAL, R::CROSS_PD);
  EXPECT_THAT(conflict->note, ::testing::HasSubstr("9(5)b"));
  // A team across units: the regulation names no signer; the profile's
  // configuration says so.
  auto team = LetterFor(Paser(), R::APPOINTMENT, R::TEAM, R::CROSS_UNIT);
  ASSERT_THAT(team, IsOk());
  EXPECT_THAT(team->source, ::testing::StartsWith("configuration"));
  EXPECT_THAT(CheckAppointer(Paser(), R::PIMPINAN_UNIT_OWNER), IsOk());
  EXPECT_THAT(CheckAppointer(Paser(), R::SEKDA),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(Profiles, KamparIssuesSuratTugasAndTeamDecreesOfTheKepalaPd) {
  for (auto scope : {R::WITHIN_UNIT, R::CROSS_UNIT, R::CROSS_PD}) {
    for (auto method : {R::APPOINTMENT, R::VOLUNTEERING}) {
      auto d = LetterFor(Kampar(), method, R::INDIVIDUAL, scope);
      ASSERT_THAT(d, IsOk());
      EXPECT_EQ(d->kind, R::SURAT_TUGAS);
      EXPECT_THAT(d->issuers, ElementsAre(R::KEPALA_PD_OWNER, R::PPK));
      EXPECT_EQ(d->source, "KMP 4(8)");
    }
  }
  auto team = LetterFor(Kampar(), R::APPOINTMENT, R::TEAM, R::WITHIN_UNIT);
  ASSERT_THAT(team, IsOk());
  EXPECT_EQ(team->kind, R::KEPUTUSAN);
  EXPECT_EQ(team->source, "KMP 4(9)a");
  auto cross = LetterFor(Kampar(), R::APPOINTMENT, R::TEAM, R::CROSS_PD);
  ASSERT_THAT(cross, IsOk());
  EXPECT_THAT(cross->source, ::testing::HasSubstr("KMP 4(9)b"));
  // KMP 4(5): only the Kepala PD (as Pejabat Penilai Kinerja) appoints.
  EXPECT_THAT(CheckAppointer(Kampar(), R::KEPALA_PD_OWNER), IsOk());
  EXPECT_THAT(CheckAppointer(Kampar(), R::PIMPINAN_UNIT_OWNER),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(Profiles, AcrossInstitutionsNothingIsInvented) {
  for (const R* rules : {&Kampar(), &Paser()}) {
    EXPECT_THAT(
        LetterFor(*rules, R::APPOINTMENT, R::INDIVIDUAL, R::CROSS_INSTITUTION),
        StatusIs(absl::StatusCode::kFailedPrecondition, "NOT_CONFIGURED"));
  }
}

}  // namespace
}  // namespace sisker::assignment
