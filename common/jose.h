// JOSE for Sisker: base64url, JWS compact signing/verification (HS256, RS256,
// ES256, EdDSA) with per-key pinned algorithms, JWK/JWKS loading, JWT claims.
#ifndef SISKER_COMMON_JOSE_H_
#define SISKER_COMMON_JOSE_H_

#include <openssl/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace sisker::common {

enum class JwsAlg { kHs256, kRs256, kEs256, kEdDsa };

// The JWS "alg" header value of `alg` ("HS256", "RS256", "ES256", "EdDSA").
std::string_view JwsAlgName(JwsAlg alg);

// Unpadded base64url (RFC 4648 section 5).
std::string Base64UrlEncode(std::string_view bytes);
// Strict decoding: refuses padding, characters outside the base64url alphabet,
// impossible lengths and non-zero trailing bits (one encoding per value).
absl::StatusOr<std::string> Base64UrlDecode(std::string_view text);

// One verification (and possibly signing) key, named by its kid. The algorithm
// is pinned per key: a token whose header alg differs is refused, so an RSA
// key can never be used as an HMAC secret (no HS/RS confusion). Copyable;
// copies share the underlying OpenSSL key.
class JwsKey {
 public:
  // HS256 with a shared secret of at least 32 bytes.
  static absl::StatusOr<JwsKey> Hmac(std::string kid, std::string secret);
  // EdDSA (Ed25519) from the 32-byte raw private key; signs and verifies.
  static absl::StatusOr<JwsKey> Ed25519FromRawPrivate(std::string kid,
                                                      std::string raw32);
  // One JWK (RFC 7517/7518/8037): kty "oct" ("k" -> HS256), "RSA" (n, e ->
  // RS256; with d[, p, q, dp, dq, qi] it can sign), "EC" crv "P-256" (x, y ->
  // ES256; with d it can sign), "OKP" crv "Ed25519" (x[, d] -> EdDSA).
  // Requires "kid". An "alg" member, if present, must match the key type.
  // INVALID_ARGUMENT for malformed or inconsistent keys; UNIMPLEMENTED for
  // well-formed keys of a kind this module does not support (other kty/crv,
  // other algs such as PS256, "use":"enc").
  static absl::StatusOr<JwsKey> FromJwk(const std::string& jwk_json);
  // RS256, ES256 or EdDSA key from a PEM private key (PKCS#8 or traditional;
  // can sign) or a PEM SubjectPublicKeyInfo public key (verify only).
  // Encrypted PEM is refused. RSA keys must be at least 2048 bits.
  static absl::StatusOr<JwsKey> FromPem(std::string kid, JwsAlg alg,
                                        std::string_view pem);

  const std::string& kid() const { return kid_; }
  JwsAlg alg() const { return alg_; }
  bool can_sign() const { return can_sign_; }

  // The public JWK of this key (kty, kid, alg, use "sig" and the public
  // members), for publishing in a JWKS. FAILED_PRECONDITION for HS256 keys:
  // a shared secret is never published.
  absl::StatusOr<std::string> PublicJwk() const;

 private:
  friend class JwsKeyAccess;  // Defined in jose.cc.

  JwsKey(std::string kid, JwsAlg alg, bool can_sign, std::string secret,
         std::shared_ptr<EVP_PKEY> pkey);

  std::string kid_;
  JwsAlg alg_;
  bool can_sign_;
  std::string secret_;              // HS256 only.
  std::shared_ptr<EVP_PKEY> pkey_;  // RS256, ES256, EdDSA.
};

// Verification keys by kid; key rotation = several kids in one set.
class JwsKeySet {
 public:
  // ALREADY_EXISTS if a key with the same kid is already in the set.
  absl::Status Add(JwsKey key);
  // {"keys":[...]}. Keys of a kind this module does not support (see
  // JwsKey::FromJwk, UNIMPLEMENTED) are skipped; any malformed key or
  // duplicate kid fails the whole set.
  static absl::StatusOr<JwsKeySet> FromJwks(const std::string& jwks_json);
  // nullptr when no key has this kid.
  const JwsKey* Find(std::string_view kid) const;
  size_t size() const { return keys_.size(); }

 private:
  std::map<std::string, JwsKey, std::less<>> keys_;
};

struct JwsParts {
  std::string header_json;
  std::string payload_json;
};

// Signs header {"alg":..,"typ":typ,"kid":key.kid()} (typ omitted when empty)
// and `payload_json` (must be valid JSON; encoded byte for byte) into a
// compact JWS. FAILED_PRECONDITION if the key cannot sign (public only).
absl::StatusOr<std::string> JwsSign(const JwsKey& key,
                                    std::string_view payload_json,
                                    std::string_view typ = "JWT");

struct JwsVerifyOptions {
  // Compared case-insensitively, with an optional "application/" prefix on
  // the token's typ. A token without typ (or with an empty one) is accepted.
  std::vector<std::string> accepted_typ = {"JWT", "at+jwt"};
};

// Verifies a compact JWS (exactly three segments, at most 64 KiB) against
// `keys`: refuses alg "none", requires "kid" and a key with that kid in the
// set, refuses any alg other than that key's pinned alg, refuses "crit",
// checks typ, verifies the signature, and requires the payload to be JSON.
// Every failure is UNAUTHENTICATED with a short message naming what failed
// ("malformed token", "unknown kid", "algorithm not allowed for key",
// "bad signature", ...); messages never contain key material.
absl::StatusOr<JwsParts> JwsVerify(const JwsKeySet& keys,
                                   std::string_view token,
                                   const JwsVerifyOptions& options = {});

// The claims of a JWT payload.
struct JwtClaims {
  std::string iss;
  std::string sub;
  std::vector<std::string> aud;  // A string aud becomes a one-element list.
  int64_t exp = 0;
  int64_t nbf = 0;  // 0 when absent.
  int64_t iat = 0;  // 0 when absent.
  std::string jti;
  // Every other top-level string claim (including "scope" as sent).
  std::map<std::string, std::string> string_claims;
  // Every other top-level array-of-strings claim, plus the space-separated
  // "scope" string split into list_claims["scope"].
  std::map<std::string, std::vector<std::string>> list_claims;
};

struct ClaimCheck {
  std::vector<std::string> issuers;  // Empty: any issuer.
  std::string audience;              // Empty: any audience.
  absl::Time now;
  absl::Duration skew = absl::Seconds(60);
};

// Checks the claims of a verified payload: exp required (now < exp + skew),
// nbf if present (now + skew >= nbf), iat if present (iat <= now + skew),
// iss one of `issuers`, aud (string or array) containing `audience`.
// UNAUTHENTICATED with "token expired", "token not yet valid",
// "wrong audience", "wrong issuer" or "malformed claims: ...". NumericDate
// values may be fractional (truncated toward zero).
absl::StatusOr<JwtClaims> CheckClaims(std::string_view payload_json,
                                      const ClaimCheck& check);

}  // namespace sisker::common

#endif  // SISKER_COMMON_JOSE_H_
