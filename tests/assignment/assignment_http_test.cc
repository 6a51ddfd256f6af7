// A cross-PD appointment in Paser end to end over HTTP: a real org service
// and a real assignment service (real PostgreSQL) behind a real gateway,
// driven with curl and the identity provider's tokens of the officials
// involved, from the request to the Sekda's signature (PSR 8(2), 9(3)-(5)).
#include <memory>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "tests/assignment/assignment_fixture.h"
#include "tests/gateway/http_gateway.h"

namespace sisker::assignment::fixture {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

using Reply = sisker::testing::HttpReply;

class AssignmentHttp : public AssignmentTest {
 public:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(AssignmentTest::SetUp());
    ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
    ASSERT_NO_FATAL_FAILURE(AddBappeda());
    ASSERT_NO_FATAL_FAILURE(StartGateway());
  }
  void TearDown() override {
    gateway_.reset();
    AssignmentTest::TearDown();
  }

  // A third PD of Paser whose Kepala owns the work: the Bappeda, its head
  // (JPT Pratama under the Sekda) signing in as "idp|kaban".
  void AddBappeda() {
    ASSERT_NO_FATAL_FAILURE(Pd("paser", "bappeda", v1::PerangkatDaerah::BADAN));
    ASSERT_NO_FATAL_FAILURE(Unit("paser", "bappeda", "bappeda-pimpinan"));
    ASSERT_OK(Post("paser", "kaban", "bappeda-pimpinan", v1::Post::JPT_PRATAMA,
                   "sekda", "", true));
    ASSERT_THAT(Pegawai("paser", "p-kaban", "197803152003121004"), IsOk());
    ASSERT_OK(Place("paser", "p-kaban", "kaban"));
    ASSERT_NO_FATAL_FAILURE(Link("paser", "p-kaban", "idp|kaban"));
  }

  // The gateway (as gateway_e2e_test.cc starts it) in front of both
  // services, trusting an HS256 identity provider "test-idp".
  void StartGateway() {
    gateway_ = std::make_unique<sisker::testing::HttpGateway>();
    ASSERT_OK(gateway_->Start(
        {{"sisker.v1.OrgService", {server_->channel(), "sisker-org"}},
         {"sisker.v1.AssignmentService", {aserver_->channel(), kServiceName}}},
        server_->channel(), signer_.get()));
  }

  // The identity provider's token of `subject` in Paser.
  std::string Token(const std::string& subject) {
    return gateway_->Token("paser", subject);
  }

  // curl: method, path, bearer token ("" for none), JSON body.
  Reply Http(const std::string& method, const std::string& path,
             const std::string& token, const std::string& body = "") {
    return gateway_->Http(method, path, token, body);
  }

  std::unique_ptr<sisker::testing::HttpGateway> gateway_;
};

