// The OpenAPI 3.0.3 document of the gateway's HTTP/JSON API, generated from
// the same descriptors and google.api.http rules as its route table.
#ifndef SISKER_SERVICES_GATEWAY_OPENAPI_H_
#define SISKER_SERVICES_GATEWAY_OPENAPI_H_

#include <google/protobuf/descriptor.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sisker::gateway {

struct OpenApiOptions {
  std::string title = "Sisker API";
  // info.version; "0.0.0" when empty.
  std::string version;
  std::string server_url = "/";
};

// The document as JSON text (keys sorted, so the same descriptors give the
// same bytes). One operation per HTTP binding, operationId = the full gRPC
// method name (`_2`, `_3` … for further bindings); schemas follow the proto3
// JSON mapping. Summaries and descriptions come from the proto comments
// when the descriptors carry source info (the generated pool does not; see
// LoadDescriptorSet), else from the method name.
std::string BuildOpenApi(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services,
    const OpenApiOptions& options);

// A pool built from a FileDescriptorSet written by `protoc --include_imports
// --include_source_info --descriptor_set_out=...`: unlike the generated pool
// it keeps the proto comments. Options (google.api.http, sisker.v1.public)
// are read through the linked generated extensions.
struct DescriptorSetPool {
  std::unique_ptr<google::protobuf::DescriptorPool> pool;
  // The services named in `service_names`, in that order.
  std::vector<const google::protobuf::ServiceDescriptor*> services;
};
absl::StatusOr<DescriptorSetPool> LoadDescriptorSet(
    const std::string& path, const std::vector<std::string>& service_names);

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_OPENAPI_H_
