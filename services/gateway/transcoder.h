// HTTP/JSON <-> protobuf for one route, with protobuf's canonical JSON
// mapping (https://protobuf.dev/programming-guides/proto3/#json). Output
// options are fixed: lowerCamelCase field names, fields at their default
// value omitted, enums as names, 64-bit integers as strings. Input: the
// proto name or the JSON name of a field; an unknown field is an error.
#ifndef SISKER_SERVICES_GATEWAY_TRANSCODER_H_
#define SISKER_SERVICES_GATEWAY_TRANSCODER_H_

#include <google/protobuf/message.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/http_listener.h"
#include "services/gateway/routes.h"

namespace sisker::gateway {

// A compiled route: the gRPC method and the HTTP binding it answers.
struct Route {
  const google::protobuf::MethodDescriptor* method = nullptr;
  HttpBinding binding;
  bool is_public = false;
  std::string grpc_path;  // "/sisker.v1.OrgService/GetKedudukan"
  std::string audience;   // the backend's assertion audience, "sisker-org"
};

// The request message of `route`: the body (per binding.body), then the
// path variables, then (unless the body is "*") the query parameters.
// INVALID_ARGUMENT naming the field, or where the JSON broke.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BuildRequest(
    const Route& route,
    const std::vector<std::pair<std::string, std::string>>& path_variables,
    const common::HttpRequest& http);

// The response as JSON (the whole message, or binding.response_body).
// A sisker.v1.FileDownload answered as the file itself (Content-Type,
// Content-Disposition with a sanitised name, X-Content-SHA256); nullopt for
// any other message.
std::optional<common::HttpResponse> FileResponse(
    const google::protobuf::Message& response);

absl::StatusOr<std::string> ResponseJson(
    const Route& route, const google::protobuf::Message& response);

// An empty response message of the route's method, to parse into.
std::unique_ptr<google::protobuf::Message> NewResponse(const Route& route);

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_TRANSCODER_H_
