// google.api.http path templates (google/api/http.proto, "Path template
// syntax") and a routing table of (HTTP method, template) -> value.
#ifndef SISKER_SERVICES_GATEWAY_PATH_TEMPLATE_H_
#define SISKER_SERVICES_GATEWAY_PATH_TEMPLATE_H_

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sisker::gateway {

// A request path (no query string, still percent-encoded) split into its
// segments once, to be matched against many templates. "/" has no segment;
// "/a/" has two ("a" and "").
class SplitPath {
 public:
  explicit SplitPath(std::string_view path);
  // False when the path does not start with '/' (it then matches nothing).
  bool valid() const { return valid_; }

 private:
  friend class PathTemplate;
  bool valid_ = false;
  std::vector<std::string_view> segments_;
};

// One parsed template:
//   Template = "/" Segments [ Verb ] ;   Segments = Segment { "/" Segment } ;
//   Segment  = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}" ;   (`{x}` is `{x=*}`)
//   FieldPath = IDENT { "." IDENT } ;   Verb = ":" LITERAL ;
// plus the bare "/" (no segment), which matches only "/". `**` matches zero
// or more segments and must be the last segment; variables do not nest and
// a field path is bound at most once. LITERAL is RFC 3986 pchar without
// ':' (unreserved, sub-delims but '*', '@', percent-escapes).
//
// Decoding of bound values (http.proto): a variable of exactly one segment
// (`{x}`, `{x=*}`) is fully percent-decoded, so "%2F" becomes '/'; a
// variable of several segments or with `**` (`{name=instansi/*}`,
// `{path=**}`) is decoded except "%2F"/"%2f", which stay encoded so the
// value's '/' are exactly the path's separators. Literals are compared
// after decoding both sides. A path with a malformed escape ('%' not
// followed by two hex digits) where a literal or variable must be decoded
// does not match.
class PathTemplate {
 public:
  // INVALID_ARGUMENT naming what is wrong for a malformed template.
  static absl::StatusOr<PathTemplate> Parse(std::string_view text);

  struct Binding {
    std::string field_path;
    std::string value;  // percent-decoded as described above
    bool operator==(const Binding& other) const = default;
  };

  // The variables' values when `path` (no query; still percent-encoded)
  // matches, in template order; nullopt when it does not match. With a
  // verb, the path's last segment must end in ":<verb>" (split at its last
  // ':'); without one, a ':' in the path is ordinary segment text.
  std::optional<std::vector<Binding>> Match(std::string_view path) const;
  std::optional<std::vector<Binding>> Match(const SplitPath& path) const;
  // Match without building the bindings (cheap; used by Router to select).
  bool Matches(const SplitPath& path) const;

  const std::string& text() const { return text_; }
  const std::string& verb() const { return verb_; }  // "" when none
  std::vector<std::string> FieldPaths() const;       // variables in order
  // The template without variable names, e.g. "/v1/instansi/*:approve" for
  // "/v1/{name=instansi/*}:approve": two templates with the same shape
  // match exactly the same paths.
  const std::string& shape() const { return shape_; }

  // Precedence between templates that match the same path (see
  // TakesPrecedence): literal segments, the verb counting as one, and the
  // `*`/`**` segments.
  int literal_segments() const { return literal_segments_; }
  int wildcard_segments() const { return wildcard_segments_; }
  bool has_double_wildcard() const { return has_double_wildcard_; }

 private:
  enum class Kind { kLiteral, kSingle, kDouble };
  struct Segment {
    Kind kind;
    std::string literal;  // decoded; for kLiteral
  };
  struct Variable {
    std::string field_path;
    int begin;  // segment index range [begin, end) in segments_
    int end;
    bool multi_segment;
  };
  class Parser;

  struct PathView;
  // The path as this template sees it (the verb cut off its last segment);
  // false when the verb does not fit.
  bool View(const SplitPath& path, PathView& view) const;
  bool MatchView(const PathView& view) const;

  std::string text_;
  std::string verb_;
  std::string shape_;
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  int literal_segments_ = 0;
  int wildcard_segments_ = 0;
  bool has_double_wildcard_ = false;
};

// Whether `a` is preferred over `b` when both match a path: more literal
// segments (the verb counts as one), then fewer wildcard segments, then a
// template without `**`. Neither is preferred when all three are equal.
bool TakesPrecedence(const PathTemplate& a, const PathTemplate& b);

// The type-independent part of Router: routes are numbered in the order
// they were added.
class RouteTable {
 public:
  // ALREADY_EXISTS when `method` already has a template of the same shape
  // (the two would match exactly the same requests).
  absl::Status Add(std::string method, PathTemplate path_template, int id);

  enum class Outcome {
    kFound,             // a route of this method matched
    kMethodNotAllowed,  // only routes of other methods matched: 405
    kNotFound,          // nothing matched: 404
  };
  struct Result {
    Outcome outcome = Outcome::kNotFound;
    int id = -1;  // for kFound
    const PathTemplate* path_template = nullptr;
    std::vector<PathTemplate::Binding> bindings;
    // For kMethodNotAllowed: the methods whose routes match the path,
    // sorted (the Allow header).
    std::vector<std::string> allowed_methods;
  };
  // The best route of `method` for `path` (TakesPrecedence, then the route
  // added first). Methods are compared exactly ("GET" != "get"). A path
  // whose last segment ends in ":<verb>" for a verb some route uses matches
  // only templates with a verb (as Envoy does): `GET .../p1:lookupSubject`
  // with only `POST ...:lookupSubject` is 405, not a GET of a resource
  // named "p1:lookupSubject"; an unknown verb stays ordinary text.
  Result Match(std::string_view method, std::string_view path) const;

  size_t size() const { return size_; }

 private:
  struct Entry {
    PathTemplate path_template;
    int id;
  };
  // Per method, in precedence order (stable: ties keep insertion order).
  std::map<std::string, std::vector<Entry>, std::less<>> by_method_;
  std::set<std::string, std::less<>> verbs_;  // decoded
  size_t size_ = 0;
};

// A routing table of (HTTP method, template) -> T. Not thread-safe to Add
// to; Match is const and may run concurrently once the table is built.
// A Result's pointers point into the router (valid until the next Add).
//   Router<const Route*> router;
//   RETURN_IF_ERROR(router.Add("GET", "/v1/{name=instansi/*}", &route));
//   auto found = router.Match("GET", "/v1/instansi/kampar");
//   if (found.outcome == RouteTable::Outcome::kFound) Use(*found.value, ...);
template <typename T>
class Router {
 public:
  struct Result {
    RouteTable::Outcome outcome = RouteTable::Outcome::kNotFound;
    const T* value = nullptr;  // for kFound
    const PathTemplate* path_template = nullptr;
    std::vector<PathTemplate::Binding> bindings;
    std::vector<std::string> allowed_methods;  // for kMethodNotAllowed
  };

  // INVALID_ARGUMENT for a malformed template; ALREADY_EXISTS for a second
  // route of the same method and template shape.
  absl::Status Add(std::string method, std::string_view path_template,
                   T value) {
    absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(path_template);
    if (!parsed.ok()) return parsed.status();
    absl::Status added = table_.Add(std::move(method), *std::move(parsed),
                                    static_cast<int>(values_.size()));
    if (added.ok()) values_.push_back(std::move(value));
    return added;
  }

  Result Match(std::string_view method, std::string_view path) const {
    RouteTable::Result found = table_.Match(method, path);
    Result result;
    result.outcome = found.outcome;
    if (found.id >= 0) result.value = &values_[static_cast<size_t>(found.id)];
    result.path_template = found.path_template;
    result.bindings = std::move(found.bindings);
    result.allowed_methods = std::move(found.allowed_methods);
    return result;
  }

  size_t size() const { return values_.size(); }

 private:
  RouteTable table_;
  std::vector<T> values_;
};

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_PATH_TEMPLATE_H_
