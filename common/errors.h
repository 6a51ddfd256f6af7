// Building errors with their machine-readable details (ARCHITECTURE.md 4):
// one ErrorInfo (reason, domain "sisker", metadata incl. `pasal`), a
// LocalizedMessage in id-ID, and BadRequest field violations. The details
// travel in an absl::Status payload; grpc_status.h turns them into
// google.rpc.Status on the wire.
#ifndef SISKER_COMMON_ERRORS_H_
#define SISKER_COMMON_ERRORS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace sisker::common {

inline constexpr char kErrorDomain[] = "sisker";
// The absl::Status payload key under which the details travel (a
// serialized google.rpc.Status whose code and message are unused).
inline constexpr char kErrorDetailsPayloadUrl[] =
    "type.googleapis.com/sisker.ErrorDetails";

struct FieldViolation {
  std::string field;
  // English, for developers; names what is wrong with the field.
  std::string description;
};

// The decoded details of an error (what clients and tests inspect).
struct ErrorDetails {
  std::string reason;
  std::map<std::string, std::string> metadata;
  std::string localized_message;  // id-ID
  std::vector<FieldViolation> field_violations;
};

// An error with its ErrorInfo reason and Indonesian message. `metadata`
// carries e.g. {"pasal", "PSR 9(5)b"} or the name of the resource.
absl::Status MakeError(absl::StatusCode code, std::string reason,
                       std::string message, std::string message_id,
                       std::map<std::string, std::string> metadata = {});

// INVALID_ARGUMENT listing every bad field (reason INVALID_FIELDS).
absl::Status InvalidFields(std::vector<FieldViolation> violations);

// NOT_FOUND for a named resource (reason RESOURCE_NOT_FOUND).
absl::Status NotFound(const std::string& resource_name);

// PERMISSION_DENIED naming the missing authority (reason MISSING_AUTHORITY).
absl::Status PermissionDenied(const std::string& authority,
                              const std::string& authority_id);

// ABORTED for a stale etag (reason STALE_ETAG).
absl::Status StaleEtag(const std::string& resource_name);

// FAILED_PRECONDITION for a rule of the regulation or of the structure.
// `article` goes to metadata["pasal"] when not empty.
absl::Status RuleViolation(std::string reason, std::string message,
                           std::string message_id, std::string article = {});

// UNAVAILABLE: a dependency is down (retryable).
absl::Status Unavailable(const std::string& dependency);

// The details carried by `status` (empty when it has none).
std::optional<ErrorDetails> GetErrorDetails(const absl::Status& status);

// Attaches `details` to `status` (replacing any).
void SetErrorDetails(absl::Status& status, const ErrorDetails& details);

// Collects field violations while validating a request.
class FieldErrors {
 public:
  void Add(std::string field, std::string description) {
    violations_.push_back({std::move(field), std::move(description)});
  }
  bool empty() const { return violations_.empty(); }
  // OK when nothing was added, else InvalidFields(all of them).
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_ERRORS_H_
