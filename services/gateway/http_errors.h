// gRPC status -> HTTP: the canonical table (google/rpc/code.proto, as
// grpc-gateway and Envoy map it) and the error body every gateway error
// has: {"error": {"code", "message", "status", "details"}} with the
// google.rpc.Status details (ErrorInfo, BadRequest, LocalizedMessage) as
// JSON objects carrying "@type".
#ifndef SISKER_SERVICES_GATEWAY_HTTP_ERRORS_H_
#define SISKER_SERVICES_GATEWAY_HTTP_ERRORS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "common/http_listener.h"

namespace sisker::gateway {

// FAILED_PRECONDITION -> 400, ABORTED -> 409, UNAVAILABLE -> 503, ...
int HttpStatusFor(grpc::StatusCode code);

// The error response for a backend's status (its details are the
// serialized google.rpc.Status of grpc-status-details-bin).
common::HttpResponse ErrorResponse(const grpc::Status& status);
// The same for an error found by the gateway itself.
common::HttpResponse ErrorResponse(const absl::Status& status);
// A gateway error with only an HTTP status and a message (404, 405, 413).
common::HttpResponse ErrorResponse(int http_status, grpc::StatusCode code,
                                   const std::string& reason,
                                   const std::string& message);

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_HTTP_ERRORS_H_
