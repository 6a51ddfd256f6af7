// The HTTP/JSON gateway's request path: route (from the protos' http
// rules), authenticate (bearer token -> principal -> the signed assertion
// the services verify), rate-limit, transcode, call the backend through a
// generic stub with a deadline, and map the answer or the error back.
#ifndef SISKER_SERVICES_GATEWAY_GATEWAY_H_
#define SISKER_SERVICES_GATEWAY_GATEWAY_H_

#include <grpcpp/channel.h>
#include <grpcpp/generic/generic_stub.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/http_listener.h"
#include "common/lookup_cache.h"
#include "common/metrics.h"
#include "common/org_client.h"
#include "common/principal.h"
#include "services/gateway/path_template.h"
#include "services/gateway/rate_limiter.h"
#include "services/gateway/token_auth.h"
#include "services/gateway/transcoder.h"

namespace sisker::gateway {

struct GatewayOptions {
  // Per backend call; a request may ask for less or more with the header
  // `X-Timeout-Ms`, never more than max_deadline.
  absl::Duration default_deadline = absl::Seconds(10);
  absl::Duration max_deadline = absl::Seconds(30);
  // Requests in flight at once; more -> 503 with Retry-After.
  int max_in_flight = 256;
  // Origins allowed by CORS ("*" for any); empty: no CORS headers.
  std::vector<std::string> cors_origins;
  // The API explorer's files (swagger-ui-dist); empty: /docs is 404.
  std::string docs_dir;
  // Served at /openapi.json.
  std::string openapi_json;
  // Verified tokens are remembered this long (by their SHA-256).
  absl::Duration token_cache_ttl = absl::Seconds(30);
};

// One backend: a channel and the audience its assertions carry.
struct Backend {
  std::shared_ptr<grpc::Channel> channel;
  std::string audience;  // "sisker-org"
};

class Gateway {
 public:
  // `backends` by gRPC service full name ("sisker.v1.OrgService"). The
  // pointers must outlive the gateway; `limiter` and `metrics` may be null.
  Gateway(GatewayOptions options, std::map<std::string, Backend> backends,
          TokenVerifier* tokens, const common::AssertionSigner* signer,
          common::OrgClient* org, RateLimiter* limiter,
          common::MetricsRegistry* metrics);

  // Builds the route table from the fronted services' http rules.
  // INVALID_ARGUMENT naming the method whose template is malformed.
  absl::Status Init();

  common::HttpResponse Handle(const common::HttpRequest& request);

  size_t route_count() const { return routes_.size(); }

 private:
  struct CompiledRoute {
    Route route;
    std::unique_ptr<grpc::GenericStub> stub;
  };
  common::HttpResponse Dispatch(const common::HttpRequest& request,
                                std::string* principal_for_log);
  // The principal of the request's bearer token (UNAUTHENTICATED,
  // PERMISSION_DENIED when not a known active person).
  absl::StatusOr<common::Principal> Authenticate(
      const common::HttpRequest& request);
  absl::StatusOr<std::string> AssertionFor(const common::Principal& p,
                                           const std::string& audience);
  void AddCors(const common::HttpRequest& request,
               common::HttpResponse& response) const;

  GatewayOptions options_;
  std::map<std::string, Backend> backends_;
  TokenVerifier* tokens_;
  const common::AssertionSigner* signer_;
  common::OrgClient* org_;
  RateLimiter* limiter_;
  common::MetricsRegistry* metrics_;
  std::vector<std::unique_ptr<CompiledRoute>> routes_;
  Router<const CompiledRoute*> router_;
  std::atomic<int> in_flight_{0};
  common::LookupCache<common::Principal> verified_;
  absl::Mutex mu_;
  struct Minted {
    std::string assertion;
    absl::Time refresh;
  };
  std::map<std::string, Minted> assertions_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_GATEWAY_H_
