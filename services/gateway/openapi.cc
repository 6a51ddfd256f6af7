// The OpenAPI document: paths from the google.api.http rules, schemas from
// the messages under the proto3 JSON mapping.
#include "services/gateway/openapi.h"

#include <google/protobuf/descriptor.pb.h>

#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/gateway/openapi_schema.h"
#include "services/gateway/routes.h"

namespace sisker::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
using openapi::CommentOf;
using openapi::Json;
using openapi::Ref;
using openapi::SchemaSet;

constexpr int kMaxQueryDepth = 3;  // a.b.c at most

// "ListPostHolders" -> "List post holders".
std::string WordsOf(std::string_view camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    char c = camel[i];
    if (i > 0 && absl::ascii_isupper(c)) {
      out += ' ';
      c = absl::ascii_tolower(c);
    }
    out += c;
  }
  return out;
}

// The first sentence of a comment (its first clause when the sentence is
// long); the method's name in words when there is no comment, or it starts
// with an error code ("NOT_FOUND: ...") or is still too long.
std::string SummaryOf(const std::string& comment, std::string_view name) {
  std::string text = absl::StrReplaceAll(comment, {{"\n", " "}});
  size_t end = text.find(". ");
  if (end != std::string::npos) text.resize(end + 1);
  size_t word_end = text.find_first_of(" :;,(");
  std::string_view first = std::string_view(text).substr(0, word_end);
  bool starts_with_code = first.size() > 3 && absl::c_all_of(first, [](char c) {
                            return absl::ascii_isupper(c) || c == '_';
                          });
  if (text.size() > 120) {
    // "Merges a PD into another from effective_date: its live units ..."
    size_t clause = text.find_first_of(":;");
    if (clause != std::string::npos && clause <= 120) text.resize(clause);
  }
  bool balanced = absl::c_count(text, '(') == absl::c_count(text, ')');
  if (text.empty() || starts_with_code || text.size() > 120 || !balanced) {
    return WordsOf(name);
  }
  return text;
}

struct PathParam {
  std::string name;
  std::string field;   // the request field it is part of; "" if none
  bool multi = false;  // a `**`: may contain '/'
};

struct ExpandedPath {
  std::string path;  // the OpenAPI path
  std::vector<PathParam> params;
  // Field paths the template binds ("name", "instansi.name"), each with the
  // value it is built from (e.g. "instansi/{instansi}/pegawai/{pegawai}").
  std::map<std::string, std::string> bound;
};

// A collection id as a parameter name: "units" -> "unit", "activities" ->
// "activity"; the glossary's Indonesian ids ("instansi", "pegawai") stay.
std::string Singular(std::string id) {
  if (absl::EndsWith(id, "ies")) return id.substr(0, id.size() - 3) + "y";
  if (absl::EndsWith(id, "s") && !absl::EndsWith(id, "ss") &&
      !absl::EndsWith(id, "us")) {
    id.pop_back();
  }
  return id;
}

