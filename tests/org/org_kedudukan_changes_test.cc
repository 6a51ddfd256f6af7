// Changing and closing posts, the pegawai status history, who may read a
// pegawai's record, and external participants, against real PostgreSQL
// over gRPC.
#include "common/attachments.h"
#include "tests/org/org_kedudukan_fixture.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using Stub = v1::OrgService::Stub;

class KedudukanChanges : public Kedudukan {
 public:
  absl::StatusOr<v1::Post> UpdatePost(const std::string& post,
                                      std::vector<std::string> paths,
                                      const v1::Post& values,
                                      const std::string& etag = "") {
    v1::UpdatePostRequest r;
    *r.mutable_post() = values;
    r.mutable_post()->set_name("instansi/kampar/posts/" + post);
    r.mutable_post()->set_etag(etag);
    for (const auto& p : paths) r.mutable_update_mask()->add_paths(p);
    r.set_reason("Perbup perubahan SOTK");
    v1::Post out;
    RETURN_IF_ERROR(Call(Op("kampar", "bagor"), &Stub::UpdatePost, r, &out));
    return out;
  }
  absl::StatusOr<v1::Post> ClosePost(const std::string& post,
                                     google::type::Date from) {
    v1::ClosePostRequest r;
    r.set_name("instansi/kampar/posts/" + post);
    *r.mutable_effective_date() = from;
    r.set_reason("Perbup perubahan SOTK");
    v1::Post out;
    RETURN_IF_ERROR(Call(Op("kampar", "bagor"), &Stub::ClosePost, r, &out));
    return out;
  }
  absl::Status SetStatus(const std::string& pegawai, v1::Pegawai::Status status,
                         google::type::Date from) {
    v1::UpdatePegawaiRequest r;
    r.mutable_pegawai()->set_name("instansi/kampar/pegawai/" + pegawai);
    r.mutable_pegawai()->set_status(status);
    *r.mutable_pegawai()->mutable_status_from() = from;
    r.mutable_update_mask()->add_paths("status");
    r.set_reason("SK BKPSDM");
    v1::Pegawai out;
    return Call(Op("kampar", "bkpsdm"), &Stub::UpdatePegawai, r, &out);
  }
  absl::Status Link(const std::string& pegawai, const std::string& subject) {
    v1::UpdatePegawaiRequest r;
    r.mutable_pegawai()->set_name("instansi/kampar/pegawai/" + pegawai);
    r.mutable_pegawai()->set_subject(subject);
    r.mutable_update_mask()->add_paths("subject");
    r.set_reason("akun SSO");
    v1::Pegawai out;
    return Call(Op("kampar", "bkpsdm"), &Stub::UpdatePegawai, r, &out);
  }
};

TEST_F(KedudukanChanges, APostIsRenamedResizedAndMovedWithItsRulesChecked) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  v1::Post values;
  values.set_display_name("Pengelola Layanan Operasional");
  values.set_formation(5);
  auto updated = UpdatePost("staf", {"display_name", "formation"}, values);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->display_name(), "Pengelola Layanan Operasional");
  EXPECT_EQ(updated->formation(), 5);
  EXPECT_EQ(updated->etag(), "2");
  // A second holder of "staf".
  ASSERT_THAT(Pegawai("kampar", "p-staf-2", "198001012005011003"), IsOk());
  ASSERT_OK(Place("kampar", "p-staf-2", "staf", D(2025, 1, 1)));
  // A stale etag, fewer seats than holders, a cycle, a structural post
  // with two seats, an unknown field: refused, nothing written.
  const std::string history =
      db_->QueryValue("SELECT count(*) FROM org.history");
  EXPECT_THAT(UpdatePost("staf", {"display_name"}, values, "1"),
              StatusIs(absl::StatusCode::kAborted));
  values.set_formation(0);
  EXPECT_THAT(
      ViolatedFields(UpdatePost("staf", {"formation"}, values).status()),
      ::testing::ElementsAre("post.formation"));
  values.set_formation(1);
  EXPECT_THAT(UpdatePost("staf", {"formation"}, values),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "FORMATION_BELOW_OCCUPANCY"));
  values.set_formation(2);
  EXPECT_THAT(
      ViolatedFields(UpdatePost("kasubbag", {"formation"}, values).status()),
      ::testing::ElementsAre("post.formation"));
  values.set_reports_to("instansi/kampar/posts/staf");
  EXPECT_THAT(
      UpdatePost("sekretaris", {"reports_to"}, values),
      StatusIs(absl::StatusCode::kFailedPrecondition, "REPORTS_TO_CYCLE"));
  EXPECT_THAT(ViolatedFields(UpdatePost("staf", {"kind"}, values).status()),
              ::testing::ElementsAre("update_mask"));
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM org.history"), history);
  // The epidemiolog moves under the Sekretaris: the walk follows.
  values.set_reports_to("instansi/kampar/posts/sekretaris");
  ASSERT_THAT(UpdatePost("epidemiolog", {"reports_to"}, values), IsOk());
  auto k = Get("kampar", "p-epidemiolog");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->direct_superior().person(),
            "instansi/kampar/pegawai/p-sekretaris");
}

