#include "services/gateway/path_template.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace sisker::gateway {
namespace {

// Debian's Abseil has its own string_view (TOOLCHAIN.md pitfall 1).
absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }
std::string_view Std(absl::string_view s) { return {s.data(), s.size()}; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `in` into `out`; with `keep_slash`, "%2F"/"%2f" stay as
// they are. False on a malformed escape.
bool Decode(std::string_view in, bool keep_slash, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = HexValue(in[i + 1]);
    int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    char c = static_cast<char>(hi * 16 + lo);
    if (keep_slash && c == '/') {
      out.append(in.substr(i, 3));
    } else {
      out.push_back(c);
    }
    i += 2;
  }
  return true;
}

bool ValidEscapes(std::string_view in) {
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') continue;
    if (i + 2 >= in.size() || HexValue(in[i + 1]) < 0 ||
        HexValue(in[i + 2]) < 0) {
      return false;
    }
    i += 2;
  }
  return true;
}

// Whether the raw path segment `raw` decodes to `literal`.
bool LiteralEquals(std::string_view raw, std::string_view literal) {
  if (raw.find('%') == std::string_view::npos) return raw == literal;
  std::string decoded;
  return Decode(raw, /*keep_slash=*/false, decoded) && decoded == literal;
}

// RFC 3986 pchar without ':' and '*' (those are template syntax) and
// without '%' (escapes are handled apart).
bool IsLiteralChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("-._~!$&'()+,;=@").find(c) != std::string_view::npos;
}

// The canonical spelling of a decoded literal (for shape()).
std::string Encode(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    if (IsLiteralChar(c)) {
      out.push_back(c);
    } else {
      absl::StrAppend(&out, "%",
                      absl::AsciiStrToUpper(absl::StrCat(absl::Hex(
                          static_cast<unsigned char>(c), absl::kZeroPad2))));
    }
  }
  return out;
}

bool IsIdentStart(char c) {
  return absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool IsIdentChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
}

}  // namespace

SplitPath::SplitPath(std::string_view path) {
  if (path.empty() || path[0] != '/') return;
  valid_ = true;
  if (path.size() == 1) return;
  for (absl::string_view segment : absl::StrSplit(Absl(path.substr(1)), '/')) {
    segments_.push_back(Std(segment));
  }
}

// The segments a template is matched against: the path's, with `last` in
// place of the final one (the verb cut off).
struct PathTemplate::PathView {
  const std::vector<std::string_view>* segments;
  std::string_view last;
  size_t size() const { return segments->size(); }
  std::string_view operator[](size_t i) const {
    return i + 1 == segments->size() ? last : (*segments)[i];
  }
};

class PathTemplate::Parser {
 public:
  Parser(std::string_view text, PathTemplate& out) : text_(text), out_(out) {}

  absl::Status Parse() {
    if (text_.empty() || text_[0] != '/') return Error("must start with '/'");
    if (text_ == "/") return absl::OkStatus();
    pos_ = 1;
    if (absl::Status s = ParseSegments(/*in_variable=*/false); !s.ok()) {
      return s;
    }
    if (pos_ < text_.size() && text_[pos_] == ':') {
      ++pos_;
      if (absl::Status s = ParseLiteral(out_.verb_); !s.ok()) return s;
      if (out_.verb_.empty()) return Error("empty verb");
    }
    if (pos_ < text_.size()) return Unexpected();
    return absl::OkStatus();
  }

 private:
  absl::Status ParseSegments(bool in_variable) {
    while (true) {
      if (absl::Status s = ParseSegment(in_variable); !s.ok()) return s;
      if (pos_ < text_.size() && text_[pos_] == '/') {
        ++pos_;
        continue;
      }
      return absl::OkStatus();
    }
  }

  absl::Status ParseSegment(bool in_variable) {
    if (out_.has_double_wildcard_) {
      return Error("'**' must be the last segment");
    }
    std::string_view rest = text_.substr(pos_);
    if (rest.starts_with("**")) {
      pos_ += 2;
      out_.segments_.push_back({Kind::kDouble, {}});
      out_.has_double_wildcard_ = true;
      ++out_.wildcard_segments_;
      return absl::OkStatus();
    }
    if (rest.starts_with("*")) {
      pos_ += 1;
      out_.segments_.push_back({Kind::kSingle, {}});
      ++out_.wildcard_segments_;
      return absl::OkStatus();
    }
    if (rest.starts_with("{")) {
      if (in_variable) return Error("nested variable");
      return ParseVariable();
    }
    std::string literal;
    if (absl::Status s = ParseLiteral(literal); !s.ok()) return s;
    if (literal.empty()) {
      return pos_ < text_.size() && text_[pos_] != '/' ? Unexpected()
                                                       : Error("empty segment");
    }
    out_.segments_.push_back({Kind::kLiteral, std::move(literal)});
    ++out_.literal_segments_;
    return absl::OkStatus();
  }

