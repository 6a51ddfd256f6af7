// The one place that knows both absl::Status and grpc::Status
// (after google-cloud-cpp's grpc_error_delegate).
#ifndef SISKER_COMMON_GRPC_STATUS_H_
#define SISKER_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace sisker::common {

// Maps an absl::Status to the wire: the code one to one, the details as a
// binary google.rpc.Status. Every error leaves with exactly one ErrorInfo
// (a default reason from the code when the producer set none) and a
// LocalizedMessage in id-ID. INTERNAL and UNKNOWN messages are replaced by
// a generic text so that no SQL, exception text or host name leaks.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients of our services: keeps the details.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace sisker::common

#endif  // SISKER_COMMON_GRPC_STATUS_H_