// `/v1/{name=instansi/*/pegawai/*}:holders` ->
// `/v1/instansi/{instansi}/pegawai/{pegawai}:holders`: one parameter per
// wildcard, named after the (singular) literal before it; a plain `{field}`
// stays.
std::optional<ExpandedPath> ExpandTemplate(std::string_view tmpl) {
  if (!tmpl.starts_with("/")) return std::nullopt;
  std::string verb;
  size_t last_slash = tmpl.rfind('/');
  size_t colon = tmpl.find(':', last_slash);
  if (colon != std::string_view::npos && tmpl.find('}', colon) == tmpl.npos) {
    verb = std::string(tmpl.substr(colon));
    tmpl = tmpl.substr(0, colon);
  }
  // Segments split at '/' outside braces.
  std::vector<std::string_view> segments;
  int depth = 0;
  size_t start = 1;
  for (size_t i = 1; i <= tmpl.size(); ++i) {
    char c = i < tmpl.size() ? tmpl[i] : '/';
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (depth < 0 || depth > 1) return std::nullopt;
    if (c == '/' && depth == 0) {
      segments.push_back(tmpl.substr(start, i - start));
      start = i + 1;
    }
  }
  if (depth != 0) return std::nullopt;

  ExpandedPath out;
  std::string last_literal;
  std::set<std::string> used;
  auto add_param = [&](std::string name, const std::string& field, bool multi) {
    if (name.empty()) name = "param";
    std::string unique = name;
    for (int k = 2; used.contains(unique); ++k) unique = absl::StrCat(name, k);
    used.insert(unique);
    out.params.push_back({unique, field, multi});
    return absl::StrCat("{", unique, "}");
  };
  std::vector<std::string> parts;
  for (std::string_view seg : segments) {
    if (seg.empty()) return std::nullopt;
    if (seg.front() != '{') {
      if (seg == "*" || seg == "**") {
        parts.push_back(add_param(last_literal, "", seg == "**"));
      } else if (seg.find_first_of("{}*") != seg.npos) {
        return std::nullopt;
      } else {
        parts.emplace_back(seg);
        last_literal = Singular(std::string(seg));
      }
      continue;
    }
    if (seg.back() != '}') return std::nullopt;
    seg = seg.substr(1, seg.size() - 2);
    std::vector<std::string> var =
        absl::StrSplit(std::string(seg), absl::MaxSplits('=', 1));
    const std::string& field = var[0];
    if (field.empty()) return std::nullopt;
    if (var.size() == 1) {
      parts.push_back(add_param(field, field, false));
      out.bound[field] = parts.back();
      continue;
    }
    std::string leaf = field.substr(field.rfind('.') + 1);
    std::vector<std::string> value;
    for (absl::string_view p : absl::StrSplit(var[1], '/')) {
      if (p == "*" || p == "**") {
        value.push_back(add_param(last_literal.empty() ? leaf : last_literal,
                                  field, p == "**"));
      } else if (p.empty() || p.find_first_of("{}*") != p.npos) {
        return std::nullopt;
      } else {
        value.emplace_back(p);
        last_literal = Singular(std::string(p));
      }
      parts.push_back(value.back());
    }
    out.bound[field] = absl::StrJoin(value, "/");
  }
  out.path = absl::StrCat("/", absl::StrJoin(parts, "/"), verb);
  return out;
}

// The request's fields not bound by the path or the body, as query
// parameters (proto field names, dotted for nested messages).
void AddQueryParams(const Descriptor& message, const std::string& prefix,
                    int depth, const ExpandedPath& path,
                    const std::string& body, Json& params) {
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& f = *message.field(i);
    std::string name = prefix + f.name();
    if (path.bound.contains(name) || name == body || f.is_map()) continue;
    std::optional<Json> schema;
    if (f.type() == FieldDescriptor::TYPE_MESSAGE) {
      schema = openapi::ValueLikeSchema(*f.message_type());
      if (!schema) {
        if (!f.is_repeated() && depth < kMaxQueryDepth) {
          AddQueryParams(*f.message_type(), name + ".", depth + 1, path, body,
                         params);
        }
        continue;
      }
    } else if (f.type() == FieldDescriptor::TYPE_ENUM) {
      schema = openapi::EnumSchema(*f.enum_type());
      schema->erase("description");
    } else {
      schema = openapi::ScalarSchema(f.type());
    }
    std::string doc = CommentOf(f);
    if (schema->contains("description")) {
      absl::StrAppend(&doc, doc.empty() ? "" : "\n",
                      (*schema)["description"].get<std::string>());
      schema->erase("description");
    }
    if (schema->value("format", "") == "date") {
      absl::StrAppend(&doc, doc.empty() ? "" : "\n", "YYYY-MM-DD.");
    }
    Json param = {{"name", name}, {"in", "query"}};
    if (f.is_repeated()) {
      param["schema"] = {{"type", "array"}, {"items", *schema}};
      param["style"] = "form";
      param["explode"] = true;
      absl::StrAppend(&doc, doc.empty() ? "" : "\n",
                      "Repeat the parameter for each value.");
    } else {
      param["schema"] = *schema;
    }
    if (!doc.empty()) param["description"] = doc;
    params.push_back(std::move(param));
  }
}

