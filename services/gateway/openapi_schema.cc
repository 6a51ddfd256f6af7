// Schemas of the OpenAPI document under the proto3 JSON mapping.
#include "services/gateway/openapi_schema.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sisker::gateway::openapi {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;

Json WithDescription(Json schema, const std::string& description) {
  if (description.empty()) return schema;
  // Siblings of $ref are ignored in OpenAPI 3.0: wrap it.
  if (schema.contains("$ref")) schema = {{"allOf", Json::array({schema})}};
  schema["description"] = description;
  return schema;
}

}  // namespace

Json Ref(const std::string& name) {
  return {{"$ref", absl::StrCat("#/components/schemas/", name)}};
}

Json ScalarSchema(FieldDescriptor::Type type) {
  switch (type) {
    case FieldDescriptor::TYPE_DOUBLE:
      return {{"type", "number"}, {"format", "double"}};
    case FieldDescriptor::TYPE_FLOAT:
      return {{"type", "number"}, {"format", "float"}};
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
      return {{"type", "integer"}, {"format", "int32"}};
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      return {{"type", "integer"},
              {"format", "int64"},
              {"minimum", 0},
              {"maximum", 4294967295LL}};
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      // The JSON mapping writes 64-bit integers as strings.
      return {{"type", "string"}, {"format", "int64"}};
    case FieldDescriptor::TYPE_BOOL:
      return {{"type", "boolean"}};
    case FieldDescriptor::TYPE_BYTES:
      return {{"type", "string"}, {"format", "byte"}};
    default:
      return {{"type", "string"}};
  }
}

Json EnumSchema(const EnumDescriptor& e) {
  Json values = Json::array();
  for (int i = 0; i < e.value_count(); ++i)
    values.push_back(e.value(i)->name());
  Json schema = {{"type", "string"}, {"enum", values}};
  std::string doc = CommentOf(e);
  if (!doc.empty()) schema["description"] = doc;
  return schema;
}

// Messages the JSON mapping writes as one string (or scalar): the form a
// query parameter takes. nullopt for others.
std::optional<Json> ValueLikeSchema(const Descriptor& d) {
  const std::string& n = d.full_name();
  if (n == "google.type.Date") {
    return Json{{"type", "string"}, {"format", "date"}};
  }
  if (n == "google.protobuf.Timestamp") {
    return Json{{"type", "string"}, {"format", "date-time"}};
  }
  if (n == "google.protobuf.Duration") {
    return Json{{"type", "string"},
                {"pattern", "^-?[0-9]+(\\.[0-9]{1,9})?s$"},
                {"example", "3.5s"}};
  }
  if (n == "google.protobuf.FieldMask") {
    return Json{{"type", "string"},
                {"description", "Comma-separated field paths."}};
  }
  if (d.file()->name() == "google/protobuf/wrappers.proto" &&
      d.field_count() == 1) {
    Json s = ScalarSchema(d.field(0)->type());
    s["nullable"] = true;
    return s;
  }
  return std::nullopt;
}

// Builds components.schemas: one schema per message reached, by full name.
Json SchemaSet::MessageSchema(const Descriptor& d) {
  const std::string& n = d.full_name();
  if (n == "google.type.Date") return Define(d);
  if (auto value_like = ValueLikeSchema(d)) return *value_like;
  if (n == "google.protobuf.Struct") {
    return {{"type", "object"}, {"additionalProperties", true}};
  }
  if (n == "google.protobuf.Value") {
    return {{"description", "Any JSON value."}};
  }
  if (n == "google.protobuf.ListValue") {
    return {{"type", "array"}, {"items", Json::object()}};
  }
  if (n == "google.protobuf.Empty") return {{"type", "object"}};
  if (n == "google.protobuf.Any") {
    return {{"type", "object"},
            {"properties",
             {{"@type",
               {{"type", "string"},
                {"description",
                 "type.googleapis.com/<full message name>; the other "
                 "properties are that message's fields."}}}}},
            {"required", Json::array({"@type"})},
            {"additionalProperties", true}};
  }
  return Define(d);
}

Json SchemaSet::FieldSchema(const FieldDescriptor& f) {
  Json schema;
  if (f.is_map()) {
    schema = {
        {"type", "object"},
        {"additionalProperties", SingleValue(*f.message_type()->map_value())}};
  } else if (f.is_repeated()) {
    schema = {{"type", "array"}, {"items", SingleValue(f)}};
  } else {
    schema = SingleValue(f);
  }
  std::string doc = CommentOf(f);
  if (f.real_containing_oneof() != nullptr) {
    const auto& oneof = *f.real_containing_oneof();
    std::vector<std::string> names;
    for (int i = 0; i < oneof.field_count(); ++i) {
      names.push_back(oneof.field(i)->json_name());
    }
    absl::StrAppend(&doc, doc.empty() ? "" : "\n", "At most one of ",
                    absl::StrJoin(names, ", "), " is set.");
  }
  return WithDescription(std::move(schema), doc);
}

Json SchemaSet::SingleValue(const FieldDescriptor& f) {
  if (f.type() == FieldDescriptor::TYPE_MESSAGE ||
      f.type() == FieldDescriptor::TYPE_GROUP) {
    return MessageSchema(*f.message_type());
  }
  if (f.type() == FieldDescriptor::TYPE_ENUM) {
    const EnumDescriptor& e = *f.enum_type();
    if (!schemas_.contains(e.full_name())) {
      schemas_[e.full_name()] = EnumSchema(e);
    }
    return Ref(e.full_name());
  }
  return ScalarSchema(f.type());
}

Json SchemaSet::Define(const Descriptor& d) {
  if (!schemas_.contains(d.full_name())) {
    schemas_[d.full_name()] = Json::object();  // guards recursion
    Json properties = Json::object();
    for (int i = 0; i < d.field_count(); ++i) {
      properties[d.field(i)->json_name()] = FieldSchema(*d.field(i));
    }
    Json schema = {{"type", "object"}, {"properties", properties}};
    std::string doc = CommentOf(d);
    if (!doc.empty()) schema["description"] = doc;
    schemas_[d.full_name()] = std::move(schema);
  }
  return Ref(d.full_name());
}

Json ErrorSchema() {
  Json codes = Json::array();
  for (int code = 0; code <= 16; ++code) {
    codes.push_back(
        absl::StatusCodeToString(static_cast<absl::StatusCode>(code)));
  }
  Json detail = {
      {"type", "object"},
      {"properties",
       {{"@type",
         {{"type", "string"},
          {"example", "type.googleapis.com/google.rpc.ErrorInfo"}}}}},
      {"required", Json::array({"@type"})},
      {"additionalProperties", true}};
  Json status = {
      {"type", "object"},
      {"properties",
       {{"code",
         {{"type", "integer"},
          {"format", "int32"},
          {"description", "The HTTP status code."}}},
        {"message",
         {{"type", "string"}, {"description", "For developers, in English."}}},
        {"status",
         {{"type", "string"},
          {"enum", codes},
          {"description", "The google.rpc.Code name."}}},
        {"details",
         {{"type", "array"},
          {"items", detail},
          {"description",
           "google.rpc.Status details: one google.rpc.ErrorInfo (domain "
           "`sisker`), a google.rpc.LocalizedMessage in id-ID, and "
           "google.rpc.BadRequest for invalid input."}}}}},
      {"required", {"code", "message", "status"}}};
  return {{"type", "object"},
          {"description", "Every error response (google.rpc.Status as JSON)."},
          {"properties", {{"error", status}}},
          {"required", Json::array({"error"})}};
}
}  // namespace sisker::gateway::openapi
