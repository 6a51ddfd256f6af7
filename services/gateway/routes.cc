#include "services/gateway/routes.h"

#include "google/api/annotations.pb.h"
#include "google/api/http.pb.h"
#include "sisker/v1/assignment.pb.h"
#include "sisker/v1/common.pb.h"
#include "sisker/v1/org.pb.h"
#include "sisker/v1/teamwork.pb.h"

namespace sisker::gateway {
namespace {

std::vector<HttpBinding> FromRule(const google::api::HttpRule& rule) {
  HttpBinding b;
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      b = {"GET", rule.get()};
      break;
    case google::api::HttpRule::kPost:
      b = {"POST", rule.post()};
      break;
    case google::api::HttpRule::kPatch:
      b = {"PATCH", rule.patch()};
      break;
    case google::api::HttpRule::kPut:
      b = {"PUT", rule.put()};
      break;
    case google::api::HttpRule::kDelete:
      b = {"DELETE", rule.delete_()};
      break;
    case google::api::HttpRule::kCustom:
      b = {rule.custom().kind(), rule.custom().path()};
      break;
    default:
      return {};
  }
  b.body = rule.body();
  b.response_body = rule.response_body();
  return {b};
}

}  // namespace

std::vector<HttpBinding> HttpBindingsOf(
    const google::protobuf::MethodDescriptor& method) {
  if (!method.options().HasExtension(google::api::http)) return {};
  const google::api::HttpRule& rule =
      method.options().GetExtension(google::api::http);
  std::vector<HttpBinding> out = FromRule(rule);
  for (const auto& extra : rule.additional_bindings()) {
    for (auto& b : FromRule(extra)) out.push_back(std::move(b));
  }
  return out;
}

bool IsPublic(const google::protobuf::MethodDescriptor& method) {
  return method.options().GetExtension(sisker::v1::public_);
}

std::vector<const google::protobuf::ServiceDescriptor*> FrontedServices() {
  // Through a message of each service's file, so the file is linked in and
  // its descriptors are in the generated pool.
  return {
      sisker::v1::GetKedudukanRequest::descriptor()->file()->FindServiceByName(
          "OrgService"),
      sisker::v1::CreateAssignmentRequest::descriptor()
          ->file()
          ->FindServiceByName("AssignmentService"),
      sisker::v1::CreateTeamRequest::descriptor()->file()->FindServiceByName(
          "TeamworkService")};
}

}  // namespace sisker::gateway
