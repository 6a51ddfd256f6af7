// CSV parsing for imports.
#include "services/org/csv.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace sisker::org {
namespace {

absl::Status Bad(const std::string& why) {
  return common::InvalidFields({{"csv", why}});
}

}  // namespace

absl::StatusOr<std::vector<CsvRow>> ParseCsv(
    const std::string& text, const std::vector<std::string>& required) {
  // Split into records of fields, honouring quotes.
  std::vector<std::pair<int, std::vector<std::string>>> records;
  const size_t header_end = text.find('\n');
  const std::string header_line = text.substr(0, header_end);
  const char sep = header_line.find(';') != std::string::npos &&
                           header_line.find(',') == std::string::npos
                       ? ';'
                       : ',';
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  int line = 1;
  int record_line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == sep) {
      fields.push_back(std::string(absl::StripAsciiWhitespace(field)));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      fields.push_back(std::string(absl::StripAsciiWhitespace(field)));
      field.clear();
      if (!(fields.size() == 1 && fields[0].empty()))
        records.emplace_back(record_line, fields);
      fields.clear();
      record_line = ++line;
    } else {
      field.push_back(c);
    }
  }
  if (quoted)
    return Bad(
        absl::StrCat("line ", record_line, ": unterminated quoted field"));
  if (!field.empty() || !fields.empty()) {
    fields.push_back(std::string(absl::StripAsciiWhitespace(field)));
    records.emplace_back(record_line, fields);
  }
  if (records.empty()) return Bad("empty: a header line is required");
  std::vector<std::string> header = records[0].second;
  for (auto& h : header) h = absl::AsciiStrToUpper(h);
  for (const auto& col : required) {
    if (std::find(header.begin(), header.end(), col) == header.end()) {
      return Bad(absl::StrCat("missing column ", col));
    }
  }
  std::vector<CsvRow> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& [at, values] = records[r];
    if (values.size() != header.size()) {
      return Bad(absl::StrCat("line ", at, ": ", values.size(),
                              " fields, the header has ", header.size()));
    }
    CsvRow row;
    row.line = at;
    for (size_t c = 0; c < header.size(); ++c)
      row.fields[header[c]] = values[c];
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sisker::org
