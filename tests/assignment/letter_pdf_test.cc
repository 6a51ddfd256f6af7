// The printed letter: what the uncompressed PDF shows (text operators, page
// count, stamp), determinism, compression, WinAnsi text, wrapping, the QR.
#include "services/assignment/letter_pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "services/assignment/pdf_text.h"

namespace sisker::assignment {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kLongValue[] =
    "Permulaan melaksanakan pemantauan dan evaluasi pelayanan kesehatan "
    "dasar pada puskesmas dan jaringannya di seluruh wilayah kecamatan "
    "Tanah Grogot, Kuaro, Long Ikis dan Batu Sopang selama lima hari kerja "
    "Penghabisan";

// Code and a part of the message (the two-argument StatusIs matches an
// ErrorInfo reason, which this module does not attach).
MATCHER_P2(CodeAndMessage, code, part, "") {
  const absl::Status& s = ::sisker::testing::GetStatus(arg);
  *result_listener << "status is " << s;
  return s.code() == code && s.message().find(part) != absl::string_view::npos;
}

LetterDocument SampleLetter() {
  LetterDocument doc;
  doc.letterhead = {"PEMERINTAH KABUPATEN PASER", "DINAS KESEHATAN",
                    "Jl. Jenderal Sudirman No. 27 Tana Paser 76211"};
  doc.title = "SURAT TUGAS";
  doc.number = "800/12/dinkes/2026";
  doc.fields = {{"Dasar", "Peraturan Bupati Paser Nomor 12 Tahun 2024"},
                {"Kepada", "Nama: dr. Budi Santoso\nNIP: 198001012005011001"},
                {"Untuk", kLongValue}};
  doc.paragraphs = {"Demikian surat tugas ini dibuat untuk dilaksanakan."};
  doc.place_and_date = "Tana Paser, 30 November 2026";
  doc.signature_block = {
      "a.n. KEPALA DINAS KESEHATAN", "Sekretaris,", "", "", "dr. Ani Lestari",
      "NIP 198003032006042002"};
  doc.copies = {"Bupati Paser", "Inspektur Kabupaten Paser"};
  doc.verification_url = "https://sisker.paserkab.go.id/v/7KQ2M9XD";
  doc.verification_code = "7KQ2-M9XD";
  doc.content_sha256 =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  return doc;
}

LetterDocument TeamLetter(int members) {
  LetterDocument doc = SampleLetter();
  doc.table = {{"No", "Nama", "NIP", "Jabatan"}};
  for (int i = 1; i <= members; ++i) {
    doc.table.push_back({absl::StrCat(i), absl::StrCat("Anggota Tim ", i),
                         absl::StrCat("1990010120150110", 10 + i),
                         "Pengelola Layanan Kesehatan"});
  }
  return doc;
}

std::string Render(const LetterDocument& doc, bool compress = false) {
  absl::StatusOr<std::string> pdf = RenderLetterPdf(doc, {compress});
  EXPECT_THAT(pdf, IsOk());
  return pdf.ok() ? *pdf : "";
}

// The operands of every `(...) Tj` in an uncompressed PDF, unescaped (libharu
// writes bytes outside printable ASCII and delimiters like '/' as \ooo).
std::vector<std::string> ShownStrings(std::string_view pdf) {
  std::vector<std::string> shown;
  size_t pos = 0;
  while ((pos = pdf.find('(', pos)) != std::string_view::npos) {
    std::string text;
    size_t i = pos + 1;
    for (; i < pdf.size() && pdf[i] != ')'; ++i) {
      if (pdf[i] != '\\') {
        text.push_back(pdf[i]);
      } else if (i + 3 < pdf.size() && pdf[i + 1] >= '0' && pdf[i + 1] <= '7') {
        text.push_back(static_cast<char>(
            std::stoi(std::string(pdf.substr(i + 1, 3)), nullptr, 8)));
        i += 3;
      } else {
        text.push_back(pdf[++i]);
      }
    }
    if (pdf.substr(i + 1, 3) == " Tj") shown.push_back(text);
    pos = i + 1;
  }
  return shown;
}

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string_view::npos;
       p = haystack.find(needle, p + 1)) {
    ++n;
  }
  return n;
}

