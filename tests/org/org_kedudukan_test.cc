// Kedudukan against real PostgreSQL through gRPC, for both profiles:
// posts, pegawai (NIP rules), placements (formation), Plt/Plh (eligibility
// table, duration, the period only), delegations, and the assessor answer
// with its step and article.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/org/org_kedudukan_fixture.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::ViolatedFields;
using Stub = v1::OrgService::Stub;

TEST_F(Kedudukan, TheWalkFindsTheNearestHolderAtTheTableLevel) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  auto k = Get("kampar", "p-staf");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->post(), "instansi/kampar/posts/staf");
  EXPECT_EQ(k->perangkat_daerah(), "instansi/kampar/perangkatDaerah/dinas");
  EXPECT_EQ(k->direct_superior().person(),
            "instansi/kampar/pegawai/p-kasubbag");
  EXPECT_EQ(k->assessor().person().person(),
            "instansi/kampar/pegawai/p-kasubbag");
  EXPECT_EQ(k->assessor().step(), v1::Assessor::WALK);
  EXPECT_THAT(k->assessor().article(),
              ::testing::HasSubstr("PELAKSANA >= PENGAWAS"));
  // Ahli Muda: a Pengawas is not enough; the Sekretaris (Administrator) is.
  auto muda = Get("kampar", "p-epidemiolog");
  ASSERT_THAT(muda, IsOk());
  EXPECT_EQ(muda->assessor().person().person(),
            "instansi/kampar/pegawai/p-sekretaris");
  EXPECT_EQ(muda->direct_superior().person(),
            "instansi/kampar/pegawai/p-kasubbag");
}

TEST_F(Kedudukan, AVacantAdministratorFallsToTheKepalaPdCitingTheProfile) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  ASSERT_NO_FATAL_FAILURE(Build("paser"));
  auto paser = Get("paser", "p-analis");
  ASSERT_THAT(paser, IsOk());
  EXPECT_EQ(paser->assessor().step(), v1::Assessor::KEPALA_PD);
  EXPECT_EQ(paser->assessor().person().person(),
            "instansi/paser/pegawai/p-kadis");
  EXPECT_EQ(paser->assessor().article(), "PSR 20(2)");
  EXPECT_THAT(paser->assessor().passed_over(),
              ::testing::ElementsAre("instansi/paser/posts/kabid"));
  auto kampar = Get("kampar", "p-analis");
  ASSERT_THAT(kampar, IsOk());
  EXPECT_EQ(kampar->assessor().step(), v1::Assessor::KEPALA_PD);
  EXPECT_THAT(kampar->assessor().article(),
              ::testing::HasSubstr("konfigurasi"));
}

