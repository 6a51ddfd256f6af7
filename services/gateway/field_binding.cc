#include "services/gateway/field_binding.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <variant>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/errors.h"

namespace sisker::gateway {
namespace {

// Debian's Abseil has its own string_view (TOOLCHAIN.md pitfall 1).
absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }
std::string_view Std(absl::string_view s) { return {s.data(), s.size()}; }

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes `text`; the offset of the first bad escape when there is one.
bool Decode(std::string_view text, bool plus_is_space, std::string& out,
            size_t& bad_offset) {
  out.clear();
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size() || HexValue(text[i + 1]) < 0 ||
          HexValue(text[i + 2]) < 0) {
        bad_offset = i;
        return false;
      }
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 +
                                      HexValue(text[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates, beyond U+10FFFF.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
        (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// A field name from the request as it can be echoed in an error (the
// details are proto strings: valid UTF-8 only): as is when it is printable
// UTF-8 of at most 100 bytes, else C-escaped and cut.
std::string Printable(std::string_view name) {
  constexpr size_t kMax = 100;
  bool printable = name.size() <= kMax && IsValidUtf8(name);
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) printable = false;
  }
  if (printable) return std::string(name);
  std::string out = absl::CHexEscape(Absl(name.substr(0, kMax)));
  if (name.size() > kMax) out += "...";
  return out;
}

// A value quoted for an error message: at most 64 bytes, escaped.
std::string Quote(std::string_view value) {
  constexpr size_t kMax = 64;
  if (value.size() <= kMax) {
    return absl::StrCat("'", absl::CHexEscape(Absl(value)), "'");
  }
  return absl::StrCat("'", absl::CHexEscape(Absl(value.substr(0, kMax))),
                      "'...");
}

// INVALID_ARGUMENT with one field violation {field, description} and
// `message` as the status message (InvalidFields' own names only fields).
absl::Status Violation(std::string_view field, std::string description,
                       std::string message) {
  absl::Status base =
      common::InvalidFields({{Printable(field), std::move(description)}});
  absl::Status status(absl::StatusCode::kInvalidArgument, message);
  if (auto details = common::GetErrorDetails(base)) {
    common::SetErrorDetails(status, *details);
  }
  return status;
}

// "field 'x': <description>".
absl::Status BadValue(std::string_view field, std::string description) {
  std::string message =
      absl::StrCat("field '", Printable(field), "': ", description);
  return Violation(field, std::move(description), std::move(message));
}

// "an int32", "a uint64", "a float" ...
std::string WithArticle(std::string_view type_name) {
  return absl::StrCat(type_name[0] == 'i' || type_name[0] == 'e' ? "an " : "a ",
                      Absl(type_name));
}

struct EnumNumber {
  int number;
};
using Value =
    std::variant<int32_t, int64_t, uint32_t, uint64_t, float, double, bool,
                 std::string, EnumNumber, std::unique_ptr<Message>>;

template <typename T>
absl::StatusOr<T> ParseInteger(std::string_view field, const char* type_name,
                               std::string_view text) {
  T out{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc::result_out_of_range &&
      end == text.data() + text.size()) {
    return BadValue(
        field, absl::StrCat("out of range for ", type_name, ": ", Quote(text)));
  }
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return BadValue(
        field, absl::StrCat("not ", WithArticle(type_name), ": ", Quote(text)));
  }
  return out;
}

absl::StatusOr<double> ParseDouble(std::string_view field,
                                   const char* type_name,
                                   std::string_view text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  auto bad = [&] {
    return BadValue(
        field, absl::StrCat("not ", WithArticle(type_name), ": ", Quote(text)));
  };
  // from_chars also takes "inf", "nan" and hex floats: digits only here.
  if (text.empty() ||
      text.find_first_not_of("0123456789.eE+-") != std::string_view::npos) {
    return bad();
  }
  double out = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (end != text.data() + text.size()) return bad();
  if (ec == std::errc::result_out_of_range) {
    return BadValue(
        field, absl::StrCat("out of range for ", type_name, ": ", Quote(text)));
  }
  if (ec != std::errc()) return bad();
  return out;
}

absl::StatusOr<Value> ParseScalar(std::string_view field,
                                  const FieldDescriptor& f,
                                  std::string_view text) {
  const char* type_name = FieldDescriptor::TypeName(f.type());
  switch (f.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      auto v = ParseInteger<int32_t>(field, type_name, text);
      if (!v.ok()) return v.status();
      return Value(*v);
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      auto v = ParseInteger<int64_t>(field, type_name, text);
      if (!v.ok()) return v.status();
      return Value(*v);
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      auto v = ParseInteger<uint32_t>(field, type_name, text);
      if (!v.ok()) return v.status();
      return Value(*v);
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      auto v = ParseInteger<uint64_t>(field, type_name, text);
      if (!v.ok()) return v.status();
      return Value(*v);
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      auto v = ParseDouble(field, type_name, text);
      if (!v.ok()) return v.status();
      return Value(*v);
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      auto v = ParseDouble(field, type_name, text);
      if (!v.ok()) return v.status();
      if (std::isfinite(*v) &&
          std::fabs(*v) > std::numeric_limits<float>::max()) {
        return BadValue(field,
                        absl::StrCat("out of range for float: ", Quote(text)));
      }
      return Value(static_cast<float>(*v));
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (text == "true") return Value(true);
      if (text == "false") return Value(false);
      return BadValue(
          field, absl::StrCat("not a bool (true or false): ", Quote(text)));
    case FieldDescriptor::CPPTYPE_ENUM: {
      const EnumValueDescriptor* e =
          f.enum_type()->FindValueByName(std::string(text));
      if (e == nullptr) {
        int32_t number = 0;
        auto [end, ec] =
            std::from_chars(text.data(), text.data() + text.size(), number);
        if (!text.empty() && ec == std::errc() &&
            end == text.data() + text.size()) {
          e = f.enum_type()->FindValueByNumber(number);
        }
      }
      if (e == nullptr) {
        return BadValue(
            field, absl::StrCat("not a value of ", f.enum_type()->full_name(),
                                ": ", Quote(text)));
      }
      return Value(EnumNumber{e->number()});
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      if (f.type() == FieldDescriptor::TYPE_STRING) {
        if (!IsValidUtf8(text)) return BadValue(field, "not valid UTF-8");
        return Value(std::string(text));
      }
      std::string base64(text);
      for (char& c : base64) {
        if (c == ' ') c = '+';
      }
      std::string bytes;
      bool url = base64.find_first_of("-_") != std::string::npos;
      bool ok = url ? absl::WebSafeBase64Unescape(base64, &bytes)
                    : absl::Base64Unescape(base64, &bytes);
      if (!ok || base64.find_first_of(" \t\r\n") != std::string::npos) {
        return BadValue(field, absl::StrCat("not base64: ", Quote(text)));
      }
      return Value(std::move(bytes));
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return BadValue(field, "not a scalar");
}

// Sets a parsed value (appends to a repeated field).
void Apply(Message& m, const FieldDescriptor& f, Value value) {
  const Reflection& r = *m.GetReflection();
  const bool rep = f.is_repeated();
  switch (f.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      auto v = std::get<int32_t>(value);
      rep ? r.AddInt32(&m, &f, v) : r.SetInt32(&m, &f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      auto v = std::get<int64_t>(value);
      rep ? r.AddInt64(&m, &f, v) : r.SetInt64(&m, &f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      auto v = std::get<uint32_t>(value);
      rep ? r.AddUInt32(&m, &f, v) : r.SetUInt32(&m, &f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      auto v = std::get<uint64_t>(value);
      rep ? r.AddUInt64(&m, &f, v) : r.SetUInt64(&m, &f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      auto v = std::get<double>(value);
      rep ? r.AddDouble(&m, &f, v) : r.SetDouble(&m, &f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      auto v = std::get<float>(value);
      rep ? r.AddFloat(&m, &f, v) : r.SetFloat(&m, &f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      auto v = std::get<bool>(value);
      rep ? r.AddBool(&m, &f, v) : r.SetBool(&m, &f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      int v = std::get<EnumNumber>(value).number;
      rep ? r.AddEnumValue(&m, &f, v) : r.SetEnumValue(&m, &f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      auto& v = std::get<std::string>(value);
      rep ? r.AddString(&m, &f, std::move(v))
          : r.SetString(&m, &f, std::move(v));
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const auto& v = std::get<std::unique_ptr<Message>>(value);
      Message* target = rep ? r.AddMessage(&m, &f) : r.MutableMessage(&m, &f);
      target->CopyFrom(*v);
      return;
    }
  }
}

bool IsWrapper(const Descriptor& d) {
  static constexpr std::string_view kWrappers[] = {
      "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
      "google.protobuf.Int64Value",  "google.protobuf.UInt64Value",
      "google.protobuf.Int32Value",  "google.protobuf.UInt32Value",
      "google.protobuf.BoolValue",   "google.protobuf.StringValue",
      "google.protobuf.BytesValue"};
  for (std::string_view name : kWrappers) {
    if (d.full_name() == name) return true;
  }
  return false;
}

// Sets the int32/int64 field `name` of a well-known type by reflection.
void SetNumber(Message& m, const char* name, int64_t value) {
  const FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
  if (f == nullptr) return;
  if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
    m.GetReflection()->SetInt64(&m, f, value);
  } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
    m.GetReflection()->SetInt32(&m, f, static_cast<int32_t>(value));
  }
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// "YYYY-MM-DD" with a real calendar date, year 1..9999.
bool ParseDate(std::string_view text, int& year, int& month, int& day) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  auto number = [&](size_t at, size_t len, int& out) {
    auto [end, ec] =
        std::from_chars(text.data() + at, text.data() + at + len, out);
    return ec == std::errc() && end == text.data() + at + len &&
           absl::ascii_isdigit(static_cast<unsigned char>(text[at]));
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) {
    return false;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  int days = kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
  return day <= days;
}

// "displayName, pegawai.status" -> {"display_name", "pegawai.status"}.
bool ParseFieldMask(std::string_view text, std::vector<std::string>& paths) {
  for (absl::string_view piece : absl::StrSplit(Absl(text), ',')) {
    piece = absl::StripAsciiWhitespace(piece);
    if (piece.empty()) continue;
    std::string path;
    for (absl::string_view part : absl::StrSplit(piece, '.')) {
      if (part.empty()) return false;
      if (!path.empty()) path.push_back('.');
      for (char c : part) {
        if (absl::ascii_isupper(static_cast<unsigned char>(c))) {
          path.push_back('_');
          path.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
        } else if (absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                   c == '_') {
          path.push_back(c);
        } else {
          return false;
        }
      }
    }
    paths.push_back(std::move(path));
  }
  return true;
}

// A whole well-known-type value: a new message of `f`'s type, made by the
// factory of the message that holds `f` (generated or dynamic alike).
absl::StatusOr<Value> ParseMessage(std::string_view field,
                                   const Message& holder,
                                   const FieldDescriptor& f,
                                   std::string_view text) {
  const Descriptor& type = *f.message_type();
  const std::string& name = type.full_name();
  const Message* prototype =
      holder.GetReflection()->GetMessageFactory()->GetPrototype(&type);
  if (prototype == nullptr) return BadValue(field, "no factory for the type");
  std::unique_ptr<Message> out(prototype->New());
  const Reflection& r = *out->GetReflection();

  if (name == "google.protobuf.Timestamp") {
    google::protobuf::Timestamp ts;
    if (!google::protobuf::util::TimeUtil::FromString(std::string(text), &ts) ||
        ts.seconds() < google::protobuf::util::TimeUtil::kTimestampMinSeconds ||
        ts.seconds() > google::protobuf::util::TimeUtil::kTimestampMaxSeconds) {
      return BadValue(field,
                      absl::StrCat("not an RFC 3339 timestamp: ", Quote(text)));
    }
    SetNumber(*out, "seconds", ts.seconds());
    SetNumber(*out, "nanos", ts.nanos());
    return Value(std::move(out));
  }
  if (name == "google.protobuf.Duration") {
    google::protobuf::Duration d;
    if (!text.ends_with("s") ||
        !google::protobuf::util::TimeUtil::FromString(std::string(text), &d) ||
        d.seconds() > google::protobuf::util::TimeUtil::kDurationMaxSeconds ||
        d.seconds() < -google::protobuf::util::TimeUtil::kDurationMaxSeconds) {
      return BadValue(
          field, absl::StrCat("not a duration (e.g. 1.5s): ", Quote(text)));
    }
    SetNumber(*out, "seconds", d.seconds());
    SetNumber(*out, "nanos", d.nanos());
    return Value(std::move(out));
  }
  if (name == "google.protobuf.FieldMask") {
    std::vector<std::string> paths;
    const FieldDescriptor* paths_field = type.FindFieldByName("paths");
    if (paths_field == nullptr || !ParseFieldMask(text, paths)) {
      return BadValue(field, absl::StrCat("not a field mask (e.g. "
                                          "displayName,status): ",
                                          Quote(text)));
    }
    for (std::string& p : paths) r.AddString(out.get(), paths_field, p);
    return Value(std::move(out));
  }
  if (name == "google.type.Date") {
    int year = 0, month = 0, day = 0;
    if (!ParseDate(text, year, month, day)) {
      return BadValue(field,
                      absl::StrCat("not a date (YYYY-MM-DD): ", Quote(text)));
    }
    SetNumber(*out, "year", year);
    SetNumber(*out, "month", month);
    SetNumber(*out, "day", day);
    return Value(std::move(out));
  }
  if (IsWrapper(type)) {
    const FieldDescriptor* value_field = type.FindFieldByName("value");
    if (value_field == nullptr) return BadValue(field, "malformed wrapper");
    absl::StatusOr<Value> inner = ParseScalar(field, *value_field, text);
    if (!inner.ok()) return inner.status();
    Apply(*out, *value_field, *std::move(inner));
    return Value(std::move(out));
  }
  return BadValue(field, absl::StrCat("is a message (", name,
                                      "); set its fields one by one"));
}

const FieldDescriptor* FindField(const Descriptor& d, std::string_view name) {
  if (const FieldDescriptor* f = d.FindFieldByName(std::string(name))) {
    return f;
  }
  for (int i = 0; i < d.field_count(); ++i) {
    if (d.field(i)->json_name() == name) return d.field(i);
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(std::string_view text) {
  std::string out;
  size_t bad = 0;
  if (!Decode(text, /*plus_is_space=*/false, out, bad)) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad percent-escape at offset ", bad));
  }
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseQuery(
    std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (absl::string_view absl_piece : absl::StrSplit(Absl(query), '&')) {
    std::string_view piece = Std(absl_piece);
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::string_view raw_key = piece.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos
                                     ? std::string_view()
                                     : piece.substr(eq + 1);
    std::string key, value;
    size_t bad = 0;
    if (!Decode(raw_key, /*plus_is_space=*/true, key, bad)) {
      return Violation(raw_key, "bad percent-escape in the parameter name",
                       absl::StrCat("query parameter ", Quote(raw_key),
                                    ": bad percent-escape in the name"));
    }
    if (!Decode(raw_value, /*plus_is_space=*/true, value, bad)) {
      return Violation(key, "bad percent-escape in the value",
                       absl::StrCat("query parameter ", Quote(key),
                                    ": bad percent-escape in the value"));
    }
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return pairs;
}

absl::Status SetField(Message& message, std::string_view field_path,
                      std::string_view value) {
  if (field_path.empty()) {
    return Violation(field_path, "empty field path", "empty field path");
  }
  // Resolve the whole path without touching `message`.
  std::vector<const FieldDescriptor*> chain;
  const Message* holder = &message;
  size_t end = 0;
  for (absl::string_view absl_name : absl::StrSplit(Absl(field_path), '.')) {
    std::string_view name = Std(absl_name);
    end += name.size() + (chain.empty() ? 0 : 1);
    std::string_view prefix = field_path.substr(0, end);
    if (!chain.empty()) {
      const FieldDescriptor& parent = *chain.back();
      if (parent.is_map() || parent.is_repeated()) {
        return BadValue(field_path.substr(0, end - name.size() - 1),
                        parent.is_map()
                            ? "a map field cannot be in the middle of a path"
                            : "a repeated field cannot be in the middle of a "
                              "path");
      }
      if (parent.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        return BadValue(
            field_path.substr(0, end - name.size() - 1),
            absl::StrCat("has no subfields (it is ",
                         WithArticle(FieldDescriptor::TypeName(parent.type())),
                         ")"));
      }
      holder = &holder->GetReflection()->GetMessage(*holder, &parent);
    }
    if (name.empty()) {
      return Violation(field_path, "empty name in the field path",
                       absl::StrCat("bad field path ", Quote(field_path)));
    }
    const FieldDescriptor* f = FindField(*holder->GetDescriptor(), name);
    if (f == nullptr) {
      return Violation(prefix, "unknown field",
                       absl::StrCat("unknown field '", Printable(prefix), "'"));
    }
    if (const auto* oneof = f->real_containing_oneof()) {
      const FieldDescriptor* set =
          holder->GetReflection()->GetOneofFieldDescriptor(*holder, oneof);
      if (set != nullptr && set != f) {
        return BadValue(
            prefix, absl::StrCat("oneof '", oneof->name(), "' already has '",
                                 set->name(), "' set"));
      }
    }
    chain.push_back(f);
  }

  const FieldDescriptor& leaf = *chain.back();
  if (leaf.is_map()) {
    return BadValue(field_path, "a map field cannot be set from one value");
  }
  absl::StatusOr<Value> parsed =
      leaf.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
          ? ParseMessage(field_path, *holder, leaf, value)
          : ParseScalar(field_path, leaf, value);
  if (!parsed.ok()) return parsed.status();

  Message* target = &message;
  for (size_t i = 0; i + 1 < chain.size(); ++i) {
    target = target->GetReflection()->MutableMessage(target, chain[i]);
  }
  Apply(*target, leaf, *std::move(parsed));
  return absl::OkStatus();
}

}  // namespace sisker::gateway
