// AIP-155 request ids: the first answer is stored with the change in the
// same transaction; a repeat returns it, the same id with a different
// request is ALREADY_EXISTS (ARCHITECTURE.md 4). Scoped to principal +
// method; kept at least 24 hours.
#ifndef SISKER_COMMON_IDEMPOTENCY_H_
#define SISKER_COMMON_IDEMPOTENCY_H_

#include <google/protobuf/message.h>

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/call_context.h"
#include "common/errors.h"
#include "common/pg_transaction.h"
#include "common/status_macros.h"

namespace sisker::common {

struct IdempotencyKey {
  std::string principal;
  std::string method;
  std::string request_id;
  // SHA-256 of the request without its request_id.
  std::string request_hash;
};

// Checks the form of a request id (a UUID) into `errors`; empty is allowed
// (the request is then not deduplicated).
void ValidateRequestId(const std::string& request_id, FieldErrors& errors);

// nullopt when the request has no request_id.
std::optional<IdempotencyKey> MakeIdempotencyKey(
    const CallContext& call, const std::string& method,
    const google::protobuf::Message& request, const std::string& request_id);

// Within a transaction: the stored response of an earlier identical
// request, nullopt when there is none, ALREADY_EXISTS (reason
// REQUEST_ID_REUSED) when the id answered a different request.
absl::StatusOr<std::optional<std::string>> FindStoredResponse(
    Tx& tx, const IdempotencyKey& key);
void StoreResponse(Tx& tx, const IdempotencyKey& key,
                   const std::string& response);

// Runs `body` as one transaction with replay: a repeated request returns
// the stored response without running `body` again.
template <typename Response>
absl::StatusOr<Response> RunIdempotent(
    PgPool& pool, const CallContext& call,
    const std::optional<IdempotencyKey>& key,
    const std::function<absl::StatusOr<Response>(Tx&)>& body) {
  Response response;
  TxOptions options;
  options.deadline = call.deadline;
  if (key.has_value()) {
    options.lock_key =
        key->principal + "\n" + key->method + "\n" + key->request_id;
  }
  RETURN_IF_ERROR(RunTransaction(pool, options, [&](Tx& tx) -> absl::Status {
    if (key.has_value()) {
      ASSIGN_OR_RETURN(auto stored, FindStoredResponse(tx, *key));
      if (stored.has_value()) {
        response.ParseFromString(*stored);
        return absl::OkStatus();
      }
    }
    ASSIGN_OR_RETURN(response, body(tx));
    if (key.has_value()) StoreResponse(tx, *key, response.SerializeAsString());
    return absl::OkStatus();
  }));
  return response;
}

}  // namespace sisker::common

#endif  // SISKER_COMMON_IDEMPOTENCY_H_
