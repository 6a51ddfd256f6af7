#include "services/gateway/transcoder.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "services/gateway/field_binding.h"

namespace sisker::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* d) {
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(d);
  return std::unique_ptr<Message>(prototype->New());
}

absl::Status ParseJson(const std::string& body, Message* into,
                       const std::string& field) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return absl::OkStatus();  // no body: an empty message
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status =
      google::protobuf::util::JsonStringToMessage(body, into, options);
  if (status.ok()) return absl::OkStatus();
  // protobuf says where it broke ("Unexpected token ... at position") or
  // which field it could not take ("Cannot find field: x").
  return common::InvalidFields(
      {{field, absl::StrCat("invalid JSON: ", std::string(status.message()))}});
}

}  // namespace

std::unique_ptr<Message> NewResponse(const Route& route) {
  return NewMessage(route.method->output_type());
}

absl::StatusOr<std::unique_ptr<Message>> BuildRequest(
    const Route& route,
    const std::vector<std::pair<std::string, std::string>>& path_variables,
    const common::HttpRequest& http) {
  auto request = NewMessage(route.method->input_type());
  const std::string& body = route.binding.body;
  if (body == "*") {
    auto status = ParseJson(http.body, request.get(), "body");
    if (!status.ok()) return status;
  } else if (!body.empty()) {
    const FieldDescriptor* field =
        route.method->input_type()->FindFieldByName(body);
    if (field == nullptr ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        field->is_repeated()) {
      return absl::InternalError("body field is not a message: " + body);
    }
    auto status = ParseJson(
        http.body,
        request->GetReflection()->MutableMessage(request.get(), field), body);
    if (!status.ok()) return status;
  } else if (!http.body.empty() &&
             http.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    return common::InvalidFields(
        {{"body", absl::StrCat(route.binding.method, " ", route.binding.path,
                               " takes no body")}});
  }
  for (const auto& [path, value] : path_variables) {
    auto status = SetField(*request, path, value);
    if (!status.ok()) return status;
  }
  if (body != "*" && !http.query.empty()) {
    auto query = ParseQuery(http.query);
    if (!query.ok()) return query.status();
    for (const auto& [key, value] : *query) {
      for (const auto& [path, unused] : path_variables) {
        if (key == path) {
          return common::InvalidFields(
              {{key, "is bound by the path; it cannot be set by a query too"}});
        }
      }
      auto status = SetField(*request, key, value);
      if (!status.ok()) return status;
    }
  }
  return request;
}

std::optional<common::HttpResponse> FileResponse(const Message& response) {
  const auto* d = response.GetDescriptor();
  if (d->full_name() != "sisker.v1.FileDownload") return std::nullopt;
  const auto* r = response.GetReflection();
  auto text = [&](const char* field) {
    return r->GetString(response, d->FindFieldByName(field));
  };
  common::HttpResponse out;
  out.content_type = text("content_type").empty() ? "application/octet-stream"
                                                  : text("content_type");
  out.body = text("data");
  // Only [A-Za-z0-9._-] survive in the suggested name.
  std::string name;
  for (char c : text("filename")) {
    if (absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-')
      name.push_back(c);
  }
  if (!name.empty()) {
    out.headers.emplace_back(
        "Content-Disposition",
        absl::StrCat("attachment; filename=\"", name, "\""));
  }
  if (!text("sha256").empty())
    out.headers.emplace_back("X-Content-SHA256", text("sha256"));
  return out;
}

absl::StatusOr<std::string> ResponseJson(const Route& route,
                                         const Message& response) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  std::string json;
  const Message* out = &response;
  if (!route.binding.response_body.empty()) {
    const FieldDescriptor* field =
        response.GetDescriptor()->FindFieldByName(route.binding.response_body);
    if (field != nullptr &&
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !field->is_repeated()) {
      out = &response.GetReflection()->GetMessage(response, field);
    }
  }
  auto status =
      google::protobuf::util::MessageToJsonString(*out, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("response to JSON: ", std::string(status.message())));
  }
  return json;
}

}  // namespace sisker::gateway
