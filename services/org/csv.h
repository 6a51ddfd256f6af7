// A small CSV reader for imports (RFC 4180: quoted fields with "" escapes,
// CRLF or LF), with the separator taken from the header (comma or
// semicolon, as Indonesian spreadsheet exports often use).
#ifndef SISKER_SERVICES_ORG_CSV_H_
#define SISKER_SERVICES_ORG_CSV_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sisker::org {

struct CsvRow {
  int line = 0;                               // 1-based; the header is line 1
  std::map<std::string, std::string> fields;  // by upper-case column name
};

// INVALID_ARGUMENT (field `csv`) when the text is not a CSV, a row has
// another number of fields than the header, or a required column is
// missing. Values are trimmed.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(
    const std::string& text, const std::vector<std::string>& required);

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_CSV_H_