TEST_F(Kedudukan,
       AnAhliMudaPltIsEligibleInPaserForThePeriodOnlyButNotInKampar) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  ASSERT_NO_FATAL_FAILURE(Build("paser"));
  // PSR 20(3): an Ahli Muda may be Plt of an Administrator post.
  ASSERT_OK(
      Acting("paser", "p-epidemiolog", "kabid", D(2025, 1, 1), D(2025, 4, 1)));
  auto during = Get("paser", "p-analis", D(2025, 2, 1));
  ASSERT_THAT(during, IsOk());
  EXPECT_EQ(during->assessor().step(), v1::Assessor::WALK);
  EXPECT_EQ(during->assessor().person().person(),
            "instansi/paser/pegawai/p-epidemiolog");
  EXPECT_EQ(during->assessor().person().acting(), "PLT");
  auto after = Get("paser", "p-analis", D(2025, 4, 1));
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->assessor().step(), v1::Assessor::KEPALA_PD);
  EXPECT_EQ(after->assessor().article(), "PSR 20(2)");
  // Kampar's table allows Ahli Muda only for Pengawas posts.
  const std::string before = WrittenRows();
  EXPECT_THAT(
      Acting("kampar", "p-epidemiolog", "kabid", D(2025, 1, 1), D(2025, 4, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "ACTING_NOT_ELIGIBLE"));
  EXPECT_EQ(WrittenRows(), before);
  // Longer than three months, or overlapping: refused.
  EXPECT_THAT(
      Acting("paser", "p-epidemiolog", "kabid", D(2025, 4, 1), D(2025, 9, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "ACTING_TOO_LONG"));
  EXPECT_THAT(
      Acting("paser", "p-sekretaris", "kabid", D(2025, 3, 1), D(2025, 5, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "ACTING_OVERLAP"));
  // One extension of three months; a second one is refused.
  ASSERT_OK(
      Acting("paser", "p-epidemiolog", "kabid", D(2025, 4, 1), D(2025, 7, 1)));
  EXPECT_THAT(
      Acting("paser", "p-epidemiolog", "kabid", D(2025, 7, 1), D(2025, 8, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               "ACTING_EXTENSIONS_EXHAUSTED"));
  // A Plt needs a vacant post.
  EXPECT_THAT(
      Acting("paser", "p-epidemiolog", "kasubbag", D(2025, 5, 1),
             D(2025, 6, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "PLT_POST_NOT_VACANT"));
  v1::ListPostHoldersRequest holders;
  holders.set_name("instansi/paser/posts/kabid");
  v1::ListPostHoldersResponse list;
  ASSERT_OK(
      Call(Op("paser", "pegawai-1"), &Stub::ListPostHolders, holders, &list));
  ASSERT_EQ(list.holdings_size(), 2);
  EXPECT_EQ(list.holdings(0).person().acting(), "PLT");
}

TEST_F(Kedudukan, ADelegationComesFirstAndHeadsGoToTheSekdaAndTheBupati) {
  ASSERT_NO_FATAL_FAILURE(Build("paser"));
  v1::CreateDelegationRequest r;
  r.set_parent("instansi/paser");
  auto* d = r.mutable_delegation();
  d->set_kind(v1::Delegation::ASSESSOR);
  d->set_delegate("instansi/paser/pegawai/p-sekretaris");
  d->set_for_pegawai("instansi/paser/pegawai/p-analis");
  d->set_legal_basis("SK Kepala Dinas 800/45/2025");
  *d->mutable_valid_from() = D(2025, 1, 1);
  v1::Delegation out;
  ASSERT_OK(Call(Op("paser", "bkpsdm"), &Stub::CreateDelegation, r, &out));
  auto k = Get("paser", "p-analis");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->assessor().step(), v1::Assessor::DELEGATION);
  EXPECT_EQ(k->assessor().person().person(),
            "instansi/paser/pegawai/p-sekretaris");
  EXPECT_THAT(k->assessor().article(),
              ::testing::HasSubstr("SK Kepala Dinas 800/45/2025"));
  // Before the delegation's date, the walk decides.
  auto before = Get("paser", "p-analis", D(2024, 6, 1));
  ASSERT_THAT(before, IsOk());
  EXPECT_EQ(before->assessor().step(), v1::Assessor::KEPALA_PD);
  auto kadis = Get("paser", "p-kadis");
  ASSERT_THAT(kadis, IsOk());
  EXPECT_EQ(kadis->assessor().step(), v1::Assessor::SEKDA);
  EXPECT_EQ(kadis->assessor().person().person(),
            "instansi/paser/pegawai/p-sekda");
  auto sekda = Get("paser", "p-sekda");
  ASSERT_THAT(sekda, IsOk());
  EXPECT_EQ(sekda->assessor().step(), v1::Assessor::BUPATI);
  EXPECT_THAT(sekda->assessor().person().person(),
              ::testing::StartsWith("instansi/paser/officials/"));
}

TEST_F(Kedudukan, NipRulesDuplicatesAndWarnings) {
  const std::string before = WrittenRows();
  absl::StatusOr<v1::Pegawai> bad =
      Pegawai("kampar", "salah", "19671021 200013 1 001");
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(bad.status()),
              ::testing::ElementsAre("pegawai.nip"));
  EXPECT_EQ(WrittenRows(), before);
  // The Kampar signatory's printed NIP, with spaces.
  auto ok = Pegawai("kampar", "penandatangan", "19671021 200012 1001");
  ASSERT_THAT(ok, IsOk());
  EXPECT_EQ(ok->nip(), "196710212000121001");
  EXPECT_EQ(ok->birth_date().year(), 1967);
  EXPECT_TRUE(ok->warnings().empty());
  EXPECT_THAT(Pegawai("kampar", "kembar", "196710212000121001"),
              StatusIs(absl::StatusCode::kAlreadyExists));
  // The Paser signatory's printed NIP: accepted with a warning.
  auto odd = Pegawai("paser", "penandatangan", "19980816 199803 1 007");
  ASSERT_THAT(odd, IsOk());
  ASSERT_EQ(odd->warnings_size(), 1);
  EXPECT_EQ(odd->warnings(0).code(), "NIP_SERVICE_BEFORE_BIRTH");
  // The same NIP in another instansi is another person's record there.
  EXPECT_THAT(Pegawai("paser", "penandatangan-2", "196710212000121001"),
              IsOk());
  // Golongan by the ASN kind's own scale.
  v1::CreatePegawaiRequest bad_rank;
  bad_rank.set_parent("instansi/kampar");
  bad_rank.mutable_pegawai()->set_display_name("Pegawai Golongan");
  bad_rank.mutable_pegawai()->set_nip("198001012005011009");
  bad_rank.mutable_pegawai()->set_asn_kind(v1::Pegawai::PNS);
  bad_rank.mutable_pegawai()->set_golongan("IX");
  v1::Pegawai rank_out;
  EXPECT_THAT(ViolatedFields(Call(Op("kampar", "bkpsdm"), &Stub::CreatePegawai,
                                  bad_rank, &rank_out)),
              ::testing::ElementsAre("pegawai.golongan"));
  bad_rank.mutable_pegawai()->set_golongan("IV/e");
  EXPECT_OK(
      Call(Op("kampar", "bkpsdm"), &Stub::CreatePegawai, bad_rank, &rank_out));
  // A PPPK number by its own rule.
  EXPECT_THAT(
      Pegawai("kampar", "pppk-1", "198605152022212005", v1::Pegawai::PPPK),
      IsOk());
}

TEST_F(Kedudukan, APostsFormationAndOverlappingPlacementsAreRefused) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  ASSERT_THAT(Pegawai("kampar", "p-baru", "198001012005011001"), IsOk());
  ASSERT_THAT(Pegawai("kampar", "p-baru-2", "198001012005011002"), IsOk());
  // "staf" has two seats, one taken.
  ASSERT_OK(Place("kampar", "p-baru", "staf", D(2025, 1, 1)));
  const std::string before = WrittenRows();
  EXPECT_THAT(
      Place("kampar", "p-baru-2", "staf", D(2025, 1, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "FORMATION_FULL"));
  EXPECT_THAT(
      Place("kampar", "p-baru-2", "kasubbag", D(2025, 1, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "FORMATION_FULL"));
  EXPECT_EQ(WrittenRows(), before);
  // A transfer ends the previous placement; a back-dated one overlaps.
  ASSERT_OK(Post("kampar", "analis-2", "dinas-bid", v1::Post::FUNGSIONAL,
                 "kabid", "AHLI_PERTAMA"));
  ASSERT_OK(Place("kampar", "p-baru", "analis-2", D(2025, 6, 1)));
  EXPECT_THAT(
      Place("kampar", "p-baru", "staf", D(2025, 3, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "OVERLAPPING_PLACEMENT"));
  auto k = Get("kampar", "p-baru", D(2025, 5, 31));
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->post(), "instansi/kampar/posts/staf");
  k = Get("kampar", "p-baru", D(2025, 6, 1));
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->post(), "instansi/kampar/posts/analis-2");
  EXPECT_THAT(Get("kampar", "p-baru", D(2024, 12, 31)),
              StatusIs(absl::StatusCode::kFailedPrecondition, "NOT_PLACED"));
}

TEST_F(Kedudukan, PostRulesAreChecked) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  absl::Status s = Post("kampar", "aneh", "dinas-sek", v1::Post::PENGAWAS,
                        "kadis", "AHLI_MUDA", true, false, 3);
  EXPECT_THAT(ViolatedFields(s),
              ::testing::UnorderedElementsAre("post.jenjang", "post.formation",
                                              "post.head_of_pd"));
  EXPECT_THAT(
      Post("kampar", "kadis-2", "dinas-pimpinan", v1::Post::JPT_PRATAMA,
           "sekda", "", true),
      StatusIs(absl::StatusCode::kFailedPrecondition, "DUPLICATE_HEAD"));
  EXPECT_THAT(
      Post("kampar", "yatim", "dinas-sek", v1::Post::PELAKSANA, "tidak-ada"),
      StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace sisker::org

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using Stub = v1::OrgService::Stub;

class Import : public Kedudukan {};

constexpr char kCsv[] =
    "NIP;NAMA;GELAR_DEPAN;GELAR_BELAKANG;JENIS_ASN;GOLONGAN;JABATAN;TMT_"
    "JABATAN;NOMOR_SK\n"
    "198101012006041001;Andi;;S.Kom.;PNS;III/c;staf;2025-01-02;SK 1/2025\n"
    "198605152022212005;Rina;;A.Md.Kep.;PPPK;IX;analis-2;2025-01-02;SK 2/2025\n"
    "19980816 199803 1 007;Dedi;dr.;;PNS;III/b;epi-2;2025-01-02;SK 3/2025\n";

absl::StatusOr<v1::ImportPegawaiResponse> RunImport(Kedudukan& t,
                                                    const std::string& csv,
                                                    bool dry_run) {
  v1::ImportPegawaiRequest r;
  r.set_parent("instansi/kampar");
  r.set_csv(csv);
  r.set_dry_run(dry_run);
  v1::ImportPegawaiResponse out;
  auto ctx = t.server_->ContextFor(sisker::testing::Person("kampar", "bkpsdm"));
  absl::Status s =
      common::FromGrpcStatus(t.stub_->ImportPegawai(ctx.get(), r, &out));
  if (!s.ok()) return s;
  return out;
}

TEST_F(Import, ADryRunWritesNothingThenTheImportAppliesOnceAndIsIdempotent) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  ASSERT_OK(Post("kampar", "analis-2", "dinas-bid", v1::Post::FUNGSIONAL,
                 "kabid", "AHLI_PERTAMA"));
  ASSERT_OK(Post("kampar", "epi-2", "dinas-sek", v1::Post::FUNGSIONAL,
                 "kasubbag", "AHLI_MUDA"));
  const std::string before = WrittenRows();
  auto dry = RunImport(*this, kCsv, true);
  ASSERT_THAT(dry, IsOk());
  EXPECT_EQ(dry->rows(), 3);
  EXPECT_EQ(dry->pegawai_created(), 3);
  EXPECT_FALSE(dry->applied());
  ASSERT_EQ(dry->warnings_size(), 1);
  EXPECT_EQ(dry->warnings(0).line(), 4);
  EXPECT_EQ(dry->warnings(0).code(), "NIP_SERVICE_BEFORE_BIRTH");
  EXPECT_EQ(WrittenRows(), before);

  auto real = RunImport(*this, kCsv, false);
  ASSERT_THAT(real, IsOk());
  EXPECT_TRUE(real->applied());
  EXPECT_EQ(real->placements_created(), 3);
  auto k = Get("kampar", "p198101012006041001");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->assessor().person().person(),
            "instansi/kampar/pegawai/p-kasubbag");

  const std::string after = WrittenRows();
  auto again = RunImport(*this, kCsv, false);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->unchanged(), 3);
  EXPECT_EQ(again->pegawai_created() + again->placements_created(), 0);
  EXPECT_EQ(WrittenRows(), after);
}