TEST_F(KedudukanChanges, AClosedPostTakesNoPlacementAndAnOccupiedOneStays) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  EXPECT_THAT(ClosePost("analis", D(2025, 7, 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, "POST_OCCUPIED"));
  EXPECT_THAT(
      ClosePost("kabid", D(2025, 7, 1)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "POST_HAS_REPORTS"));
  ASSERT_OK(Post("kampar", "pranata", "dinas-bid", v1::Post::FUNGSIONAL,
                 "kabid", "TERAMPIL"));
  EXPECT_THAT(
      ClosePost("pranata", D(2023, 12, 31)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "DATE_BEFORE_POST"));
  auto closed = ClosePost("pranata", D(2025, 7, 1));
  ASSERT_THAT(closed, IsOk());
  EXPECT_EQ(closed->effective_to().year(), 2025);
  EXPECT_EQ(
      db_->QueryValue("SELECT action FROM org.history WHERE aggregate_id = "
                      "'instansi/kampar/posts/pranata' ORDER BY id DESC "
                      "LIMIT 1"),
      "closed");
  EXPECT_THAT(ClosePost("pranata", D(2025, 8, 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, "POST_CLOSED"));
  ASSERT_THAT(Pegawai("kampar", "p-pranata", "198001012005011004"), IsOk());
  EXPECT_THAT(Place("kampar", "p-pranata", "pranata", D(2025, 7, 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, "POST_NOT_LIVE"));
  ASSERT_OK(Place("kampar", "p-pranata", "pranata", D(2025, 6, 1)));
}

TEST_F(KedudukanChanges, AStatusHistoryDecidesWhoHoldsAPostOnEachDay) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  ASSERT_OK(SetStatus("p-kasubbag", v1::Pegawai::STUDY_LEAVE, D(2025, 6, 1)));
  ASSERT_OK(SetStatus("p-kasubbag", v1::Pegawai::ACTIVE, D(2025, 9, 1)));
  for (auto [day, who] : {std::pair{D(2025, 5, 31), "p-kasubbag"},
                          std::pair{D(2025, 6, 1), "p-sekretaris"},
                          std::pair{D(2025, 8, 31), "p-sekretaris"},
                          std::pair{D(2025, 9, 1), "p-kasubbag"}}) {
    auto k = Get("kampar", "p-staf", day);
    ASSERT_THAT(k, IsOk());
    EXPECT_EQ(k->assessor().person().person(),
              std::string("instansi/kampar/pegawai/") + who)
        << day.month() << "-" << day.day();
  }
  v1::GetPegawaiRequest get;
  get.set_name("instansi/kampar/pegawai/p-kasubbag");
  v1::Pegawai record;
  ASSERT_OK(Call(Op("kampar", "bkpsdm"), &Stub::GetPegawai, get, &record));
  // The leave, the return, and the ACTIVE of the record's creation (today).
  ASSERT_EQ(record.status_history_size(), 3);
  EXPECT_EQ(record.status_history(0).status(), v1::Pegawai::STUDY_LEAVE);
  EXPECT_EQ(record.status_history(0).to().month(), 9);
  EXPECT_EQ(record.status_history(1).status(), v1::Pegawai::ACTIVE);
  EXPECT_FALSE(record.status_history(2).has_to());
  // A retirement recorded ahead takes effect on its date only.
  ASSERT_OK(Link("p-analis", "idp|analis"));
  ASSERT_OK(SetStatus("p-analis", v1::Pegawai::RETIRED, D(2099, 1, 1)));
  v1::LookupSubjectRequest lookup;
  lookup.set_parent("instansi/kampar");
  lookup.set_subject("idp|analis");
  v1::SubjectPerson person;
  EXPECT_OK(
      Call(Op("kampar", "bkpsdm"), &Stub::LookupSubject, lookup, &person));
  SetNow(absl::FromCivil(absl::CivilDay(2099, 1, 1), absl::UTCTimeZone()));
  EXPECT_THAT(
      Call(Op("kampar", "bkpsdm"), &Stub::LookupSubject, lookup, &person),
      StatusIs(absl::StatusCode::kNotFound, "UNKNOWN_SUBJECT"));
}

TEST_F(KedudukanChanges, ThePpkAndTheDirectSuperiorMayReadARecordOthersNot) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  ASSERT_OK(Link("p-kasubbag", "idp|kasubbag"));
  ASSERT_OK(Link("p-staf", "idp|staf"));
  v1::GetPegawaiRequest get;
  get.set_name("instansi/kampar/pegawai/p-staf");
  v1::Pegawai record;
  EXPECT_OK(
      Call(Op("kampar", "idp|kasubbag"), &Stub::GetPegawai, get, &record));
  EXPECT_EQ(record.nip().size(), 18u);
  get.set_name("instansi/kampar/pegawai/p-analis");  // under the Kabid
  EXPECT_THAT(
      Call(Op("kampar", "idp|kasubbag"), &Stub::GetPegawai, get, &record),
      StatusIs(absl::StatusCode::kPermissionDenied));
  get.set_name("instansi/kampar/pegawai/p-kasubbag");  // upwards: no
  EXPECT_THAT(Call(Op("kampar", "idp|staf"), &Stub::GetPegawai, get, &record),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

constexpr char kPdf[] = "%PDF-1.4\n\0binary\xff letter\n%%EOF";

TEST_F(KedudukanChanges, AnExternalParticipantIsRegisteredWithTheHomeLetter) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  v1::CreateExternalParticipantRequest r;
  r.set_parent("instansi/kampar");
  r.set_external_participant_id("dosen-unri");
  auto* p = r.mutable_external_participant();
  p->set_display_name("Siti Rahma");
  p->set_gelar_depan("Dr.");
  p->set_gelar_belakang("M.Si.");
  p->set_origin_institution("Universitas Riau");
  p->set_origin_position("Lektor Kepala");
  p->set_home_letter_number("B/123/UN19/KP/2025");
  *p->mutable_home_letter_date() = D(2025, 2, 3);
  p->set_subject("idp|siti");
  const std::string content(kPdf, sizeof(kPdf) - 1);
  r.set_home_letter_content(content);
  r.set_home_letter_filename("surat-rektor.pdf");
  r.set_home_letter_media_type("image/png");  // the bytes are a PDF
  v1::ExternalParticipant out;
  const std::string before = db_->QueryValue(
      "SELECT (SELECT count(*) FROM org.attachments) || '/' || (SELECT "
      "count(*) "
      "FROM org.external_participants)");
  absl::Status bad =
      Call(Op("kampar", "bkpsdm"), &Stub::CreateExternalParticipant, r, &out);
  EXPECT_THAT(ViolatedFields(bad),
              ::testing::ElementsAre("home_letter_content"));
  r.set_home_letter_media_type("application/pdf");
  p->clear_origin_institution();
  EXPECT_THAT(
      ViolatedFields(Call(Op("kampar", "bkpsdm"),
                          &Stub::CreateExternalParticipant, r, &out)),
      ::testing::ElementsAre("external_participant.origin_institution"));
  EXPECT_EQ(
      db_->QueryValue(
          "SELECT (SELECT count(*) FROM org.attachments) || '/' || (SELECT "
          "count(*) FROM org.external_participants)"),
      before);
  p->set_origin_institution("Universitas Riau");
  EXPECT_THAT(
      Call(Op("kampar", "bagor"), &Stub::CreateExternalParticipant, r, &out),
      StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK(
      Call(Op("kampar", "bkpsdm"), &Stub::CreateExternalParticipant, r, &out));
  EXPECT_EQ(out.name(), "instansi/kampar/externalParticipants/dosen-unri");
  EXPECT_EQ(out.home_letter().size_bytes(),
            static_cast<int64_t>(content.size()));
  EXPECT_EQ(out.home_letter().sha256(), common::Sha256Hex(content));
  EXPECT_THAT(
      Call(Op("kampar", "bkpsdm"), &Stub::CreateExternalParticipant, r, &out),
      StatusIs(absl::StatusCode::kAlreadyExists));

  // The letter comes back byte for byte; readers are BKPSDM and the person.
  v1::GetHomeAgencyLetterRequest letter_request;
  letter_request.set_name(out.name());
  v1::HomeAgencyLetter letter;
  ASSERT_OK(Call(Op("kampar", "idp|siti"), &Stub::GetHomeAgencyLetter,
                 letter_request, &letter));
  EXPECT_EQ(letter.content(), content);
  v1::GetExternalParticipantRequest get;
  get.set_name(out.name());
  v1::ExternalParticipant read;
  EXPECT_THAT(
      Call(Op("kampar", "p-staf"), &Stub::GetExternalParticipant, get, &read),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(
      Call(Op("paser", "bkpsdm"), &Stub::GetExternalParticipant, get, &read),
      StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK(
      Call(Op("kampar", "bkpsdm"), &Stub::GetExternalParticipant, get, &read));
  EXPECT_EQ(read.home_letter().filename(), "surat-rektor.pdf");

  // The subject acts as the participant; the reads were recorded.
  v1::LookupSubjectRequest lookup;
  lookup.set_parent("instansi/kampar");
  lookup.set_subject("idp|siti");
  v1::SubjectPerson person;
  ASSERT_OK(
      Call(Op("kampar", "idp|siti"), &Stub::LookupSubject, lookup, &person));
  EXPECT_EQ(person.kind(), v1::SubjectPerson::EXTERNAL_PARTICIPANT);
  EXPECT_EQ(person.person().person(), out.name());
  access_log_->Stop();
  v1::ListPersonalDataReadsRequest reads;
  reads.set_parent("instansi/kampar");
  reads.set_pegawai(out.name());
  v1::ListPersonalDataReadsResponse logged;
  ASSERT_OK(Call(Op("kampar", "bkpsdm"), &Stub::ListPersonalDataReads, reads,
                 &logged));
  ASSERT_EQ(logged.reads_size(), 2);
  EXPECT_EQ(logged.reads(0).pegawai(), out.name());
}

}  // namespace
}  // namespace sisker::org