  absl::Status ParseVariable() {
    ++pos_;  // '{'
    size_t start = pos_;
    while (true) {
      if (pos_ >= text_.size() || !IsIdentStart(text_[pos_])) {
        return Error("bad field path");
      }
      while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        continue;
      }
      break;
    }
    std::string field_path(text_.substr(start, pos_ - start));
    for (const Variable& v : out_.variables_) {
      if (v.field_path == field_path) {
        return Error(absl::StrCat("variable '", field_path, "' bound twice"));
      }
      if (field_path.starts_with(v.field_path + ".") ||
          v.field_path.starts_with(field_path + ".")) {
        return Error(absl::StrCat("variables '", v.field_path, "' and '",
                                  field_path, "' overlap"));
      }
    }
    Variable variable{std::move(field_path),
                      static_cast<int>(out_.segments_.size()), 0, false};
    if (pos_ < text_.size() && text_[pos_] == '=') {
      ++pos_;
      if (absl::Status s = ParseSegments(/*in_variable=*/true); !s.ok()) {
        return s;
      }
    } else {
      out_.segments_.push_back({Kind::kSingle, {}});
      ++out_.wildcard_segments_;
    }
    if (pos_ >= text_.size() || text_[pos_] != '}') {
      return pos_ >= text_.size() ? Error("unterminated variable")
                                  : Unexpected();
    }
    ++pos_;
    variable.end = static_cast<int>(out_.segments_.size());
    variable.multi_segment =
        variable.end - variable.begin > 1 ||
        out_.segments_[static_cast<size_t>(variable.begin)].kind ==
            Kind::kDouble;
    out_.variables_.push_back(std::move(variable));
    return absl::OkStatus();
  }

  // Reads LITERAL characters (decoding escapes) up to the next other
  // character; an empty result when there is none.
  absl::Status ParseLiteral(std::string& literal) {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '%') {
        if (pos_ + 2 >= text_.size() || HexValue(text_[pos_ + 1]) < 0 ||
            HexValue(text_[pos_ + 2]) < 0) {
          return Error("bad percent-escape");
        }
        literal.push_back(static_cast<char>(HexValue(text_[pos_ + 1]) * 16 +
                                            HexValue(text_[pos_ + 2])));
        pos_ += 3;
      } else if (IsLiteralChar(c)) {
        literal.push_back(c);
        ++pos_;
      } else {
        break;
      }
    }
    return absl::OkStatus();
  }

  absl::Status Unexpected() {
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    return Error(c >= 0x20 && c < 0x7f
                     ? absl::StrCat("unexpected '", std::string(1, c), "'")
                     : absl::StrCat("unexpected byte 0x",
                                    absl::Hex(c, absl::kZeroPad2)));
  }

  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(
        "path template \"", absl::CHexEscape(Absl(text_.substr(0, 200))),
        "\": ", Absl(what), " at offset ", pos_));
  }

  std::string_view text_;
  PathTemplate& out_;
  size_t pos_ = 0;
};

absl::StatusOr<PathTemplate> PathTemplate::Parse(std::string_view text) {
  PathTemplate result;
  result.text_ = std::string(text);
  Parser parser(result.text_, result);
  if (absl::Status s = parser.Parse(); !s.ok()) return s;
  if (!result.verb_.empty()) ++result.literal_segments_;
  std::string shape;
  for (const Segment& segment : result.segments_) {
    shape.push_back('/');
    switch (segment.kind) {
      case Kind::kLiteral:
        shape += Encode(segment.literal);
        break;
      case Kind::kSingle:
        shape += "*";
        break;
      case Kind::kDouble:
        shape += "**";
        break;
    }
  }
  if (shape.empty()) shape.push_back('/');  // the root template
  if (!result.verb_.empty()) absl::StrAppend(&shape, ":", Encode(result.verb_));
  result.shape_ = std::move(shape);
  return result;
}

bool PathTemplate::View(const SplitPath& path, PathView& view) const {
  if (!path.valid()) return false;
  view.segments = &path.segments_;
  view.last =
      path.segments_.empty() ? std::string_view() : path.segments_.back();
  if (verb_.empty()) return true;
  if (path.segments_.empty()) return false;
  size_t colon = view.last.rfind(':');
  if (colon == std::string_view::npos) return false;
  if (!LiteralEquals(view.last.substr(colon + 1), verb_)) return false;
  view.last = view.last.substr(0, colon);
  return true;
}