size_t PageCount(std::string_view pdf) {
  return Count(pdf, "/Type /Page") - Count(pdf, "/Type /Pages");
}

// Index of the first shown string containing `word`, or -1.
int ShownIndex(const std::vector<std::string>& shown, std::string_view word) {
  for (size_t i = 0; i < shown.size(); ++i) {
    if (shown[i].find(word) != std::string::npos) return static_cast<int>(i);
  }
  return -1;
}

TEST(LetterPdf, UncompressedRenderShowsTheLetterOnOnePage) {
  const std::string pdf = Render(SampleLetter());
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  const std::string_view end =
      std::string_view(pdf).substr(0, pdf.find_last_not_of("\r\n") + 1);
  EXPECT_TRUE(end.size() >= 5 && end.substr(end.size() - 5) == "%%EOF");
  const std::vector<std::string> shown = ShownStrings(pdf);
  EXPECT_THAT(shown, Contains("SURAT TUGAS"));
  EXPECT_THAT(shown, Contains("Nomor: 800/12/dinkes/2026"));
  EXPECT_THAT(shown, Contains("PEMERINTAH KABUPATEN PASER"));
  EXPECT_THAT(shown, Contains("NIP: 198001012005011001"));
  EXPECT_THAT(shown, Contains("Kode verifikasi: 7KQ2-M9XD"));
  EXPECT_THAT(shown, Contains("dr. Ani Lestari"));
  EXPECT_THAT(shown, Contains("Tembusan:"));
  EXPECT_THAT(shown, Contains("Bupati Paser"));
  EXPECT_THAT(shown, Contains("Inspektur Kabupaten Paser"));
  EXPECT_THAT(shown, Contains("2."));
  EXPECT_NE(ShownIndex(shown, "SHA-256: 9f86d0"), -1);  // hash starts beside
  EXPECT_NE(ShownIndex(shown, "5b0f00a08"), -1);  // and ends on a later line
  EXPECT_EQ(PageCount(pdf), 1u);
  EXPECT_EQ(ShownIndex(shown, "Halaman"), -1);
  EXPECT_EQ(ShownIndex(shown, "DIBATALKAN"), -1);
}

TEST(LetterPdf, LongValueWrapsOverTwoTextOperators) {
  const std::vector<std::string> shown = ShownStrings(Render(SampleLetter()));
  const int first = ShownIndex(shown, "Permulaan");
  const int last = ShownIndex(shown, "Penghabisan");
  ASSERT_NE(first, -1);
  ASSERT_NE(last, -1);
  EXPECT_LT(first, last);
  EXPECT_THAT(shown[first], Not(HasSubstr("Penghabisan")));
}

TEST(LetterPdf, StampIsPrintedWhenSet) {
  LetterDocument doc = SampleLetter();
  doc.stamp = "DIBATALKAN";
  EXPECT_THAT(ShownStrings(Render(doc)), Contains("DIBATALKAN"));
}

TEST(LetterPdf, SixtyMemberTableFlowsOntoMorePagesWithLetterheadOnce) {
  const std::string pdf = Render(TeamLetter(60));
  const size_t pages = PageCount(pdf);
  EXPECT_GT(pages, 1u);
  EXPECT_THAT(pdf, HasSubstr(absl::StrCat("/Count ", pages)));
  const std::vector<std::string> shown = ShownStrings(pdf);
  EXPECT_EQ(Count(pdf, "(PEMERINTAH KABUPATEN PASER) Tj"), 1u);
  EXPECT_GE(Count(pdf, "(Jabatan) Tj"), 2u);  // header row repeated
  EXPECT_THAT(shown, Contains("Anggota Tim 1"));
  EXPECT_THAT(shown, Contains("Anggota Tim 60"));
  EXPECT_THAT(shown,
              Contains(absl::StrCat("Halaman ", pages, " dari ", pages)));
}

