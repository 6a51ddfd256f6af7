// The principal of a call (ARCHITECTURE.md 5) and the signed assertion that
// carries it between our processes (`x-sisker-principal`, a compact JWS
// with audience = the target service and a lifetime of about a minute).
#ifndef SISKER_COMMON_PRINCIPAL_H_
#define SISKER_COMMON_PRINCIPAL_H_

#include <grpcpp/server_context.h>

#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/jose.h"

namespace sisker::common {

inline constexpr char kPrincipalMetadata[] = "x-sisker-principal";

struct Principal {
  enum class Kind { kPerson, kService };
  // The instansi id (not the resource name); empty for a bootstrap
  // administrator, who belongs to the deployment, not to an instansi.
  std::string instansi_id;
  std::string subject;
  Kind kind = Kind::kPerson;
  std::vector<std::string> scopes;

  bool HasScope(std::string_view scope) const;
  // "person:<subject>@<instansi>" for logs (the subject may be masked).
  std::string ToString() const;
};

// Mints assertions (the gateway, the demo loader, tests, service clients).
class AssertionSigner {
 public:
  AssertionSigner(JwsKey key, std::string issuer)
      : key_(std::move(key)), issuer_(std::move(issuer)) {}
  absl::StatusOr<std::string> Mint(
      const Principal& principal, const std::string& audience,
      absl::Time now = absl::Now(),
      absl::Duration lifetime = absl::Seconds(60)) const;

 private:
  JwsKey key_;
  std::string issuer_;
};

// Verifies assertions for one service and remembers, per call, what the
// interceptor found so that the guard (Require) needs no second parse.
class Authenticator {
 public:
  Authenticator(JwsKeySet keys, std::string audience,
                std::vector<std::string> issuers)
      : keys_(std::move(keys)),
        audience_(std::move(audience)),
        issuers_(std::move(issuers)) {}

  // UNAUTHENTICATED for a missing, malformed, forged, expired or
  // misaddressed assertion.
  absl::StatusOr<Principal> Verify(std::string_view assertion,
                                   absl::Time now = absl::Now()) const;

  // Interceptor side: what was found for the call with this context.
  void Remember(const grpc::ServerContextBase* call,
                absl::StatusOr<Principal> result);
  void Forget(const grpc::ServerContextBase* call);

  // The guard every handler calls first: the verified principal of this
  // call, or UNAUTHENTICATED. Works without the interceptor too (it then
  // verifies the metadata itself).
  absl::StatusOr<Principal> Require(const grpc::ServerContext& context) const;

 private:
  JwsKeySet keys_;
  std::string audience_;
  std::vector<std::string> issuers_;
  mutable absl::Mutex mu_;
  std::map<const grpc::ServerContextBase*, absl::StatusOr<Principal>> calls_
      ABSL_GUARDED_BY(mu_);
};

// Reads a JWKS file (the development key lives under ./var). Errors name
// the file, never the key material.
absl::StatusOr<JwsKeySet> LoadKeySet(const std::string& path);

}  // namespace sisker::common

#endif  // SISKER_COMMON_PRINCIPAL_H_