bool PathTemplate::MatchView(const PathView& view) const {
  const size_t n = view.size();
  const size_t k = segments_.size();
  const size_t fixed = has_double_wildcard_ ? k - 1 : k;
  if (has_double_wildcard_ ? n < fixed : n != k) return false;
  for (size_t i = 0; i < fixed; ++i) {
    std::string_view s = view[i];
    const Segment& t = segments_[i];
    if (t.kind == Kind::kLiteral) {
      if (!LiteralEquals(s, t.literal)) return false;
    } else if (s.empty() || !ValidEscapes(s)) {
      return false;
    }
  }
  for (size_t i = fixed; i < n; ++i) {
    if (!ValidEscapes(view[i])) return false;
  }
  return true;
}

bool PathTemplate::Matches(const SplitPath& path) const {
  PathView view;
  return View(path, view) && MatchView(view);
}

std::optional<std::vector<PathTemplate::Binding>> PathTemplate::Match(
    std::string_view path) const {
  return Match(SplitPath(path));
}

std::optional<std::vector<PathTemplate::Binding>> PathTemplate::Match(
    const SplitPath& path) const {
  PathView view;
  if (!View(path, view) || !MatchView(view)) return std::nullopt;
  std::vector<Binding> bindings;
  bindings.reserve(variables_.size());
  for (const Variable& v : variables_) {
    size_t begin = static_cast<size_t>(v.begin);
    size_t end = static_cast<size_t>(v.end);
    // A variable ending in `**` takes every remaining segment.
    if (segments_[end - 1].kind == Kind::kDouble) end = view.size();
    std::string raw;
    for (size_t i = begin; i < end; ++i) {
      if (i > begin) raw.push_back('/');
      absl::StrAppend(&raw, Absl(view[i]));
    }
    Binding binding{v.field_path, {}};
    // Cannot fail: MatchView checked every escape.
    if (!Decode(raw, /*keep_slash=*/v.multi_segment, binding.value)) {
      return std::nullopt;
    }
    bindings.push_back(std::move(binding));
  }
  return bindings;
}

std::vector<std::string> PathTemplate::FieldPaths() const {
  std::vector<std::string> paths;
  paths.reserve(variables_.size());
  for (const Variable& v : variables_) paths.push_back(v.field_path);
  return paths;
}

bool TakesPrecedence(const PathTemplate& a, const PathTemplate& b) {
  if (a.literal_segments() != b.literal_segments()) {
    return a.literal_segments() > b.literal_segments();
  }
  if (a.wildcard_segments() != b.wildcard_segments()) {
    return a.wildcard_segments() < b.wildcard_segments();
  }
  return !a.has_double_wildcard() && b.has_double_wildcard();
}

absl::Status RouteTable::Add(std::string method, PathTemplate path_template,
                             int id) {
  std::vector<Entry>& entries = by_method_[method];
  for (const Entry& e : entries) {
    if (e.path_template.shape() == path_template.shape()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "route ", method, " ", path_template.text(), " conflicts with ",
          method, " ", e.path_template.text()));
    }
  }
  auto at = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) {
    return TakesPrecedence(path_template, e.path_template);
  });
  if (!path_template.verb().empty()) verbs_.insert(path_template.verb());
  entries.insert(at, Entry{std::move(path_template), id});
  ++size_;
  return absl::OkStatus();
}

RouteTable::Result RouteTable::Match(std::string_view method,
                                     std::string_view path) const {
  Result result;
  SplitPath split(path);
  if (!split.valid()) return result;
  // Whether the path ends in a verb some route uses.
  bool known_verb = false;
  std::string_view last = path.substr(path.rfind('/') + 1);
  if (size_t colon = last.rfind(':'); colon != std::string_view::npos) {
    std::string verb;
    known_verb = Decode(last.substr(colon + 1), /*keep_slash=*/false, verb) &&
                 verbs_.contains(verb);
  }
  auto matches = [&](const Entry& e) {
    return (!known_verb || !e.path_template.verb().empty()) &&
           e.path_template.Matches(split);
  };
  if (auto it = by_method_.find(method); it != by_method_.end()) {
    for (const Entry& e : it->second) {
      if (!matches(e)) continue;
      std::optional<std::vector<PathTemplate::Binding>> bindings =
          e.path_template.Match(split);
      if (!bindings) continue;
      result.outcome = Outcome::kFound;
      result.id = e.id;
      result.path_template = &e.path_template;
      result.bindings = *std::move(bindings);
      return result;
    }
  }
  for (const auto& [other, entries] : by_method_) {
    if (other == method) continue;
    for (const Entry& e : entries) {
      if (matches(e)) {
        result.allowed_methods.push_back(other);
        break;
      }
    }
  }
  if (!result.allowed_methods.empty()) {
    result.outcome = Outcome::kMethodNotAllowed;
  }
  return result;
}

}  // namespace sisker::gateway
