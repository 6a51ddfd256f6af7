// Text for the letter PDF: UTF-8 to WinAnsi (CP1252) bytes, greedy word
// wrapping and table column widths (pure, testable alone), and PageWriter,
// which places measured, wrapped text on libharu pages and breaks pages.
#ifndef SISKER_SERVICES_ASSIGNMENT_PDF_TEXT_H_
#define SISKER_SERVICES_ASSIGNMENT_PDF_TEXT_H_

#include <hpdf.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sisker::assignment {

// `utf8` as WinAnsiEncoding bytes, one byte per character: ASCII and Latin-1
// pass through, the CP1252 extras (€ Š Œ Ž š œ ž Ÿ, curly quotes, dashes,
// bullet, ellipsis, ™ …) map to 0x80-0x9F, a tab becomes a space, '\n' is
// kept, and everything else (CJK, emoji, control characters, malformed
// UTF-8) becomes one '?' per character or per malformed byte.
std::string Utf8ToWinAnsi(std::string_view utf8);

// Width in points of a WinAnsi string in the caller's font and size.
using TextWidthFn = std::function<double(std::string_view)>;

// Greedy wrap of a WinAnsi string into lines no wider than `max_width`:
// breaks at spaces (runs of spaces collapse), breaks a word wider than the
// line between characters (its first part filling the current line, as for a
// hash), and starts a new line at every '\n'. Always
// returns at least one line (an empty text gives one empty line).
std::vector<std::string> WrapText(std::string_view text, double max_width,
                                  const TextWidthFn& width);

// Column widths summing to `total` from each column's natural width (its
// widest cell): all scaled up when they fit; otherwise columns narrower than
// an equal share keep their width and the wider ones share the rest in
// proportion. Non-positive natural widths count as 1.
std::vector<double> FitColumns(const std::vector<double>& natural,
                               double total);

// A4 portrait (libharu's size) with 2.5 cm margins, in points.
inline constexpr double kA4Width = 595.276;
inline constexpr double kA4Height = 841.89;
inline constexpr double kPageMargin = 70.87;
inline constexpr double kLeading = 1.3;  // line height per point of size

// A base-14 font at a size, measuring WinAnsi strings in points.
struct PdfStyle {
  HPDF_Font font;
  double size;
  double Width(std::string_view winansi) const;
  double Line() const { return size * kLeading; }
};

// WrapText measured in `style`.
std::vector<std::string> Wrap(const PdfStyle& style, std::string_view winansi,
                              double max_width);

// Draws WinAnsi text on the current page below a cursor (the top of the next
// line, moving down) and adds an A4 page when the next block does not fit
// above the bottom margin. Errors go to the document's libharu handler.
class PageWriter {
 public:
  explicit PageWriter(HPDF_Doc pdf) : pdf_(pdf) {}

  const std::vector<HPDF_Page>& pages() const { return pages_; }
  HPDF_Page page() const { return page_; }
  double y() const { return y_; }
  void Skip(double dy) { y_ -= dy; }

  void NewPage();
  // Adds a page unless `height` fits above the bottom margin or the page is
  // still empty (a block taller than a page is not split). True when it did.
  bool Need(double height);
  // Takes one line of `style` from the cursor; returns its baseline.
  double Advance(const PdfStyle& style);
  // One text operator (Tj) at (x, baseline); nothing for an empty text.
  void Text(const PdfStyle& style, double x, double baseline,
            std::string_view text);
  // Wrapped text in [x, x + width], left-aligned or centred.
  void Block(const PdfStyle& style, double x, double width,
             std::string_view text, bool centred = false);
  void Rule(double x1, double y, double x2, double line_width);
  void Box(double x, double y, double width, double height);

 private:
  HPDF_Doc pdf_;
  HPDF_Page page_ = nullptr;
  std::vector<HPDF_Page> pages_;
  double y_ = kA4Height - kPageMargin;
};

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_PDF_TEXT_H_
