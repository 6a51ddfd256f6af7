// Renders a LetterDocument to PDF with libharu: letterhead, title and number,
// labelled rows, paragraphs, member table, signature beside the verification
// QR, copies; the stamp and page numbers go over every page last.
#include "services/assignment/letter_pdf.h"

#include <hpdf.h>
#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <memory>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "services/assignment/pdf_text.h"

namespace sisker::assignment {
namespace {

using Modules = std::vector<std::vector<bool>>;
using Lines = std::vector<std::string>;

constexpr double kPageWidth = kA4Width;
constexpr double kPageHeight = kA4Height;
constexpr double kMargin = kPageMargin;
constexpr double kLeft = kMargin;
constexpr double kRight = kPageWidth - kMargin;
constexpr double kTextWidth = kRight - kLeft;
constexpr double kCellPad = 3;     // table cell padding
constexpr double kQrSide = 85.04;  // 3 cm, quiet zone included
constexpr int kQuietModules = 4;
constexpr size_t kQrMaxBytes = 2331;  // 8-bit capacity of version 40-M

// The first error libharu reported through the handler given to HPDF_New.
struct HpdfError {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void OnHpdfError(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) {
  auto* first = static_cast<HpdfError*>(user_data);
  if (first->error == HPDF_OK) *first = {error, detail};
}

absl::Status HpdfStatus(const HpdfError& e) {
  if (e.error == HPDF_OK) return absl::OkStatus();
  return absl::InternalError(
      absl::StrFormat("libharu error 0x%04X (detail %u)", e.error, e.detail));
}

struct DocDeleter {
  void operator()(HPDF_Doc pdf) const { HPDF_Free(pdf); }
};
using DocPtr = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter>;

struct Styles {
  PdfStyle head, address, title, body, table, table_head, small, footer, stamp;
};

Styles MakeStyles(HPDF_Font regular, HPDF_Font bold) {
  return {{bold, 14},     {regular, 9},  {bold, 12},
          {regular, 11},  {regular, 10}, {bold, 10},
          {regular, 7.5}, {regular, 9},  {bold, 1}};
}

std::string W(std::string_view utf8) { return Utf8ToWinAnsi(utf8); }

// Kop surat: bold lines, the last (address) line smaller, a double rule.
void DrawLetterhead(PageWriter& w, const Styles& st, const Lines& lines) {
  if (lines.empty()) return;
  for (size_t i = 0; i < lines.size(); ++i) {
    const bool address = i + 1 == lines.size() && lines.size() > 1;
    w.Block(address ? st.address : st.head, kLeft, kTextWidth, W(lines[i]),
            /*centred=*/true);
  }
  w.Skip(2);
  w.Rule(kLeft, w.y(), kRight, 2);
  w.Rule(kLeft, w.y() - 3, kRight, 0.5);
  w.Skip(3 + 16);
}

// The title, centred and underlined, then "Nomor: ...".
void DrawHeading(PageWriter& w, const Styles& st, const LetterDocument& doc) {
  for (const std::string& line : Wrap(st.title, W(doc.title), kTextWidth)) {
    const double width = st.title.Width(line);
    const double x = kLeft + (kTextWidth - width) / 2;
    const double baseline = w.Advance(st.title);
    w.Text(st.title, x, baseline, line);
    w.Rule(x, baseline - 1.5, x + width, 0.6);
  }
  w.Block(st.body, kLeft, kTextWidth, "Nomor: " + W(doc.number), true);
  w.Skip(st.body.size);
}

// Label column, ':' column, value wrapped to the rest of the line.
void DrawFields(PageWriter& w, const Styles& st, const LetterDocument& doc) {
  if (doc.fields.empty()) return;
  double label_width = 0;
  for (const auto& field : doc.fields) {
    label_width = std::max(label_width, st.body.Width(W(field.first)));
  }
  label_width = std::min(label_width + 8, kTextWidth * 0.3);
  const double colon_x = kLeft + label_width;
  const double value_x = colon_x + 10;
  for (const auto& [label, value] : doc.fields) {
    const Lines labels = Wrap(st.body, W(label), label_width - 8);
    const Lines values = Wrap(st.body, W(value), kRight - value_x);
    for (size_t i = 0; i < std::max(labels.size(), values.size()); ++i) {
      const double baseline = w.Advance(st.body);
      if (i < labels.size()) w.Text(st.body, kLeft, baseline, labels[i]);
      if (i == 0) w.Text(st.body, colon_x, baseline, ":");
      if (i < values.size()) w.Text(st.body, value_x, baseline, values[i]);
    }
    w.Skip(3);
  }
  w.Skip(st.body.size / 2);
}

void DrawParagraphs(PageWriter& w, const Styles& st, const Lines& paragraphs) {
  for (const std::string& paragraph : paragraphs) {
    w.Block(st.body, kLeft, kTextWidth, W(paragraph));
    w.Skip(st.body.size / 2);
  }
}

using Row = std::vector<Lines>;  // per column, the cell's wrapped lines

void DrawTableRow(PageWriter& w, const PdfStyle& s, const Row& row,
                  const std::vector<double>& widths) {
  size_t lines = 1;
  for (const Lines& cell : row) lines = std::max(lines, cell.size());
  const double height = lines * s.Line() + 2 * kCellPad;
  const double top = w.y();
  double x = kLeft;
  for (size_t c = 0; c < row.size(); ++c) {
    w.Box(x, top - height, widths[c], height);
    for (size_t i = 0; i < row[c].size(); ++i) {
      w.Text(s, x + kCellPad, top - kCellPad - s.size - i * s.Line(),
             row[c][i]);
    }
    x += widths[c];
  }
  w.Skip(height);
}

// Member table with a bold header row, repeated when the table breaks.
void DrawTable(PageWriter& w, const Styles& st, const LetterDocument& doc) {
  size_t columns = 0;
  for (const Lines& row : doc.table) columns = std::max(columns, row.size());
  if (columns == 0) return;
  std::vector<Lines> cells(doc.table.size(), Lines(columns));
  std::vector<double> natural(columns, 0);
  for (size_t r = 0; r < doc.table.size(); ++r) {
    const PdfStyle& s = r == 0 ? st.table_head : st.table;
    for (size_t c = 0; c < doc.table[r].size(); ++c) {
      cells[r][c] = W(doc.table[r][c]);
      natural[c] = std::max(natural[c], s.Width(cells[r][c]) + 2 * kCellPad);
    }
  }
  const std::vector<double> widths = FitColumns(natural, kTextWidth);
  auto wrap_row = [&](size_t r, const PdfStyle& s) {
    Row row;
    for (size_t c = 0; c < columns; ++c) {
      row.push_back(Wrap(s, cells[r][c], widths[c] - 2 * kCellPad));
    }
    return row;
  };
  const Row header = wrap_row(0, st.table_head);
  for (size_t r = 0; r < cells.size(); ++r) {
    const PdfStyle& s = r == 0 ? st.table_head : st.table;
    const Row row = r == 0 ? header : wrap_row(r, s);
    size_t lines = 1;
    for (const Lines& cell : row) lines = std::max(lines, cell.size());
    if (w.Need(lines * s.Line() + 2 * kCellPad) && r > 0) {
      DrawTableRow(w, st.table_head, header, widths);
    }
    DrawTableRow(w, s, row, widths);
  }
  w.Skip(st.body.size);
}

// Dark modules as filled rectangles (runs merged per row); (x, y) is the
// bottom-left corner of the quiet zone.
void DrawQr(HPDF_Page page, const Modules& qr, double x, double y) {
  const size_t n = qr.size();
  const double m = kQrSide / static_cast<double>(n + 2 * kQuietModules);
  HPDF_Page_SetGrayFill(page, 0);
  for (size_t r = 0; r < n; ++r) {
    const double row_y = y + (kQuietModules + n - 1 - r) * m;
    for (size_t c = 0; c < n;) {
      size_t end = c;
      while (end < n && qr[r][end]) ++end;
      if (end > c) {
        HPDF_Page_Rectangle(page, x + (kQuietModules + c) * m, row_y,
                            (end - c) * m, m);
      }
      c = std::max(end, c + 1);
    }
  }
  HPDF_Page_Fill(page);
}

// Signature block (right half, centred) beside the QR and its legend (left).
void DrawClosing(PageWriter& w, const Styles& st, const LetterDocument& doc,
                 const Modules& qr) {
  const double column_x = kLeft + kTextWidth / 2;
  const double column_width = kRight - column_x;
  Lines right;
  auto add = [](Lines& to, const Lines& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  if (!doc.place_and_date.empty()) {
    add(right, Wrap(st.body, W(doc.place_and_date), column_width));
  }
  for (const std::string& line : doc.signature_block) {
    add(right, Wrap(st.body, W(line), column_width));
  }
  const double info_x = kLeft + kQrSide + 4;
  const double info_width = column_x - 10 - info_x;
  Lines info;
  if (!doc.verification_code.empty()) {
    add(info, Wrap(st.small, "Kode verifikasi: " + W(doc.verification_code),
                   info_width));
  }
  if (!doc.content_sha256.empty()) {
    add(info, Wrap(st.small, "SHA-256: " + W(doc.content_sha256), info_width));
  }
  const double quiet =
      kQrSide * kQuietModules / (qr.size() + 2 * kQuietModules);
  const double height = std::max({right.size() * st.body.Line(), kQrSide,
                                  quiet + info.size() * st.small.Line()});
  w.Skip(st.body.size);
  w.Need(height);
  const double top = w.y();
  for (size_t i = 0; i < right.size(); ++i) {
    const double x = column_x + (column_width - st.body.Width(right[i])) / 2;
    w.Text(st.body, x, top - st.body.size - i * st.body.Line(), right[i]);
  }
  DrawQr(w.page(), qr, kLeft, top - kQrSide);
  for (size_t i = 0; i < info.size(); ++i) {
    w.Text(st.small, info_x, top - quiet - st.small.size - i * st.small.Line(),
           info[i]);
  }
  w.Skip(height);
}

// "Tembusan:" and a numbered list with a hanging indent.
void DrawCopies(PageWriter& w, const Styles& st, const Lines& copies) {
  if (copies.empty()) return;
  const PdfStyle& s = st.footer;
  w.Skip(s.size);
  w.Block(s, kLeft, kTextWidth, "Tembusan:");
  const double indent = s.Width("00. ");
  for (size_t i = 0; i < copies.size(); ++i) {
    const Lines lines = Wrap(s, W(copies[i]), kTextWidth - indent);
    for (size_t k = 0; k < lines.size(); ++k) {
      const double baseline = w.Advance(s);
      if (k == 0) w.Text(s, kLeft, baseline, absl::StrCat(i + 1, "."));
      w.Text(s, kLeft + indent, baseline, lines[k]);
    }
  }
}

// A translucent red boxed stamp along the text area's diagonal.
void DrawStamp(HPDF_Page page, HPDF_ExtGState alpha, const PdfStyle& unit,
               const std::string& text) {
  const double diagonal_x = kTextWidth;
  const double diagonal_y = kPageHeight - 2 * kMargin;
  const double angle = std::atan2(diagonal_y, diagonal_x);
  const double size = std::min(
      72.0, 0.7 * std::hypot(diagonal_x, diagonal_y) / unit.Width(text));
  const double width = unit.Width(text) * size;
  const double pad = size * 0.25;
  HPDF_Page_GSave(page);
  HPDF_Page_SetExtGState(page, alpha);
  HPDF_Page_SetRGBFill(page, 0.8, 0, 0);
  HPDF_Page_SetRGBStroke(page, 0.8, 0, 0);
  HPDF_Page_SetLineWidth(page, size / 15);
  HPDF_Page_Concat(page, std::cos(angle), std::sin(angle), -std::sin(angle),
                   std::cos(angle), kPageWidth / 2, kPageHeight / 2);
  HPDF_Page_Rectangle(page, -width / 2 - pad, -0.36 * size - pad,
                      width + 2 * pad, 0.72 * size + 2 * pad);
  HPDF_Page_Stroke(page);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, unit.font, size);
  HPDF_Page_TextOut(page, -width / 2, -0.36 * size, text.c_str());
  HPDF_Page_EndText(page);
  HPDF_Page_GRestore(page);
}

// Over every page, once the page count is known: stamp and "Halaman i dari n".
void FinishPages(HPDF_Doc pdf, const Styles& st, const LetterDocument& doc,
                 const std::vector<HPDF_Page>& pages) {
  const std::string stamp = W(doc.stamp);
  HPDF_ExtGState alpha = nullptr;
  if (!stamp.empty()) {
    alpha = HPDF_CreateExtGState(pdf);
    HPDF_ExtGState_SetAlphaFill(alpha, 0.45);
    HPDF_ExtGState_SetAlphaStroke(alpha, 0.45);
  }
  for (size_t i = 0; i < pages.size(); ++i) {
    if (alpha != nullptr) DrawStamp(pages[i], alpha, st.stamp, stamp);
    if (pages.size() < 2) continue;
    const std::string label =
        absl::StrCat("Halaman ", i + 1, " dari ", pages.size());
    const double x = kLeft + (kTextWidth - st.footer.Width(label)) / 2;
    HPDF_Page_BeginText(pages[i]);
    HPDF_Page_SetFontAndSize(pages[i], st.footer.font, st.footer.size);
    HPDF_Page_TextOut(pages[i], x, kMargin / 2, label.c_str());
    HPDF_Page_EndText(pages[i]);
  }
}

absl::Status Validate(const LetterDocument& doc) {
  if (doc.title.empty()) return absl::InvalidArgumentError("title is empty");
  if (doc.number.empty()) return absl::InvalidArgumentError("number is empty");
  if (doc.verification_url.empty()) {
    return absl::InvalidArgumentError("verification_url is empty");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Save(HPDF_Doc pdf, const HpdfError& error) {
  HPDF_SaveToStream(pdf);
  RETURN_IF_ERROR(HpdfStatus(error));
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
  std::string bytes(size, '\0');
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  RETURN_IF_ERROR(HpdfStatus(error));
  bytes.resize(size);
  return bytes;
}

}  // namespace

absl::StatusOr<std::string> RenderLetterPdf(const LetterDocument& doc,
                                            PdfOptions options) {
  RETURN_IF_ERROR(Validate(doc));
  absl::StatusOr<Modules> qr = QrModules(doc.verification_url);
  if (!qr.ok()) {
    return absl::Status(
        qr.status().code(),
        absl::StrCat("verification_url: ", qr.status().message()));
  }
  HpdfError error;
  DocPtr pdf(HPDF_New(&OnHpdfError, &error));
  if (pdf == nullptr) return absl::InternalError("libharu: no document");
  HPDF_SetCompressionMode(pdf.get(),
                          options.compress ? HPDF_COMP_ALL : HPDF_COMP_NONE);
  const Styles styles =
      MakeStyles(HPDF_GetFont(pdf.get(), "Helvetica", "WinAnsiEncoding"),
                 HPDF_GetFont(pdf.get(), "Helvetica-Bold", "WinAnsiEncoding"));
  RETURN_IF_ERROR(HpdfStatus(error));
  PageWriter w(pdf.get());
  w.NewPage();
  DrawLetterhead(w, styles, doc.letterhead);
  DrawHeading(w, styles, doc);
  DrawFields(w, styles, doc);
  DrawParagraphs(w, styles, doc.paragraphs);
  DrawTable(w, styles, doc);
  DrawClosing(w, styles, doc, *qr);
  DrawCopies(w, styles, doc.copies);
  FinishPages(pdf.get(), styles, doc, w.pages());
  RETURN_IF_ERROR(HpdfStatus(error));
  return Save(pdf.get(), error);
}

absl::StatusOr<Modules> QrModules(const std::string& text) {
  if (text.empty()) return absl::InvalidArgumentError("QR text is empty");
  if (text.size() > kQrMaxBytes) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "QR text has %d bytes, at most %d fit", text.size(), kQrMaxBytes));
  }
  errno = 0;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (code == nullptr) {
    if (errno == ERANGE) return absl::InvalidArgumentError("QR text too long");
    return absl::InternalError(
        absl::StrCat("libqrencode failed, errno ", errno));
  }
  const auto n = static_cast<size_t>(code->width);
  Modules modules(n, std::vector<bool>(n));
  for (size_t r = 0; r < n; ++r) {
    for (size_t c = 0; c < n; ++c) modules[r][c] = code->data[r * n + c] & 1;
  }
  return modules;
}

}  // namespace sisker::assignment
