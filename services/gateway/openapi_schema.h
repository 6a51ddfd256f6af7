// The schema half of the OpenAPI document (openapi.cc): proto comments,
// proto3 JSON mapping types, components.schemas. Internal to the gateway.
#ifndef SISKER_SERVICES_GATEWAY_OPENAPI_SCHEMA_H_
#define SISKER_SERVICES_GATEWAY_OPENAPI_SCHEMA_H_

#include <google/protobuf/descriptor.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace sisker::gateway::openapi {

using Json = nlohmann::json;

// The leading comment of a descriptor, one leading space per line removed;
// "" when the pool kept no source info.
template <typename D>
std::string CommentOf(const D& d) {
  google::protobuf::SourceLocation loc;
  if (!d.GetSourceLocation(&loc)) return "";
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(loc.leading_comments, '\n')) {
    if (absl::StartsWith(line, " ")) line.remove_prefix(1);
    lines.emplace_back(std::string(absl::StripTrailingAsciiWhitespace(line)));
  }
  return std::string(absl::StripAsciiWhitespace(absl::StrJoin(lines, "\n")));
}

// {"$ref": "#/components/schemas/<name>"}.
Json Ref(const std::string& name);

// A scalar field's type under the JSON mapping (64-bit integers as strings,
// bytes as base64).
Json ScalarSchema(google::protobuf::FieldDescriptor::Type type);

// An enum: a string with the value names.
Json EnumSchema(const google::protobuf::EnumDescriptor& e);

// Messages the JSON mapping writes as one string or scalar (google.type.Date
// here too: the form a query parameter takes). nullopt for others.
std::optional<Json> ValueLikeSchema(const google::protobuf::Descriptor& d);

// `#/components/schemas/Error`: google.rpc.Status as the gateway writes it.
Json ErrorSchema();

// Collects components.schemas: one schema per message or enum reached,
// named by full name; recursive messages by $ref.
class SchemaSet {
 public:
  // A message as a schema: well-known types inline, others by $ref.
  Json MessageSchema(const google::protobuf::Descriptor& d);
  // A field's schema (repeated and map included), with its comment.
  Json FieldSchema(const google::protobuf::FieldDescriptor& f);
  // The schemas reached so far.
  Json Take() && { return std::move(schemas_); }

 private:
  Json SingleValue(const google::protobuf::FieldDescriptor& f);
  Json Define(const google::protobuf::Descriptor& d);

  Json schemas_ = Json::object();
};

}  // namespace sisker::gateway::openapi

#endif  // SISKER_SERVICES_GATEWAY_OPENAPI_SCHEMA_H_