TEST_F(Import, RowErrorsAreReportedAndNothingIsWritten) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  const std::string before = WrittenRows();
  auto report =
      RunImport(*this,
                "NIP,NAMA,JENIS_ASN,JABATAN,TMT_JABATAN,NOMOR_SK\n"
                "198101012006041001,Andi,PNS,staf,2025-01-02,SK 1\n"
                "198101012006131001,Bad Month,PNS,staf,2025-01-02,SK 2\n"
                "198101012006041002,Full,PNS,kasubbag,2025-01-02,SK 3\n"
                "198101012006041003,No Post,PNS,tidak-ada,2025-01-02,SK 4\n"
                "198101012006041004,Bad Date,ASN,staf,02/01/2025,\n",
                false);
  ASSERT_THAT(report, IsOk());
  EXPECT_FALSE(report->applied());
  std::vector<std::pair<int, std::string>> issues;
  for (const auto& e : report->errors())
    issues.emplace_back(e.line(), e.code());
  EXPECT_THAT(issues, ::testing::IsSupersetOf(
                          {std::pair{3, std::string("INVALID_FIELDS")},
                           std::pair{4, std::string("FORMATION_FULL")},
                           std::pair{5, std::string("RESOURCE_NOT_FOUND")},
                           std::pair{6, std::string("INVALID_FIELDS")}}));
  EXPECT_EQ(WrittenRows(), before);
}

}  // namespace
}  // namespace sisker::org

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using Stub = v1::OrgService::Stub;

