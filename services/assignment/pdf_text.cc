// UTF-8 to WinAnsi, word wrapping, column widths and PageWriter for the
// letter PDF.
#include "services/assignment/pdf_text.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace sisker::assignment {
namespace {

// The code points CP1252 puts in 0x80-0x9F (0x81, 0x8D, 0x8F, 0x90 and 0x9D
// are unassigned).
constexpr std::pair<char32_t, unsigned char> kCp1252Extras[] = {
    {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84},
    {0x2026, 0x85}, {0x2020, 0x86}, {0x2021, 0x87}, {0x02C6, 0x88},
    {0x2030, 0x89}, {0x0160, 0x8A}, {0x2039, 0x8B}, {0x0152, 0x8C},
    {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201C, 0x93},
    {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97},
    {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B},
    {0x0153, 0x9C}, {0x017E, 0x9E}, {0x0178, 0x9F},
};

// Decodes the code point starting at s[i] into *cp and returns its length in
// bytes, or 0 when the sequence is malformed (bad lead or continuation byte,
// truncated, overlong, surrogate, beyond U+10FFFF).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) {
    *cp = lead;
    return 1;
  }
  size_t len = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    len = 2, *cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3, *cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4, *cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

char ToWinAnsi(char32_t cp) {
  if (cp == '\t') return ' ';
  if (cp == '\n') return '\n';
  if (cp < 0x20 || cp == 0x7F) return '?';
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<char>(cp);
  for (const auto& [code_point, byte] : kCp1252Extras) {
    if (code_point == cp) return static_cast<char>(byte);
  }
  return '?';
}

// The length of the longest prefix of `word` no wider than `max_width`
// (0 when not even one character fits).
size_t FittingPrefix(std::string_view word, double max_width,
                     const TextWidthFn& width) {
  double used = 0;
  size_t n = 0;
  while (n < word.size()) {
    used += width(word.substr(n, 1));
    if (used > max_width) break;
    ++n;
  }
  return n;
}

// Wraps one line without '\n', appending to `out` (at least one line).
void WrapLine(std::string_view line, double max_width, const TextWidthFn& width,
              std::vector<std::string>& out) {
  const double space = width(" ");
  std::string current;
  double current_width = 0;
  size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ' ') {
      ++pos;
      continue;
    }
    const size_t end = std::min(line.find(' ', pos), line.size());
    std::string_view word = line.substr(pos, end - pos);
    pos = end;
    double word_width = width(word);
    if (!current.empty() && current_width + space + word_width <= max_width) {
      current.append(" ").append(word);
      current_width += space + word_width;
      continue;
    }
    if (!current.empty() && word_width > max_width) {
      // A word that is broken anyway starts on the current line.
      const size_t n =
          FittingPrefix(word, max_width - current_width - space, width);
      if (n > 0) {
        current.append(" ").append(word.substr(0, n));
        word.remove_prefix(n);
        word_width = width(word);
      }
    }
    if (!current.empty()) out.push_back(std::move(current));
    while (word_width > max_width && word.size() > 1) {
      const size_t n =
          std::max<size_t>(FittingPrefix(word, max_width, width), 1);
      out.emplace_back(word.substr(0, n));
      word.remove_prefix(n);
      word_width = width(word);
    }
    current = std::string(word);
    current_width = word_width;
  }
  out.push_back(std::move(current));
}

}  // namespace

std::string Utf8ToWinAnsi(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp = 0;
    const size_t len = DecodeUtf8(utf8, i, &cp);
    if (len == 0) {
      out.push_back('?');
      ++i;
      continue;
    }
    i += len;
    if (cp != '\r') out.push_back(ToWinAnsi(cp));
  }
  return out;
}

std::vector<std::string> WrapText(std::string_view text, double max_width,
                                  const TextWidthFn& width) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    const size_t end = text.find('\n', start);
    WrapLine(text.substr(start, end - start), max_width, width, lines);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

std::vector<double> FitColumns(const std::vector<double>& natural,
                               double total) {
  std::vector<double> widths;
  for (double n : natural) widths.push_back(std::max(n, 1.0));
  if (widths.empty()) return widths;
  const double sum = std::accumulate(widths.begin(), widths.end(), 0.0);
  if (sum <= total) {
    for (double& w : widths) w *= total / sum;
    return widths;
  }
  const double share = total / static_cast<double>(widths.size());
  double narrow = 0;
  double wide = 0;
  for (double w : widths) (w <= share ? narrow : wide) += w;
  for (double& w : widths) {
    if (w > share) w *= (total - narrow) / wide;
  }
  return widths;
}

double PdfStyle::Width(std::string_view winansi) const {
  if (winansi.empty()) return 0;
  const HPDF_TextWidth tw = HPDF_Font_TextWidth(
      font, reinterpret_cast<const HPDF_BYTE*>(winansi.data()),
      static_cast<HPDF_UINT>(winansi.size()));
  return tw.width * size / 1000.0;
}

std::vector<std::string> Wrap(const PdfStyle& style, std::string_view winansi,
                              double max_width) {
  return WrapText(winansi, max_width,
                  [&style](std::string_view t) { return style.Width(t); });
}

void PageWriter::NewPage() {
  page_ = HPDF_AddPage(pdf_);
  HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  pages_.push_back(page_);
  y_ = kA4Height - kPageMargin;
}

bool PageWriter::Need(double height) {
  if (y_ - height >= kPageMargin || y_ >= kA4Height - kPageMargin) {
    return false;
  }
  NewPage();
  return true;
}

double PageWriter::Advance(const PdfStyle& style) {
  Need(style.Line());
  const double baseline = y_ - style.size;
  y_ -= style.Line();
  return baseline;
}

void PageWriter::Text(const PdfStyle& style, double x, double baseline,
                      std::string_view text) {
  if (text.empty()) return;
  const std::string c_text(text);  // libharu reads a C string
  HPDF_Page_BeginText(page_);
  HPDF_Page_SetFontAndSize(page_, style.font, style.size);
  HPDF_Page_TextOut(page_, x, baseline, c_text.c_str());
  HPDF_Page_EndText(page_);
}

void PageWriter::Block(const PdfStyle& style, double x, double width,
                       std::string_view text, bool centred) {
  for (const std::string& line : Wrap(style, text, width)) {
    const double dx = centred ? (width - style.Width(line)) / 2 : 0;
    Text(style, x + dx, Advance(style), line);
  }
}

void PageWriter::Rule(double x1, double y, double x2, double line_width) {
  HPDF_Page_SetLineWidth(page_, line_width);
  HPDF_Page_MoveTo(page_, x1, y);
  HPDF_Page_LineTo(page_, x2, y);
  HPDF_Page_Stroke(page_);
}

void PageWriter::Box(double x, double y, double width, double height) {
  HPDF_Page_SetLineWidth(page_, 0.5);
  HPDF_Page_Rectangle(page_, x, y, width, height);
  HPDF_Page_Stroke(page_);
}

}  // namespace sisker::assignment
