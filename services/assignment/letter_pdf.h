// The printed assignment letter (Surat Tugas / Surat Perintah / Keputusan):
// a LetterDocument rendered to A4 PDF bytes with libharu, with a QR code
// (libqrencode) for verification. Pure rendering: no gRPC, SQL or protobuf.
#ifndef SISKER_SERVICES_ASSIGNMENT_LETTER_PDF_H_
#define SISKER_SERVICES_ASSIGNMENT_LETTER_PDF_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace sisker::assignment {

// One letter as it is printed. Every string is UTF-8; characters outside
// Latin-1 (WinAnsi) are replaced by '?' when printed (Indonesian letters use
// Latin only).
struct LetterDocument {
  // Kop surat, top to bottom, e.g. "PEMERINTAH KABUPATEN PASER", "DINAS
  // KESEHATAN", "Jl. ... Tana Paser" (the first lines bold/larger, the last
  // smaller), followed by a rule line.
  std::vector<std::string> letterhead;
  std::string title;   // "SURAT TUGAS" (centred, bold, underlined)
  std::string number;  // printed centred as "Nomor: 800/12/dinkes/2026"
  // Labelled rows, e.g. {"Dasar", "..."}, {"Kepada", "Nama ..."},
  // {"Untuk", "..."}: label column, ':' column, value wrapped to the width of
  // the value column ('\n' in a value starts a new line).
  std::vector<std::pair<std::string, std::string>> fields;
  // Free paragraphs after the rows (wrapped to the text width).
  std::vector<std::string> paragraphs;
  // A table of members for team letters (may be empty): header row + rows.
  // The header row is repeated on every page the table continues onto.
  std::vector<std::vector<std::string>> table;
  std::string place_and_date;  // "Tana Paser, 30 November 2026"
  // Right column, e.g. {"a.n. KEPALA DINAS KESEHATAN", "Sekretaris,", "", "",
  // "dr. Ani", "NIP 1980..."}.
  std::vector<std::string> signature_block;
  std::vector<std::string> copies;  // "Tembusan:" numbered list, bottom left
  // The QR encodes verification_url; next to it: "Kode verifikasi: <code>"
  // and "SHA-256: <hash>" (small font, the hash may wrap).
  std::string verification_url;
  std::string verification_code;
  std::string content_sha256;
  // When not empty, a large diagonal boxed stamp on every page, e.g.
  // "DIBATALKAN" or "DIGANTI".
  std::string stamp;
};

struct PdfOptions {
  bool compress = true;  // tests turn it off to read the text streams
};

// A4 portrait, 2.5 cm margins; pages break when the text runs long (a
// 60-member table flows onto further pages, letterhead only on page 1; when
// there is more than one page each carries "Halaman i dari n").
// INVALID_ARGUMENT when title, number or verification_url is empty, or the
// URL is too long for a QR code; INTERNAL with libharu's error number when
// libharu fails. Deterministic: the same input gives the same bytes
// (libharu 2.3.0 writes no creation date and, unencrypted, no /ID).
// A single table row taller than a page is not split and runs off its page.
absl::StatusOr<std::string> RenderLetterPdf(const LetterDocument& doc,
                                            PdfOptions options = {});

// The QR modules (true = dark) for `text` as 8-bit data, error-correction
// level M, the smallest version that holds it; no quiet zone. Exposed for
// tests. INVALID_ARGUMENT when `text` is empty or longer than a version-40
// code holds (2331 bytes).
absl::StatusOr<std::vector<std::vector<bool>>> QrModules(
    const std::string& text);

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_LETTER_PDF_H_
