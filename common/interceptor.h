// The server interceptor behind every Sisker service: verifies the
// principal assertion (the guard enforces it), fills the Prometheus
// metrics and writes one JSON log line per request. Handlers do neither.
#ifndef SISKER_COMMON_INTERCEPTOR_H_
#define SISKER_COMMON_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "common/metrics.h"
#include "common/principal.h"

namespace sisker::common {

class ObservabilityInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // Both must outlive the server.
  ObservabilityInterceptorFactory(MetricsRegistry* metrics,
                                  Authenticator* authenticator);
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  MetricsRegistry* metrics_;
  Authenticator* authenticator_;
};

// The trace id (32 hex digits) of a W3C traceparent, or "" when malformed.
std::string TraceIdFromTraceparent(std::string_view traceparent);

}  // namespace sisker::common

#endif  // SISKER_COMMON_INTERCEPTOR_H_