// The Kepala Bappeda (an appointer: the owner's Kepala PD, PSR 8(2), 8(5))
// appoints the Dinas's staff: across PDs, so the Kepala Dinas where the
// staff sits answers the involvement request in writing (PSR 9(3)-(4)),
// and the Sekda — not the Kepala Bappeda — signs (PSR 9(5)b). Anyone
// checks the letter by its code without a token.
TEST_F(AssignmentHttp, PaserCrossPdAppointmentFromRequestToTheSekdasLetter) {
  const std::string kaban = Token("idp|kaban");
  const std::string kadis = Token("idp|kadis");
  const std::string sekda = Token("idp|sekda");
  const std::string stranger = Token("idp|analis");

  // 1. The request: PENDING_APPROVAL, CROSS_PD, with its involvement request.
  Reply created =
      Http("POST", "/v1/instansi/paser/assignments", kaban,
           R"({"assignee":"instansi/paser/pegawai/p-staf",)"
           R"("ownerUnit":"instansi/paser/units/bappeda-pimpinan",)"
           R"("method":"APPOINTMENT",)"
           R"("purpose":"Penyusunan bab kesehatan RKPD 2026",)"
           R"("expectedTargets":["Bab kesehatan RKPD 2026 tersusun"],)"
           R"("competenceNeeded":"Analisis data kesehatan",)"
           R"("startDate":{"year":2025,"month":3,"day":1},)"
           R"("endDate":{"year":2025,"month":5,"day":31}})");
  ASSERT_EQ(created.status, 200) << created.body;
  const Json assignment = created.json();
  ASSERT_TRUE(assignment.is_object()) << created.body;
  EXPECT_EQ(assignment.value("state", ""), "PENDING_APPROVAL");
  EXPECT_EQ(assignment.value("scope", ""), "CROSS_PD");
  EXPECT_EQ(assignment.value("letterSource", ""), "PSR 9(5)b");
  EXPECT_EQ(assignment.value("letterIssuers", Json::array()),
            Json::array({"SEKDA"}));
  EXPECT_EQ(assignment.value("ownerPerangkatDaerah", ""),
            "instansi/paser/perangkatDaerah/bappeda");
  const std::string name = assignment.value("name", "");
  const std::string request = assignment.value("involvementRequest", "");
  ASSERT_THAT(name, HasSubstr("instansi/paser/assignments/"));
  ASSERT_THAT(request, HasSubstr("instansi/paser/involvementRequests/"));

  // 2. A stranger (another pegawai of the Dinas) neither sees nor answers
  // it; the staff themselves may read it.
  EXPECT_EQ(Http("GET", "/v1/" + request, stranger).status, 404);
  EXPECT_EQ(Http("GET", "/v1/" + name, stranger).status, 404);
  Reply meddling = Http("POST", "/v1/" + request + ":answer", stranger,
                        R"({"approve":true})");
  EXPECT_EQ(meddling.status, 403) << meddling.body;
  EXPECT_THAT(meddling.body, HasSubstr("PSR 9(4)"));
  EXPECT_EQ(Http("GET", "/v1/" + request, Token("idp|staf")).status, 200);

  // 3. The home head (the Kepala Dinas) reads it; a refusal without its
  // reason is 400 naming `reason` (PSR 9(4)); a stale etag is 409.
  Reply read = Http("GET", "/v1/" + request, kadis);
  ASSERT_EQ(read.status, 200) << read.body;
  const std::string etag = read.json().value("etag", "");
  ASSERT_FALSE(etag.empty()) << read.body;
  EXPECT_EQ(read.json().value("pegawaiPerangkatDaerah", ""),
            "instansi/paser/perangkatDaerah/dinas");
  Reply no_reason =
      Http("POST", "/v1/" + request + ":answer", kadis, R"({"approve":false})");
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  EXPECT_THAT(no_reason.body, HasSubstr(R"("field":"reason")"));
  Reply stale = Http("POST", "/v1/" + request + ":answer", kadis,
                     absl::StrCat(R"({"approve":true,"etag":")", etag, "0\"}"));
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_THAT(stale.body, HasSubstr(R"("status":"ABORTED")"));
  EXPECT_THAT(stale.body, HasSubstr("STALE_ETAG"));

  // 4. Approved with the current etag: the assignment awaits its letter.
  Reply approved =
      Http("POST", "/v1/" + request + ":answer", kadis,
           absl::StrCat(R"({"approve":true,"etag":")", etag, "\"}"));
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json().value("state", ""), "APPROVED");
  EXPECT_EQ(approved.json().value("answeredBy", ""),
            "instansi/paser/pegawai/p-kadis");
  Reply awaiting = Http("GET", "/v1/" + name, kaban);
  ASSERT_EQ(awaiting.status, 200) << awaiting.body;
  EXPECT_EQ(awaiting.json().value("state", ""), "AWAITING_LETTER");

  // 5. The owner's Kepala PD may not sign a cross-PD appointment in Paser;
  // the refusal cites PSR 9(5)b. The home head may not either.
  Reply by_owner = Http("POST", "/v1/" + name + ":signLetter", kaban, "{}");
  EXPECT_EQ(by_owner.status, 403) << by_owner.body;
  EXPECT_THAT(by_owner.body, HasSubstr("PSR 9(5)b"));
  EXPECT_EQ(Http("POST", "/v1/" + name + ":signLetter", kadis, "{}").status,
            403);

  // 6. The Sekda signs: the first number of the Setda's sequence, in the
  // profile's format "800/{seq}/{pd}/{year}", and a verification code.
  Reply signed_letter =
      Http("POST", "/v1/" + name + ":signLetter", sekda, "{}");
  ASSERT_EQ(signed_letter.status, 200) << signed_letter.body;
  const Json letter = signed_letter.json();
  const int year =
      letter.contains("date") ? letter["date"].value("year", 0) : 0;
  EXPECT_EQ(letter.value("number", ""), absl::StrCat("800/1/setda/", year));
  EXPECT_EQ(letter.value("issuingPerangkatDaerah", ""),
            "instansi/paser/perangkatDaerah/setda");
  EXPECT_EQ(letter.value("signer", ""), "instansi/paser/pegawai/p-sekda");
  EXPECT_EQ(letter.value("source", ""), "PSR 9(5)b");
  EXPECT_EQ(letter.value("kind", ""), "SURAT_PERINTAH");
  const std::string code = letter.value("verificationCode", "");
  ASSERT_EQ(code.size(), 16u) << signed_letter.body;
  Reply active = Http("GET", "/v1/" + name, Token("idp|staf"));
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_EQ(active.json().value("state", ""), "ACTIVE");

  // 7. The public check, without a token: genuine and valid, no pegawai
  // resource names.
  Reply verified = Http("GET", "/v1/letters:verify?code=" + code, "");
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(verified.json().value("genuine", false), true);
  EXPECT_EQ(verified.json().value("state", ""), "VALID");
  EXPECT_EQ(verified.json().value("number", ""),
            absl::StrCat("800/1/setda/", year));
  EXPECT_EQ(verified.json().value("assigneeName", ""), "Pegawai p-staf");
  EXPECT_THAT(verified.body, Not(HasSubstr("/pegawai/")));
  EXPECT_EQ(Http("GET", "/v1/letters:verify?code=ABCDEFGHJKLMNPQR", "").status,
            code == "ABCDEFGHJKLMNPQR" ? 200 : 404);

  // 8. The letter's PDF over HTTP is the file itself, for its readers.
  const std::string letter_name = letter.value("name", "");
  Reply pdf = Http("GET", "/v1/" + letter_name + ":pdf", Token("idp|staf"));
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(Http("GET", "/v1/" + letter_name + ":pdf", stranger).status, 404);
}

}  // namespace
}  // namespace sisker::assignment::fixture
