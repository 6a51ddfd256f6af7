#include "services/assignment/letter_document.h"

#include "absl/strings/str_cat.h"
#include "services/assignment/letter_content.h"

namespace sisker::assignment {
namespace {

const char* Title(sisker::v1::AssignmentRules::LetterKind kind) {
  switch (kind) {
    case sisker::v1::AssignmentRules::SURAT_TUGAS:
      return "SURAT TUGAS";
    case sisker::v1::AssignmentRules::SURAT_PERINTAH:
      return "SURAT PERINTAH";
    case sisker::v1::AssignmentRules::KEPUTUSAN:
      return "KEPUTUSAN";
    default:
      return "SURAT";
  }
}

}  // namespace

std::string IndonesianDate(const google::type::Date& date) {
  static constexpr const char* kMonths[] = {
      "Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
      "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
  if (date.month() < 1 || date.month() > 12) return "";
  return absl::StrCat(date.day(), " ", kMonths[date.month() - 1], " ",
                      date.year());
}

LetterDocument DocumentFor(const sisker::v1::Letter& letter,
                           const sisker::v1::AssignmentRules& rules,
                           const std::string& verify_base,
                           const std::string& supersedes_number) {
  LetterDocument doc;
  doc.letterhead.assign(letter.letterhead().begin(), letter.letterhead().end());
  doc.title = Title(letter.kind());
  doc.number = letter.number();
  doc.fields.push_back({"Dasar", letter.source()});
  if (letter.members().empty()) {
    doc.fields.push_back({"Kepada", letter.assignee_name()});
  } else {
    doc.fields.push_back({"Kepada", "Nama-nama tersebut dalam daftar"});
    doc.table.push_back({"No", "Nama", "Peran"});
    int n = 0;
    for (const auto& m : letter.members()) {
      doc.table.push_back({absl::StrCat(++n), m.display_name(), m.role()});
    }
  }
  doc.fields.push_back({"Untuk", letter.purpose()});
  std::string targets;
  int n = 0;
  for (const auto& t : letter.expected_targets()) {
    absl::StrAppend(&targets, targets.empty() ? "" : "\n", ++n, ". ", t);
  }
  doc.fields.push_back({"Target kinerja", targets});
  doc.fields.push_back(
      {"Jangka waktu",
       absl::StrCat(IndonesianDate(letter.start_date()), " s.d. ",
                    IndonesianDate(letter.end_date()))});
  if (!letter.other_arrangements().empty())
    doc.fields.push_back({"Lain-lain", letter.other_arrangements()});
  if (!supersedes_number.empty()) {
    doc.paragraphs.push_back(absl::StrCat("Surat ini menggantikan surat nomor ",
                                          supersedes_number, "."));
  }
  doc.paragraphs.push_back(
      "Demikian surat ini dibuat untuk dilaksanakan dengan penuh tanggung "
      "jawab.");
  doc.place_and_date = absl::StrCat(
      rules.letter_place().empty() ? "" : rules.letter_place() + ", ",
      IndonesianDate(letter.date()));
  doc.signature_block = SignatureBlock(letter);
  doc.copies.assign(letter.copy_lines().begin(), letter.copy_lines().end());
  doc.verification_url = absl::StrCat(
      verify_base, "/v1/letters:verify?code=", letter.verification_code());
  doc.verification_code = letter.verification_code();
  doc.content_sha256 = letter.content_sha256();
  if (letter.state() == sisker::v1::Letter::CANCELLED) doc.stamp = "DIBATALKAN";
  if (letter.state() == sisker::v1::Letter::SUPERSEDED) doc.stamp = "DIGANTI";
  return doc;
}

}  // namespace sisker::assignment