TEST(LetterPdf, SameInputGivesIdenticalBytes) {
  // libharu 2.3.0 writes no creation date and, unencrypted, no /ID: nothing
  // is masked here.
  LetterDocument doc = TeamLetter(60);
  doc.stamp = "DIGANTI";
  EXPECT_EQ(Render(doc, false), Render(doc, false));
  EXPECT_EQ(Render(doc, true), Render(doc, true));
}

TEST(LetterPdf, CompressedIsSmallerForALongLetter) {
  const LetterDocument doc = TeamLetter(60);
  const std::string compressed = Render(doc, true);
  const std::string plain = Render(doc, false);
  ASSERT_FALSE(compressed.empty());
  EXPECT_LT(compressed.size(), plain.size() / 2);
  EXPECT_EQ(compressed.rfind("%PDF-", 0), 0u);
  EXPECT_THAT(compressed, HasSubstr("/FlateDecode"));
}

TEST(LetterPdf, MissingTitleNumberOrUrlIsInvalidArgument) {
  LetterDocument doc = SampleLetter();
  doc.title.clear();
  EXPECT_THAT(RenderLetterPdf(doc),
              CodeAndMessage(absl::StatusCode::kInvalidArgument, "title"));
  doc = SampleLetter();
  doc.number.clear();
  EXPECT_THAT(RenderLetterPdf(doc),
              CodeAndMessage(absl::StatusCode::kInvalidArgument, "number"));
  doc = SampleLetter();
  doc.verification_url.clear();
  EXPECT_THAT(
      RenderLetterPdf(doc),
      CodeAndMessage(absl::StatusCode::kInvalidArgument, "verification_url"));
}

TEST(LetterPdf, UrlTooLongForAQrCodeIsInvalidArgument) {
  LetterDocument doc = SampleLetter();
  doc.verification_url = "https://x/" + std::string(3000, 'a');
  EXPECT_THAT(
      RenderLetterPdf(doc),
      CodeAndMessage(absl::StatusCode::kInvalidArgument, "verification_url"));
}

TEST(LetterPdf, LibharuFailureIsInternalWithItsErrorNumber) {
  // libharu refuses to measure a string over 65535 bytes.
  LetterDocument doc = SampleLetter();
  doc.paragraphs.push_back(std::string(70000, 'x'));
  EXPECT_THAT(RenderLetterPdf(doc),
              CodeAndMessage(absl::StatusCode::kInternal, "libharu error"));
}

TEST(WinAnsi, LatinAndCp1252CharactersMapAndOthersBecomeQuestionMarks) {
  EXPECT_EQ(Utf8ToWinAnsi("\xC3\xA9"), "\xE9");       // é
  EXPECT_EQ(Utf8ToWinAnsi("\xC5\xB8"), "\x9F");       // Ÿ
  EXPECT_EQ(Utf8ToWinAnsi("\xE2\x82\xAC"), "\x80");   // €
  EXPECT_EQ(Utf8ToWinAnsi("\xE2\x80\x94"), "\x97");   // em dash
  EXPECT_EQ(Utf8ToWinAnsi("\xE4\xB8\xAD"), "?");      // 中
  EXPECT_EQ(Utf8ToWinAnsi("\xF0\x9F\x98\x80"), "?");  // emoji
  EXPECT_EQ(Utf8ToWinAnsi("a\tb\r\nc"), "a b\nc");
  EXPECT_EQ(Utf8ToWinAnsi("\xC0\xAF"), "??");  // overlong '/'
  EXPECT_EQ(Utf8ToWinAnsi("\xE4\xB8"), "??");  // truncated
  EXPECT_EQ(Utf8ToWinAnsi("Kepala Dinas"), "Kepala Dinas");
}

