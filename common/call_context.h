// What a handler knows about its call once the guard let it through: the
// verified principal, the trace, the deadline.
#ifndef SISKER_COMMON_CALL_CONTEXT_H_
#define SISKER_COMMON_CALL_CONTEXT_H_

#include <grpcpp/server_context.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/principal.h"

namespace sisker::common {

struct CallContext {
  Principal principal;
  std::string traceparent;
  std::string trace_id;
  absl::Time deadline = absl::InfiniteFuture();
};

// The guard every handler calls first: UNAUTHENTICATED without a valid
// principal assertion. The deadline is the caller's, capped at
// `max_deadline` from now.
absl::StatusOr<CallContext> Authenticate(
    const grpc::ServerContext& context, const Authenticator& authenticator,
    absl::Duration max_deadline = absl::Seconds(30));

}  // namespace sisker::common

#endif  // SISKER_COMMON_CALL_CONTEXT_H_
