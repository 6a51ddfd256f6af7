// What the protos say about HTTP: each method's google.api.http rule (and
// its additional bindings) and the (sisker.v1.public) marker. The gateway
// builds its route table and the OpenAPI document from these; no route is
// written by hand.
#ifndef SISKER_SERVICES_GATEWAY_ROUTES_H_
#define SISKER_SERVICES_GATEWAY_ROUTES_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

namespace sisker::gateway {

struct HttpBinding {
  std::string method;         // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string path;           // the path template, e.g. "/v1/{name=instansi/*}"
  std::string body;           // "", "*" or a top-level request field
  std::string response_body;  // "" or a top-level response field
};

// The bindings of `method`: its rule and its additional_bindings, in that
// order; empty when it has no google.api.http option.
std::vector<HttpBinding> HttpBindingsOf(
    const google::protobuf::MethodDescriptor& method);

// Whether the method is marked (sisker.v1.public) = true: callable without
// a principal (e.g. a letter's verification page).
bool IsPublic(const google::protobuf::MethodDescriptor& method);

// The services the gateway fronts, from the linked descriptors (today
// sisker.v1.OrgService and sisker.v1.AssignmentService).
std::vector<const google::protobuf::ServiceDescriptor*> FrontedServices();

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_ROUTES_H_