TEST(WinAnsi, RenderedTextCarriesTheWinAnsiBytes) {
  LetterDocument doc = SampleLetter();
  doc.paragraphs = {"Caf\xC3\xA9 \xC5\xB8 \xE4\xB8\xAD"};
  EXPECT_THAT(ShownStrings(Render(doc)), Contains("Caf\xE9 \x9F ?"));
}

double OnePerChar(std::string_view s) { return static_cast<double>(s.size()); }

TEST(WrapText, BreaksAtSpacesAndInsideOverlongWords) {
  EXPECT_THAT(WrapText("aa bb cc", 5, OnePerChar), ElementsAre("aa bb", "cc"));
  EXPECT_THAT(WrapText("abcdefghijk x", 4, OnePerChar),
              ElementsAre("abcd", "efgh", "ijk", "x"));
  EXPECT_THAT(WrapText("ab cdefghij", 5, OnePerChar),
              ElementsAre("ab cd", "efghi", "j"));
  EXPECT_THAT(WrapText("a\n\nb  c", 10, OnePerChar),
              ElementsAre("a", "", "b c"));
  EXPECT_THAT(WrapText("", 10, OnePerChar), ElementsAre(""));
}

TEST(FitColumns, KeepsNarrowColumnsAndSharesTheRest) {
  EXPECT_THAT(FitColumns({10, 30}, 80), ElementsAre(20, 60));
  EXPECT_THAT(FitColumns({10, 100, 300}, 210), ElementsAre(10, 50, 150));
}

void ExpectFinderAt(const std::vector<std::vector<bool>>& m, size_t row,
                    size_t col) {
  for (size_t r = 0; r < 7; ++r) {
    for (size_t c = 0; c < 7; ++c) {
      const bool border = r == 0 || r == 6 || c == 0 || c == 6;
      const bool ring = !border && (r == 1 || r == 5 || c == 1 || c == 5);
      EXPECT_EQ(m[row + r][col + c], !ring)
          << "finder at (" << row << "," << col << "), module " << r << ","
          << c;
    }
  }
}

TEST(QrModules, IsASquareOfAValidVersionWithThreeFinderPatterns) {
  absl::StatusOr<std::vector<std::vector<bool>>> m =
      QrModules("https://sisker.paserkab.go.id/v/7KQ2M9XD");
  ASSERT_THAT(m, IsOk());
  const size_t n = m->size();
  EXPECT_GE(n, 21u);
  EXPECT_EQ((n - 21) % 4, 0u);
  for (const auto& row : *m) EXPECT_EQ(row.size(), n);
  ExpectFinderAt(*m, 0, 0);
  ExpectFinderAt(*m, 0, n - 7);
  ExpectFinderAt(*m, n - 7, 0);
}

TEST(QrModules, IsDeterministicAndDependsOnTheText) {
  const auto a = QrModules("https://sisker.paserkab.go.id/v/7KQ2M9XD");
  const auto b = QrModules("https://sisker.paserkab.go.id/v/7KQ2M9XD");
  const auto c = QrModules("https://sisker.paserkab.go.id/v/7KQ2M9XE");
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
}

TEST(QrModules, LongerTextNeedsALargerVersion) {
  const auto small = QrModules("a");
  const auto large = QrModules(std::string(500, 'a'));
  ASSERT_THAT(small, IsOk());
  ASSERT_THAT(large, IsOk());
  EXPECT_EQ(small->size(), 21u);
  EXPECT_GT(large->size(), small->size());
}

TEST(QrModules, EmptyOrOversizedTextIsInvalidArgument) {
  EXPECT_THAT(QrModules(""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(QrModules(std::string(2332, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(QrModules(std::string(2331, 'a')), IsOk());
}

}  // namespace
}  // namespace sisker::assignment
