// Parser of the demo structure files.
#include "deploy/demo/demo_structure.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace sisker::demo {

absl::StatusOr<DemoStructure> ReadDemoStructure(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read " + path);
  DemoStructure out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::string text(absl::StripAsciiWhitespace(line));
    if (text.empty() || text.front() == '#') continue;
    std::vector<std::string> f;
    for (auto part : absl::StrSplit(text, " | ")) {
      f.emplace_back(absl::StripAsciiWhitespace(part));
    }
    if (f[0] == "pd" && f.size() == 5) {
      out.pds.push_back({f[1], f[2], f[3], f[4]});
    } else if (f[0] == "unit" && f.size() == 6) {
      out.units.push_back({f[1], f[2], f[3] == "-" ? "" : f[3], f[4], f[5]});
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", n, ": bad record"));
    }
  }
  return out;
}

}  // namespace sisker::demo