Json PathParams(const ExpandedPath& path) {
  Json params = Json::array();
  for (const PathParam& p : path.params) {
    std::string doc = p.field.empty()
                          ? "Not bound to a request field."
                          : absl::StrCat("Part of request field `", p.field,
                                         "` = `", path.bound.at(p.field), "`.");
    if (p.multi) absl::StrAppend(&doc, " May contain '/'.");
    params.push_back({{"name", p.name},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "string"}}},
                      {"description", doc}});
  }
  return params;
}

// The request body of a body "*" binding: the request minus the fields the
// path binds (the request schema itself when the path binds none).
Json WholeBody(const Descriptor& request, const ExpandedPath& path,
               SchemaSet& schemas) {
  Json properties = Json::object();
  bool trimmed = false;
  for (int i = 0; i < request.field_count(); ++i) {
    const FieldDescriptor& f = *request.field(i);
    if (path.bound.contains(f.name())) {
      trimmed = true;
      continue;
    }
    properties[f.json_name()] = schemas.FieldSchema(f);
  }
  if (!trimmed) return schemas.MessageSchema(request);
  return {{"type", "object"},
          {"properties", properties},
          {"description",
           absl::StrCat("`", request.full_name(),
                        "` without the fields taken from the path.")}};
}

Json Operation(const MethodDescriptor& method, const HttpBinding& binding,
               const ExpandedPath& path, const std::string& operation_id,
               SchemaSet& schemas) {
  const Descriptor& request = *method.input_type();
  std::string comment = CommentOf(method);
  std::string description =
      comment.empty() ? absl::StrCat("gRPC method `", method.full_name(), "`.")
                      : absl::StrCat(comment, "\n\ngRPC method `",
                                     method.full_name(), "`.");
  for (const auto& [field, value] : path.bound) {
    absl::StrAppend(&description, "\nThe path binds request field `", field,
                    "`.");
  }
  Json op = {{"operationId", operation_id},
             {"tags", Json::array({method.service()->name()})},
             {"summary", SummaryOf(comment, method.name())},
             {"description", description}};

  Json params = PathParams(path);
  if (binding.body != "*") {
    AddQueryParams(request, "", 1, path, binding.body, params);
  }
  if (request.FindFieldByName("request_id") != nullptr) {
    params.push_back(
        {{"name", "Idempotency-Key"},
         {"in", "header"},
         {"required", false},
         {"schema", {{"type", "string"}, {"format", "uuid"}}},
         {"description",
          "Sets request field `request_id` (AIP-155): a repeat returns the "
          "stored response."}});
  }
  if (!params.empty()) op["parameters"] = std::move(params);

  if (!binding.body.empty()) {
    Json body;
    if (binding.body == "*") {
      body = WholeBody(request, path, schemas);
    } else if (const FieldDescriptor* f =
                   request.FindFieldByName(binding.body)) {
      body = schemas.FieldSchema(*f);
    } else {
      body = {{"type", "object"}};
    }
    op["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", body}}}}}};
  }

  Json response = schemas.MessageSchema(*method.output_type());
  if (!binding.response_body.empty()) {
    if (const FieldDescriptor* f =
            method.output_type()->FindFieldByName(binding.response_body)) {
      response = schemas.FieldSchema(*f);
    }
  }
  // A FileDownload is answered as the file itself (transcoder.h).
  const bool file =
      method.output_type()->full_name() == "sisker.v1.FileDownload";
  Json content = Json::object();
  if (file) {
    content["application/octet-stream"] = {
        {"schema", {{"type", "string"}, {"format", "binary"}}}};
  } else {
    content["application/json"] = {{"schema", response}};
  }
  op["responses"] = {
      {"200",
       {{"description", file ? "The file itself (its Content-Type, e.g. "
                               "application/pdf)"
                             : "OK"},
        {"content", content}}},
      {"default",
       {{"description", "An error (google.rpc.Status as JSON)."},
        {"content", {{"application/json", {{"schema", Ref("Error")}}}}}}}};
  if (IsPublic(method)) op["security"] = Json::array();
  return op;
}

