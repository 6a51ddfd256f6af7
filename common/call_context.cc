// Authenticate: the per-handler guard.
#include "common/call_context.h"

#include "absl/time/clock.h"
#include "common/interceptor.h"

namespace sisker::common {

absl::StatusOr<CallContext> Authenticate(const grpc::ServerContext& context,
                                         const Authenticator& authenticator,
                                         absl::Duration max_deadline) {
  auto principal = authenticator.Require(context);
  if (!principal.ok()) return principal.status();
  CallContext call;
  call.principal = *std::move(principal);
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find("traceparent"); it != metadata.end()) {
    call.traceparent.assign(it->second.data(), it->second.size());
    call.trace_id = TraceIdFromTraceparent(call.traceparent);
  }
  absl::Time cap = absl::Now() + max_deadline;
  call.deadline = std::min(cap, absl::FromChrono(context.deadline()));
  return call;
}

}  // namespace sisker::common