TEST_F(Kedudukan,
       ReadsOfPersonalDataAreRecordedForBkpsdmButNotTheAssessorName) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  ASSERT_NO_FATAL_FAILURE(
      Grant("kampar", "auditor-1", v1::RoleGrant::BKPSDM_OPERATOR, ""));
  ASSERT_TRUE(access_log_->Flush());
  v1::GetPegawaiRequest get;
  get.set_name("instansi/kampar/pegawai/p-staf");
  v1::Pegawai out;
  // Another pegawai may not read it; BKPSDM may (and is recorded).
  EXPECT_THAT(Call(Op("kampar", "pegawai-lain"), &Stub::GetPegawai, get, &out),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK(Call(Op("kampar", "auditor-1"), &Stub::GetPegawai, get, &out));
  EXPECT_EQ(out.nip().size(), 18u);
  ASSERT_THAT(Get("kampar", "p-analis"), IsOk());  // names only: not recorded
  ASSERT_TRUE(access_log_->Flush());
  v1::ListPersonalDataReadsRequest list;
  list.set_parent("instansi/kampar");
  list.set_actor("auditor-1");
  v1::ListPersonalDataReadsResponse reads;
  ASSERT_OK(
      Call(Op("kampar", "bkpsdm"), &Stub::ListPersonalDataReads, list, &reads));
  ASSERT_EQ(reads.reads_size(), 1);
  EXPECT_EQ(reads.reads(0).pegawai(), "instansi/kampar/pegawai/p-staf");
  EXPECT_EQ(reads.reads(0).method(), "GetPegawai");
  EXPECT_GT(reads.reads(0).read_time().seconds(), 0);
  // Only BKPSDM may ask.
  EXPECT_THAT(Call(Op("kampar", "pegawai-lain"), &Stub::ListPersonalDataReads,
                   list, &reads),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace sisker::org

namespace sisker::org {
namespace {

using Stub = v1::OrgService::Stub;

TEST_F(Kedudukan, HeadsAndSubordinates) {
  ASSERT_NO_FATAL_FAILURE(Build("paser"));
  v1::GetHeadsRequest r;
  r.set_name("instansi/paser/perangkatDaerah/dinas");
  v1::Heads heads;
  ASSERT_OK(Call(Op("paser", "pegawai-1"), &Stub::GetHeads, r, &heads));
  EXPECT_FALSE(heads.vacant());
  EXPECT_EQ(heads.head().person(), "instansi/paser/pegawai/p-kadis");
  EXPECT_EQ(heads.sekda().person(), "instansi/paser/pegawai/p-sekda");
  EXPECT_THAT(heads.bupati().person(),
              ::testing::StartsWith("instansi/paser/officials/"));
  r.set_name("instansi/paser");
  ASSERT_OK(Call(Op("paser", "pegawai-1"), &Stub::GetHeads, r, &heads));
  EXPECT_EQ(heads.head().person(), "instansi/paser/pegawai/p-sekda");

  v1::ListSubordinatesRequest s;
  s.set_name("instansi/paser/pegawai/p-kasubbag");
  v1::ListSubordinatesResponse subs;
  ASSERT_OK(Call(Op("paser", "pegawai-1"), &Stub::ListSubordinates, s, &subs));
  std::vector<std::string> people;
  for (const auto& p : subs.subordinates()) people.push_back(p.person());
  EXPECT_THAT(people, ::testing::UnorderedElementsAre(
                          "instansi/paser/pegawai/p-staf",
                          "instansi/paser/pegawai/p-epidemiolog"));
}

}  // namespace
}  // namespace sisker::org

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using Stub = v1::OrgService::Stub;

TEST_F(Kedudukan, AStatusChangeIsDatedAndASubjectLinksToOnePerson) {
  ASSERT_NO_FATAL_FAILURE(Build("paser"));
  v1::UpdatePegawaiRequest r;
  r.mutable_pegawai()->set_name("instansi/paser/pegawai/p-kasubbag");
  r.mutable_pegawai()->set_status(v1::Pegawai::STUDY_LEAVE);
  r.mutable_update_mask()->add_paths("status");
  r.set_reason("Tugas belajar S2");
  v1::Pegawai out;
  EXPECT_THAT(Call(Op("paser", "bkpsdm"), &Stub::UpdatePegawai, r, &out),
              StatusIs(absl::StatusCode::kInvalidArgument));  // no status_from
  *r.mutable_pegawai()->mutable_status_from() = D(2025, 6, 1);
  ASSERT_OK(Call(Op("paser", "bkpsdm"), &Stub::UpdatePegawai, r, &out));
  EXPECT_EQ(out.status(), v1::Pegawai::STUDY_LEAVE);
  // Before the leave the Kasubbag assessed the staff; from then on the post
  // counts as vacant and the walk goes up.
  auto before = Get("paser", "p-staf", D(2025, 5, 31));
  ASSERT_THAT(before, IsOk());
  EXPECT_EQ(before->assessor().person().person(),
            "instansi/paser/pegawai/p-kasubbag");
  auto after = Get("paser", "p-staf", D(2025, 6, 1));
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->assessor().person().person(),
            "instansi/paser/pegawai/p-sekretaris");

  v1::UpdatePegawaiRequest link;
  link.mutable_pegawai()->set_name("instansi/paser/pegawai/p-staf");
  link.mutable_pegawai()->set_subject("idp|staf");
  link.mutable_update_mask()->add_paths("subject");
  link.set_reason("akun SSO");
  ASSERT_OK(Call(Op("paser", "bkpsdm"), &Stub::UpdatePegawai, link, &out));
  link.mutable_pegawai()->set_name("instansi/paser/pegawai/p-analis");
  EXPECT_THAT(Call(Op("paser", "bkpsdm"), &Stub::UpdatePegawai, link, &out),
              StatusIs(absl::StatusCode::kAlreadyExists));

  v1::LookupSubjectRequest lookup;
  lookup.set_parent("instansi/paser");
  lookup.set_subject("idp|staf");
  v1::SubjectPerson person;
  common::Principal gateway{"paser",
                            "sisker-gateway",
                            common::Principal::Kind::kService,
                            {"org.read"}};
  ASSERT_OK(Call(gateway, &Stub::LookupSubject, lookup, &person));
  EXPECT_EQ(person.kind(), v1::SubjectPerson::PEGAWAI);
  EXPECT_EQ(person.person().person(), "instansi/paser/pegawai/p-staf");
  ASSERT_OK(
      Call(Op("paser", "idp|staf"), &Stub::LookupSubject, lookup, &person));
  v1::GetPegawaiRequest own;
  own.set_name("instansi/paser/pegawai/p-staf");
  v1::Pegawai mine;
  ASSERT_OK(Call(Op("paser", "idp|staf"), &Stub::GetPegawai, own, &mine));
  EXPECT_EQ(mine.subject(), "idp|staf");
  EXPECT_THAT(
      Call(Op("paser", "someone-else"), &Stub::LookupSubject, lookup, &person),
      StatusIs(absl::StatusCode::kPermissionDenied));
  lookup.set_subject("idp|unknown");
  EXPECT_THAT(Call(gateway, &Stub::LookupSubject, lookup, &person),
              StatusIs(absl::StatusCode::kNotFound, "UNKNOWN_SUBJECT"));
}

}  // namespace
}  // namespace sisker::org

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;

