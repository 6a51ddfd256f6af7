// Bearer tokens of the gateway (ARCHITECTURE.md 5): a JWT verified with
// OpenSSL through common/jose — the algorithm is pinned per key, the key
// chosen by `kid` from a JWKS file (HS256 for development; RS256/ES256
// public keys in production), reloaded when the file changes so keys rotate
// by kid; `alg: none`, HS/RS confusion and unknown kids are refused;
// exp/nbf with bounded skew, iss and aud checked; typ JWT or at+jwt.
//
// Claims: `sub` names the subject; `sisker_instansi` the instansi id. A
// token whose `client_id` equals its `sub` is a machine (client
// credentials, e.g. SPLP or a provincial SPBE system): a service principal
// with the scopes of its space-separated `scope`. Every other token is a
// person, who must be a known active person of that instansi (the gateway
// asks the org service).
#ifndef SISKER_SERVICES_GATEWAY_TOKEN_AUTH_H_
#define SISKER_SERVICES_GATEWAY_TOKEN_AUTH_H_

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/jose.h"
#include "common/principal.h"

namespace sisker::gateway {

inline constexpr char kInstansiClaim[] = "sisker_instansi";

struct TokenOptions {
  std::string keys_path;  // JWKS file
  std::vector<std::string> issuers;
  std::string audience = "sisker";
  absl::Duration skew = absl::Seconds(60);
  absl::Duration reload_check = absl::Seconds(2);
};

class TokenVerifier {
 public:
  // Loads the key set (the error names the file).
  static absl::StatusOr<std::unique_ptr<TokenVerifier>> Create(
      TokenOptions options);

  // The principal a bearer token (the header value after "Bearer ")
  // names. UNAUTHENTICATED with what failed; never echoes the token.
  absl::StatusOr<common::Principal> Verify(std::string_view token,
                                           absl::Time now = absl::Now());

 private:
  explicit TokenVerifier(TokenOptions options) : options_(std::move(options)) {}
  // Re-reads the JWKS file when its modification time changed.
  void MaybeReload(absl::Time now);

  TokenOptions options_;
  absl::Mutex mu_;
  common::JwsKeySet keys_ ABSL_GUARDED_BY(mu_);
  std::filesystem::file_time_type loaded_mtime_ ABSL_GUARDED_BY(mu_);
  absl::Time next_check_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_TOKEN_AUTH_H_