std::string OpenApiMethod(const std::string& http_method) {
  static const std::set<std::string>* const kKnown = new std::set<std::string>{
      "get", "put", "post", "delete", "options", "head", "patch", "trace"};
  std::string lower = absl::AsciiStrToLower(http_method);
  return kKnown->contains(lower) ? lower : "";
}

}  // namespace

std::string BuildOpenApi(const std::vector<const ServiceDescriptor*>& services,
                         const OpenApiOptions& options) {
  std::vector<const ServiceDescriptor*> sorted = services;
  absl::c_sort(sorted, [](const auto* a, const auto* b) {
    return a->full_name() < b->full_name();
  });
  SchemaSet schemas;
  Json paths = Json::object();
  Json tags = Json::array();
  for (const ServiceDescriptor* service : sorted) {
    std::string doc = CommentOf(*service);
    tags.push_back(
        {{"name", service->name()},
         {"description", doc.empty() ? absl::StrCat("gRPC service `",
                                                    service->full_name(), "`.")
                                     : doc}});
    for (int m = 0; m < service->method_count(); ++m) {
      const MethodDescriptor& method = *service->method(m);
      if (method.client_streaming() || method.server_streaming()) continue;
      schemas.MessageSchema(*method.input_type());  // documented as reached
      std::vector<HttpBinding> bindings = HttpBindingsOf(method);
      for (size_t b = 0; b < bindings.size(); ++b) {
        std::string verb = OpenApiMethod(bindings[b].method);
        std::optional<ExpandedPath> path = ExpandTemplate(bindings[b].path);
        if (verb.empty() || !path) continue;
        if (paths.contains(path->path) && paths[path->path].contains(verb)) {
          continue;  // two bindings on one route: the first wins
        }
        std::string id = b == 0 ? method.full_name()
                                : absl::StrCat(method.full_name(), "_", b + 1);
        paths[path->path][verb] =
            Operation(method, bindings[b], *path, id, schemas);
      }
    }
  }
  Json components = {
      {"schemas", std::move(schemas).Take()},
      {"securitySchemes",
       {{"bearerAuth",
         {{"type", "http"},
          {"scheme", "bearer"},
          {"bearerFormat", "JWT"},
          {"description", "An access token from the identity provider."}}}}}};
  components["schemas"]["Error"] = openapi::ErrorSchema();
  Json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", options.title},
        {"version", options.version.empty() ? "0.0.0" : options.version},
        {"description",
         "The HTTP/JSON face of Sisker's gRPC services (google.api.http "
         "transcoding, proto3 JSON mapping: 64-bit integers as strings, enums "
         "by name, dates as {year, month, day} in bodies and YYYY-MM-DD in "
         "query parameters). operationId is the full gRPC method name."}}},
      {"servers", Json::array({Json{{"url", options.server_url}}})},
      {"tags", tags},
      {"paths", paths},
      {"components", components},
      {"security", Json::array({Json{{"bearerAuth", Json::array()}}})}};
  return doc.dump(2);
}

absl::StatusOr<DescriptorSetPool> LoadDescriptorSet(
    const std::string& path, const std::vector<std::string>& service_names) {
  std::ifstream in(path, std::ios::binary);
  google::protobuf::FileDescriptorSet set;
  if (!in || !set.ParseFromIstream(&in)) {
    return absl::NotFoundError(
        absl::StrCat("cannot read a FileDescriptorSet from ", path));
  }
  DescriptorSetPool out;
  out.pool = std::make_unique<google::protobuf::DescriptorPool>();
  // protoc --include_imports writes dependencies first.
  for (const auto& file : set.file()) {
    if (out.pool->BuildFile(file) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": cannot build ", file.name()));
    }
  }
  for (const std::string& name : service_names) {
    const ServiceDescriptor* s = out.pool->FindServiceByName(name);
    if (s == nullptr) {
      return absl::NotFoundError(absl::StrCat(path, " has no service ", name));
    }
    out.services.push_back(s);
  }
  return out;
}

}  // namespace sisker::gateway
