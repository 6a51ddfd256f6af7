// What a letter says, how it prints and how workload is counted: pure
// functions (letter_content, letter_document, workload), no servers.
#include "services/assignment/letter_content.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/dates.h"
#include "services/assignment/letter_document.h"
#include "services/assignment/workload.h"

namespace sisker::assignment {
namespace {

using ::testing::ElementsAre;
using R = sisker::v1::AssignmentRules;

sisker::v1::Letter SampleLetter() {
  sisker::v1::Letter l;
  l.set_kind(R::SURAT_PERINTAH);
  l.set_number("800/5/dinkes/2026");
  *l.mutable_date() = common::ToProtoDate(absl::CivilDay(2026, 11, 30));
  l.set_signer_name("Yusuf Hidayat");
  l.set_signer_post_display_name("Kepala Bidang Pelayanan Kesehatan");
  l.set_assignee_name("Rina Maulana");
  l.set_purpose("Validasi data sasaran imunisasi");
  l.add_expected_targets("Data tervalidasi");
  *l.mutable_start_date() = common::ToProtoDate(absl::CivilDay(2026, 10, 12));
  *l.mutable_end_date() = common::ToProtoDate(absl::CivilDay(2026, 12, 11));
  l.set_source("PSR 9(5)a");
  l.set_verification_code("EV38MLZHJEA7JPFK");
  return l;
}

TEST(LetterContent, LetterheadFillsTheProfilesTemplate) {
  R rules;
  rules.add_letterhead("{INSTANSI}");
  rules.add_letterhead("{PD}");
  rules.add_letterhead("Tana Paser");
  EXPECT_THAT(
      Letterhead(rules, "Pemerintah Kabupaten Paser", "Dinas Kesehatan"),
      ElementsAre("PEMERINTAH KABUPATEN PASER", "DINAS KESEHATAN",
                  "Tana Paser"));
  EXPECT_THAT(Letterhead(R(), "Pemerintah Kabupaten Kampar", "Dinas PUPR"),
              ElementsAre("PEMERINTAH KABUPATEN KAMPAR", "DINAS PUPR"));
}

TEST(LetterContent, SignatureBlockSaysAtasNamaPltOrNothing) {
  auto letter = SampleLetter();
  EXPECT_THAT(SignatureBlock(letter),
              ElementsAre("Kepala Bidang Pelayanan Kesehatan,", "", "",
                          "Yusuf Hidayat"));
  letter.set_signer_capacity("a.n.");
  letter.set_on_behalf_of_post("Kepala Dinas Kesehatan");
  EXPECT_THAT(SignatureBlock(letter),
              ElementsAre("a.n. Kepala Dinas Kesehatan",
                          "Kepala Bidang Pelayanan Kesehatan,", "", "",
                          "Yusuf Hidayat"));
  letter.set_signer_capacity("Plt.");
  EXPECT_EQ(SignatureBlock(letter).front(),
            "Plt. Kepala Bidang Pelayanan Kesehatan,");
}

TEST(LetterContent, NumberAndCodeFollowTheFormat) {
  R rules;
  rules.set_letter_classification("800");
  EXPECT_EQ(
      LetterNumber(rules, 12, "instansi/paser/perangkatDaerah/dinkes", 2026),
      "800/12/dinkes/2026");
  rules.set_letter_number_format("{classification}.{seq}/{year}/{pd}");
  EXPECT_EQ(LetterNumber(rules, 3, "instansi/k/perangkatDaerah/setda", 2025),
            "800.3/2025/setda");
  const std::string code = NewVerificationCode();
  EXPECT_TRUE(IsVerificationCode(code)) << code;
  EXPECT_FALSE(IsVerificationCode("O0I1O0I1O0I1O0I1"));
  EXPECT_FALSE(IsVerificationCode("abcdefghjkmnpqrs"));
}

TEST(LetterContent, TheHashCoversTheContentNotTheState) {
  auto letter = SampleLetter();
  const std::string hash = ContentHash(letter);
  EXPECT_EQ(hash.size(), 64u);
  letter.set_state(sisker::v1::Letter::CANCELLED);
  letter.set_cancel_reason("batal");
  letter.mutable_signature()->set_provider("dev-ed25519");
  EXPECT_EQ(ContentHash(letter), hash);
  letter.set_purpose("Validasi data sasaran imunisasi (diubah)");
  EXPECT_NE(ContentHash(letter), hash);
}

TEST(LetterDocument, PrintsTheLetterWithItsStampAndMembers) {
  auto letter = SampleLetter();
  R rules;
  rules.set_letter_place("Tana Paser");
  auto doc = DocumentFor(letter, rules, "https://sisker.paserkab.go.id", "");
  EXPECT_EQ(doc.title, "SURAT PERINTAH");
  EXPECT_EQ(doc.place_and_date, "Tana Paser, 30 November 2026");
  EXPECT_EQ(doc.verification_url,
            "https://sisker.paserkab.go.id/v1/letters:verify?code="
            "EV38MLZHJEA7JPFK");
  EXPECT_TRUE(doc.stamp.empty());
  EXPECT_TRUE(doc.table.empty());
  bool period = false;
  for (const auto& [label, value] : doc.fields) {
    period |= label == "Jangka waktu" &&
              value == "12 Oktober 2026 s.d. 11 Desember 2026";
  }
  EXPECT_TRUE(period);
  letter.set_state(sisker::v1::Letter::SUPERSEDED);
  auto* m = letter.add_members();
  m->set_display_name("Andi");
  m->set_role("Ketua");
  doc = DocumentFor(letter, rules, "https://x", "800/4/dinkes/2026");
  EXPECT_EQ(doc.stamp, "DIGANTI");
  ASSERT_EQ(doc.table.size(), 2u);
  EXPECT_THAT(doc.table[1], ElementsAre("1", "Andi", "Ketua"));
  EXPECT_THAT(doc.paragraphs.front(),
              ::testing::HasSubstr("800/4/dinkes/2026"));
}

sisker::v1::Assignment A(const std::string& name,
                         sisker::v1::Assignment::State state,
                         absl::CivilDay from, absl::CivilDay to,
                         bool low = false) {
  sisker::v1::Assignment a;
  a.set_name(name);
  a.set_state(state);
  *a.mutable_start_date() = common::ToProtoDate(from);
  *a.mutable_end_date() = common::ToProtoDate(to);
  a.set_low_priority(low);
  return a;
}

// KMP 4(2), 5(2); PSR 7(4).
TEST(Workload, CountsCommittedWorkOverThePeriod) {
  using S = sisker::v1::Assignment;
  const absl::CivilDay d(2026, 3, 1);
  std::vector<sisker::v1::Assignment> all = {
      A("a", S::ACTIVE, d, d + 30),
      A("b", S::AWAITING_LETTER, d + 10, d + 40, true),
      A("c", S::PENDING_APPROVAL, d, d + 30),
      A("d", S::CANCELLED, d, d + 30),
      A("e", S::ACTIVE, d + 100, d + 130),
  };
  auto summary = SummarizeWorkload(all, d + 5, d + 20, "", 2);
  EXPECT_EQ(summary.active_assignments(), 2);
  EXPECT_TRUE(summary.overloaded());
  summary = SummarizeWorkload(all, d + 5, d + 20, "a", 2);
  EXPECT_EQ(summary.active_assignments(), 1);
  EXPECT_FALSE(summary.overloaded());
  EXPECT_FALSE(SummarizeWorkload(all, d, d + 200, "", 0).overloaded());
  auto on = WorkloadOn(all, d + 15, 3);
  EXPECT_EQ(on.active_count(), 2);      // a and b are under way
  EXPECT_EQ(on.assignments_size(), 4);  // a, b, c and the coming e
  EXPECT_EQ(on.low_priority_count(), 1);
  EXPECT_EQ(on.assignments(0).name(), "a");  // earliest end first
  EXPECT_FALSE(on.overloaded());
}

}  // namespace
}  // namespace sisker::assignment