TEST_F(Kedudukan, APdWithoutAnAdministratorPostIsLedByItsKepalaUnderPsr20_1) {
  ASSERT_NO_FATAL_FAILURE(Build("paser"));
  Pd("paser", "brida", v1::PerangkatDaerah::BADAN);
  Unit("paser", "brida", "brida-sek");
  ASSERT_OK(Post("paser", "kabrida", "brida-sek", v1::Post::JPT_PRATAMA,
                 "sekda", "", true));
  ASSERT_OK(Post("paser", "peneliti", "brida-sek", v1::Post::FUNGSIONAL,
                 "kabrida", "AHLI_PERTAMA"));
  ASSERT_THAT(Pegawai("paser", "p-kabrida", "197001012000011009"), IsOk());
  ASSERT_THAT(Pegawai("paser", "p-peneliti", "199001012015011009"), IsOk());
  ASSERT_OK(Place("paser", "p-kabrida", "kabrida"));
  ASSERT_OK(Place("paser", "p-peneliti", "peneliti"));
  auto k = Get("paser", "p-peneliti");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->assessor().step(), v1::Assessor::KEPALA_PD);
  EXPECT_EQ(k->assessor().person().person(),
            "instansi/paser/pegawai/p-kabrida");
  EXPECT_EQ(k->assessor().article(), "PSR 20(1)");
}

}  // namespace
}  // namespace sisker::org
