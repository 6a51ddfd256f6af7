// JOSE implementation: strict base64url, JWK parsing into OpenSSL 3 EVP_PKEYs,
// JWS compact signing/verification and JWT claim checks.
#include "common/jose.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "nlohmann/json.hpp"

namespace sisker::common {

// Lets the .cc build keys and reach their private parts without exposing
// either in the header.
class JwsKeyAccess {
 public:
  static JwsKey Make(std::string kid, JwsAlg alg, bool can_sign,
                     std::string secret, std::shared_ptr<EVP_PKEY> pkey) {
    return JwsKey(std::move(kid), alg, can_sign, std::move(secret),
                  std::move(pkey));
  }
  static const std::string& Secret(const JwsKey& key) { return key.secret_; }
  static EVP_PKEY* Pkey(const JwsKey& key) { return key.pkey_.get(); }
};

namespace {

using Json = nlohmann::json;

constexpr size_t kMinHmacSecretBytes = 32;
constexpr int kMinRsaBits = 2048;
constexpr size_t kMaxTokenBytes = 64 * 1024;
constexpr size_t kEs256CoordBytes = 32;
constexpr size_t kEd25519KeyBytes = 32;
constexpr size_t kHs256MacBytes = 32;
constexpr size_t kEd25519SigBytes = 64;

struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::shared_ptr<EVP_PKEY> Share(PkeyPtr pkey) {
  return std::shared_ptr<EVP_PKEY>(pkey.release(), EVP_PKEY_free);
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status Unauthenticated(const std::string& message) {
  return absl::UnauthenticatedError(message);
}

absl::Status InvalidJwk(const std::string& message) {
  return absl::InvalidArgumentError("invalid JWK: " + message);
}

// ---------------------------------------------------------------------------
// Base64url.

constexpr char kB64UrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int B64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// ---------------------------------------------------------------------------
// Algorithm helpers.

std::optional<JwsAlg> AlgFromName(std::string_view name) {
  if (name == "HS256") return JwsAlg::kHs256;
  if (name == "RS256") return JwsAlg::kRs256;
  if (name == "ES256") return JwsAlg::kEs256;
  if (name == "EdDSA") return JwsAlg::kEdDsa;
  return std::nullopt;
}

bool IsP256(EVP_PKEY* pkey) {
  char group[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                     sizeof(group), &len) != 1) {
    return false;
  }
  std::string_view name(group, len);
  return name == "prime256v1" || name == "P-256";
}

// Checks that `pkey` is a key usable for `alg` (type, curve, size).
absl::Status CheckKeyMatchesAlg(EVP_PKEY* pkey, JwsAlg alg) {
  switch (alg) {
    case JwsAlg::kRs256:
      if (EVP_PKEY_is_a(pkey, "RSA") != 1) {
        return absl::InvalidArgumentError("RS256 needs an RSA key");
      }
      if (EVP_PKEY_get_bits(pkey) < kMinRsaBits) {
        return absl::InvalidArgumentError("RSA key shorter than 2048 bits");
      }
      return absl::OkStatus();
    case JwsAlg::kEs256:
      if (EVP_PKEY_is_a(pkey, "EC") != 1 || !IsP256(pkey)) {
        return absl::InvalidArgumentError("ES256 needs a P-256 EC key");
      }
      return absl::OkStatus();
    case JwsAlg::kEdDsa:
      if (EVP_PKEY_is_a(pkey, "ED25519") != 1) {
        return absl::InvalidArgumentError("EdDSA needs an Ed25519 key");
      }
      return absl::OkStatus();
    case JwsAlg::kHs256:
      break;
  }
  return absl::InvalidArgumentError("HS256 keys are not asymmetric keys");
}

// ---------------------------------------------------------------------------
// ECDSA signature format conversion (JWS raw r||s <-> OpenSSL DER).

std::optional<std::string> EcdsaDerToRaw(std::string_view der) {
  const unsigned char* p = Bytes(der);
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (sig == nullptr) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * kEs256CoordBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, kEs256CoordBytes) < 0 ||
      BN_bn2binpad(s, out + kEs256CoordBytes, kEs256CoordBytes) < 0) {
    return std::nullopt;
  }
  return raw;
}

std::optional<std::string> EcdsaRawToDer(std::string_view raw) {
  if (raw.size() != 2 * kEs256CoordBytes) return std::nullopt;
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(ECDSA_SIG_new());
  BnPtr r(BN_bin2bn(Bytes(raw), kEs256CoordBytes, nullptr));
  BnPtr s(BN_bin2bn(Bytes(raw) + kEs256CoordBytes, kEs256CoordBytes, nullptr));
  if (sig == nullptr || r == nullptr || s == nullptr) return std::nullopt;
  if (ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
  r.release();  // Owned by sig now.
  s.release();
  int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return std::nullopt;
  std::string der(static_cast<size_t>(len), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(sig.get(), &out) != len) return std::nullopt;
  return der;
}

// ---------------------------------------------------------------------------
// Raw signing and verification over the JWS signing input.

std::optional<std::string> HmacSha256(std::string_view secret,
                                      std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           Bytes(data), data.size(), mac.data(), &mac_len) == nullptr ||
      mac_len != kHs256MacBytes) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_len);
}

// EVP_DigestSign with SHA-256 (RSA, EC) or no digest (Ed25519).
std::optional<std::string> PkeySign(EVP_PKEY* pkey, const EVP_MD* md,
                                    std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, pkey) != 1) {
    return std::nullopt;
  }
  size_t sig_len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &sig_len, Bytes(data), data.size()) !=
      1) {
    return std::nullopt;
  }
  std::string sig(sig_len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()),
                     &sig_len, Bytes(data), data.size()) != 1) {
    return std::nullopt;
  }
  sig.resize(sig_len);
  return sig;
}

bool PkeyVerify(EVP_PKEY* pkey, const EVP_MD* md, std::string_view data,
                std::string_view sig) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, pkey) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), Bytes(sig), sig.size(), Bytes(data),
                          data.size()) == 1;
}

std::optional<std::string> SignInput(const JwsKey& key, std::string_view data) {
  EVP_PKEY* pkey = JwsKeyAccess::Pkey(key);
  std::optional<std::string> sig;
  switch (key.alg()) {
    case JwsAlg::kHs256:
      sig = HmacSha256(JwsKeyAccess::Secret(key), data);
      break;
    case JwsAlg::kRs256:
      sig = PkeySign(pkey, EVP_sha256(), data);
      break;
    case JwsAlg::kEs256: {
      std::optional<std::string> der = PkeySign(pkey, EVP_sha256(), data);
      if (der.has_value()) sig = EcdsaDerToRaw(*der);
      break;
    }
    case JwsAlg::kEdDsa:
      sig = PkeySign(pkey, nullptr, data);
      break;
  }
  ERR_clear_error();
  return sig;
}

bool VerifyInput(const JwsKey& key, std::string_view data,
                 std::string_view sig) {
  EVP_PKEY* pkey = JwsKeyAccess::Pkey(key);
  bool ok = false;
  switch (key.alg()) {
    case JwsAlg::kHs256: {
      std::optional<std::string> mac =
          HmacSha256(JwsKeyAccess::Secret(key), data);
      ok = mac.has_value() && sig.size() == mac->size() &&
           CRYPTO_memcmp(sig.data(), mac->data(), mac->size()) == 0;
      break;
    }
    case JwsAlg::kRs256:
      ok = PkeyVerify(pkey, EVP_sha256(), data, sig);
      break;
    case JwsAlg::kEs256: {
      // JWS carries raw r||s; a DER signature (wrong length) is refused.
      std::optional<std::string> der = EcdsaRawToDer(sig);
      ok = der.has_value() && PkeyVerify(pkey, EVP_sha256(), data, *der);
      break;
    }
    case JwsAlg::kEdDsa:
      ok = sig.size() == kEd25519SigBytes &&
           PkeyVerify(pkey, nullptr, data, sig);
      break;
  }
  ERR_clear_error();
  return ok;
}

// ---------------------------------------------------------------------------
// JWK parsing.

// Reads a required (or optional, when `required` is false) base64url member.
absl::StatusOr<std::optional<std::string>> JwkBytes(const Json& jwk,
                                                    const char* name,
                                                    bool required) {
  auto it = jwk.find(name);
  if (it == jwk.end()) {
    if (required) return InvalidJwk(std::string("missing \"") + name + "\"");
    return std::optional<std::string>();
  }
  if (!it->is_string()) {
    return InvalidJwk(std::string("\"") + name + "\" is not a string");
  }
  absl::StatusOr<std::string> bytes =
      Base64UrlDecode(it->get_ref<const std::string&>());
  if (!bytes.ok() || bytes->empty()) {
    return InvalidJwk(std::string("\"") + name + "\" is not base64url");
  }
  return std::optional<std::string>(std::move(*bytes));
}

// Builds a key from `bld` and validates it: the public part always, and the
// private half against the public one when `pairwise` is set.
absl::StatusOr<PkeyPtr> PkeyFromData(const char* type, OSSL_PARAM_BLD* bld,
                                     int selection, bool pairwise) {
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (params == nullptr || ctx == nullptr ||
      EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1) {
    ERR_clear_error();
    return InvalidJwk("key parameters rejected");
  }
  PkeyPtr pkey(raw);
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(
      EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  bool valid = check != nullptr && EVP_PKEY_public_check(check.get()) == 1;
  if (valid && pairwise) {
    valid = EVP_PKEY_pairwise_check(check.get()) == 1;
  }
  ERR_clear_error();
  if (!valid) return InvalidJwk("key fails validation");
  return pkey;
}

BnPtr ToBn(const std::string& bytes) {
  return BnPtr(
      BN_bin2bn(Bytes(bytes), static_cast<int>(bytes.size()), nullptr));
}

absl::StatusOr<JwsKey> RsaFromJwk(std::string kid, const Json& jwk) {
  absl::StatusOr<std::optional<std::string>> n = JwkBytes(jwk, "n", true);
  if (!n.ok()) return n.status();
  absl::StatusOr<std::optional<std::string>> e = JwkBytes(jwk, "e", true);
  if (!e.ok()) return e.status();
  absl::StatusOr<std::optional<std::string>> d = JwkBytes(jwk, "d", false);
  if (!d.ok()) return d.status();

  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  std::vector<BnPtr> bns;  // Must outlive OSSL_PARAM_BLD_to_param.
  auto push = [&](const char* param, const std::string& bytes) {
    bns.push_back(ToBn(bytes));
    return bns.back() != nullptr &&
           OSSL_PARAM_BLD_push_BN(bld.get(), param, bns.back().get()) == 1;
  };
  if (bld == nullptr || !push(OSSL_PKEY_PARAM_RSA_N, **n) ||
      !push(OSSL_PKEY_PARAM_RSA_E, **e)) {
    return absl::InternalError("OpenSSL parameter building failed");
  }
  bool is_private = d->has_value();
  bool has_crt = false;
  if (is_private) {
    if (!push(OSSL_PKEY_PARAM_RSA_D, **d)) {
      return absl::InternalError("OpenSSL parameter building failed");
    }
    // The CRT parameters are optional in a JWK but all-or-nothing.
    static constexpr std::array<std::pair<const char*, const char*>, 5> kCrt = {
        {{"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
         {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
         {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
         {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
         {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}}};
    std::vector<std::string> crt;
    for (const auto& [member, param] : kCrt) {
      absl::StatusOr<std::optional<std::string>> v =
          JwkBytes(jwk, member, false);
      if (!v.ok()) return v.status();
      if (v->has_value()) crt.push_back(std::move(**v));
    }
    if (!crt.empty() && crt.size() != kCrt.size()) {
      return InvalidJwk("incomplete RSA CRT parameters");
    }
    has_crt = !crt.empty();
    for (size_t i = 0; i < crt.size(); ++i) {
      if (!push(kCrt[i].second, crt[i])) {
        return absl::InternalError("OpenSSL parameter building failed");
      }
    }
  }
  // Without the CRT members OpenSSL cannot check d against n and e.
  absl::StatusOr<PkeyPtr> pkey = PkeyFromData(
      "RSA", bld.get(), is_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
      has_crt);
  if (!pkey.ok()) return pkey.status();
  if (absl::Status s = CheckKeyMatchesAlg(pkey->get(), JwsAlg::kRs256);
      !s.ok()) {
    return InvalidJwk(std::string(s.message()));
  }
  return JwsKeyAccess::Make(std::move(kid), JwsAlg::kRs256, is_private, "",
                            Share(std::move(*pkey)));
}

absl::StatusOr<JwsKey> EcFromJwk(std::string kid, const Json& jwk) {
  auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string()) return InvalidJwk("missing crv");
  if (*crv != "P-256") {
    return absl::UnimplementedError("unsupported EC curve");
  }
  absl::StatusOr<std::optional<std::string>> x = JwkBytes(jwk, "x", true);
  if (!x.ok()) return x.status();
  absl::StatusOr<std::optional<std::string>> y = JwkBytes(jwk, "y", true);
  if (!y.ok()) return y.status();
  absl::StatusOr<std::optional<std::string>> d = JwkBytes(jwk, "d", false);
  if (!d.ok()) return d.status();
  if ((*x)->size() != kEs256CoordBytes || (*y)->size() != kEs256CoordBytes ||
      (d->has_value() && (*d)->size() != kEs256CoordBytes)) {
    return InvalidJwk("wrong P-256 coordinate length");
  }
  std::string point = "\x04" + **x + **y;
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  BnPtr priv;
  bool is_private = d->has_value();
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                      "prime256v1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                       point.data(), point.size()) != 1) {
    return absl::InternalError("OpenSSL parameter building failed");
  }
  if (is_private) {
    priv = ToBn(**d);
    if (priv == nullptr ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY,
                               priv.get()) != 1) {
      return absl::InternalError("OpenSSL parameter building failed");
    }
  }
  absl::StatusOr<PkeyPtr> pkey = PkeyFromData(
      "EC", bld.get(), is_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
      is_private);
  if (!pkey.ok()) return pkey.status();
  return JwsKeyAccess::Make(std::move(kid), JwsAlg::kEs256, is_private, "",
                            Share(std::move(*pkey)));
}

absl::StatusOr<JwsKey> OkpFromJwk(std::string kid, const Json& jwk) {
  auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string()) return InvalidJwk("missing crv");
  if (*crv != "Ed25519") {
    return absl::UnimplementedError("unsupported OKP curve");
  }
  absl::StatusOr<std::optional<std::string>> x = JwkBytes(jwk, "x", true);
  if (!x.ok()) return x.status();
  absl::StatusOr<std::optional<std::string>> d = JwkBytes(jwk, "d", false);
  if (!d.ok()) return d.status();
  if ((*x)->size() != kEd25519KeyBytes ||
      (d->has_value() && (*d)->size() != kEd25519KeyBytes)) {
    return InvalidJwk("wrong Ed25519 key length");
  }
  if (!d->has_value()) {
    PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                             Bytes(**x), (*x)->size()));
    ERR_clear_error();
    if (pkey == nullptr) return InvalidJwk("Ed25519 public key rejected");
    return JwsKeyAccess::Make(std::move(kid), JwsAlg::kEdDsa, false, "",
                              Share(std::move(pkey)));
  }
  absl::StatusOr<JwsKey> key =
      JwsKey::Ed25519FromRawPrivate(std::move(kid), std::move(**d));
  if (!key.ok()) return key.status();
  // The public half must be the one derived from d.
  std::array<unsigned char, kEd25519KeyBytes> pub{};
  size_t pub_len = pub.size();
  if (EVP_PKEY_get_raw_public_key(JwsKeyAccess::Pkey(*key), pub.data(),
                                  &pub_len) != 1 ||
      pub_len != (*x)->size() ||
      CRYPTO_memcmp(pub.data(), (*x)->data(), pub_len) != 0) {
    ERR_clear_error();
    return InvalidJwk("Ed25519 x does not match d");
  }
  return key;
}

absl::StatusOr<JwsKey> KeyFromJwk(const Json& jwk) {
  if (!jwk.is_object()) return InvalidJwk("not a JSON object");
  auto kty = jwk.find("kty");
  if (kty == jwk.end() || !kty->is_string()) return InvalidJwk("missing kty");
  auto kid_it = jwk.find("kid");
  if (kid_it == jwk.end() || !kid_it->is_string() ||
      kid_it->get_ref<const std::string&>().empty()) {
    return InvalidJwk("missing kid");
  }
  std::string kid = kid_it->get<std::string>();
  if (auto use = jwk.find("use"); use != jwk.end()) {
    if (!use->is_string()) return InvalidJwk("\"use\" is not a string");
    if (*use != "sig") {
      return absl::UnimplementedError("JWK is not a signature key");
    }
  }

  const std::string& type = kty->get_ref<const std::string&>();
  std::optional<JwsAlg> expected;
  if (type == "oct") {
    expected = JwsAlg::kHs256;
  } else if (type == "RSA") {
    expected = JwsAlg::kRs256;
  } else if (type == "EC") {
    expected = JwsAlg::kEs256;
  } else if (type == "OKP") {
    expected = JwsAlg::kEdDsa;
  } else {
    return absl::UnimplementedError("unsupported JWK kty");
  }
  if (auto alg = jwk.find("alg"); alg != jwk.end()) {
    if (!alg->is_string()) return InvalidJwk("\"alg\" is not a string");
    std::optional<JwsAlg> named =
        AlgFromName(alg->get_ref<const std::string&>());
    if (!named.has_value()) {
      return absl::UnimplementedError("unsupported JWK alg");
    }
    if (*named != *expected) return InvalidJwk("alg does not match kty");
  }

  switch (*expected) {
    case JwsAlg::kHs256: {
      absl::StatusOr<std::optional<std::string>> k = JwkBytes(jwk, "k", true);
      if (!k.ok()) return k.status();
      absl::StatusOr<JwsKey> key = JwsKey::Hmac(std::move(kid), std::move(**k));
      if (!key.ok()) return InvalidJwk(std::string(key.status().message()));
      return key;
    }
    case JwsAlg::kRs256:
      return RsaFromJwk(std::move(kid), jwk);
    case JwsAlg::kEs256:
      return EcFromJwk(std::move(kid), jwk);
    case JwsAlg::kEdDsa:
      return OkpFromJwk(std::move(kid), jwk);
  }
  return InvalidJwk("unsupported key");
}

// Big-endian bytes of a BIGNUM parameter of `pkey`, base64url-encoded.
std::optional<std::string> BnParamB64(EVP_PKEY* pkey, const char* name,
                                      int pad_to) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) return std::nullopt;
  BnPtr bn(raw);
  int len = std::max(pad_to, BN_num_bytes(bn.get()));
  std::string bytes(static_cast<size_t>(len), '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()),
                   len) != len) {
    return std::nullopt;
  }
  return Base64UrlEncode(bytes);
}

// ---------------------------------------------------------------------------
// JWS helpers.

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) {
             return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a')
                                           : c;
           };
           return lower(x) == lower(y);
         });
}

bool TypAccepted(std::string_view typ, const JwsVerifyOptions& options) {
  if (typ.empty()) return true;
  constexpr std::string_view kPrefix = "application/";
  if (typ.size() > kPrefix.size() &&
      EqualsIgnoreCase(typ.substr(0, kPrefix.size()), kPrefix)) {
    typ.remove_prefix(kPrefix.size());
  }
  for (const std::string& accepted : options.accepted_typ) {
    if (EqualsIgnoreCase(typ, accepted)) return true;
  }
  return false;
}

absl::StatusOr<JwsParts> VerifyImpl(const JwsKeySet& keys,
                                    std::string_view token,
                                    const JwsVerifyOptions& options) {
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return Unauthenticated("malformed token: bad length");
  }
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string_view::npos ? std::string_view::npos
                                               : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos ||
      token.find('.', dot2 + 1) != std::string_view::npos) {
    return Unauthenticated("malformed token: expected 3 segments");
  }
  std::string_view header_b64 = token.substr(0, dot1);
  std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  std::string_view sig_b64 = token.substr(dot2 + 1);

  absl::StatusOr<std::string> header_json = Base64UrlDecode(header_b64);
  absl::StatusOr<std::string> payload_json = Base64UrlDecode(payload_b64);
  absl::StatusOr<std::string> sig = Base64UrlDecode(sig_b64);
  if (!header_json.ok() || !payload_json.ok() || !sig.ok()) {
    return Unauthenticated("malformed token: bad base64url");
  }

  Json header = Json::parse(*header_json, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) {
    return Unauthenticated("malformed token: header is not a JSON object");
  }
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) {
    return Unauthenticated("malformed token: missing alg");
  }
  const std::string& alg_name = alg->get_ref<const std::string&>();
  if (EqualsIgnoreCase(alg_name, "none")) {
    return Unauthenticated("algorithm none not allowed");
  }
  auto kid = header.find("kid");
  if (kid == header.end() || !kid->is_string()) {
    return Unauthenticated("malformed token: missing kid");
  }
  const JwsKey* key = keys.Find(kid->get_ref<const std::string&>());
  if (key == nullptr) return Unauthenticated("unknown kid");
  if (alg_name != JwsAlgName(key->alg())) {
    return Unauthenticated("algorithm not allowed for key");
  }
  if (header.contains("crit")) {
    return Unauthenticated("critical header not supported");
  }
  if (auto typ = header.find("typ"); typ != header.end()) {
    if (!typ->is_string()) return Unauthenticated("malformed token: bad typ");
    if (!TypAccepted(typ->get_ref<const std::string&>(), options)) {
      return Unauthenticated("token type not accepted");
    }
  }
  if (sig->empty()) return Unauthenticated("malformed token: no signature");

  std::string_view signing_input = token.substr(0, dot2);
  if (!VerifyInput(*key, signing_input, *sig)) {
    return Unauthenticated("bad signature");
  }
  if (!Json::accept(*payload_json)) {
    return Unauthenticated("malformed token: payload is not JSON");
  }
  return JwsParts{std::move(*header_json), std::move(*payload_json)};
}

// ---------------------------------------------------------------------------
// Claims.

absl::Status MalformedClaims(const std::string& what) {
  return Unauthenticated("malformed claims: " + what);
}

// A NumericDate (integer or fractional seconds) as int64 seconds.
std::optional<int64_t> NumericDate(const Json& value) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned()) {
      uint64_t u = value.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return std::nullopt;
      }
      return static_cast<int64_t>(u);
    }
    return value.get<int64_t>();
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    // 2^63 is exactly representable; anything at or beyond it overflows.
    if (!std::isfinite(d) || d >= 9223372036854775808.0 ||
        d < -9223372036854775808.0) {
      return std::nullopt;
    }
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

absl::StatusOr<JwtClaims> CheckClaimsImpl(std::string_view payload_json,
                                          const ClaimCheck& check) {
  Json claims = Json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
  if (claims.is_discarded() || !claims.is_object()) {
    return MalformedClaims("not a JSON object");
  }
  JwtClaims out;
  bool has_nbf = false;
  bool has_iat = false;
  bool has_exp = false;
  bool has_iss = false;

  for (const auto& [name, value] : claims.items()) {
    if (name == "exp" || name == "nbf" || name == "iat") {
      std::optional<int64_t> t = NumericDate(value);
      if (!t.has_value()) return MalformedClaims(name + " is not a number");
      if (name == "exp") {
        out.exp = *t;
        has_exp = true;
      } else if (name == "nbf") {
        out.nbf = *t;
        has_nbf = true;
      } else {
        out.iat = *t;
        has_iat = true;
      }
    } else if (name == "iss" || name == "sub" || name == "jti") {
      if (!value.is_string()) return MalformedClaims(name + " is not a string");
      std::string s = value.get<std::string>();
      if (name == "iss") {
        out.iss = std::move(s);
        has_iss = true;
      } else if (name == "sub") {
        out.sub = std::move(s);
      } else {
        out.jti = std::move(s);
      }
    } else if (name == "aud") {
      if (value.is_string()) {
        out.aud.push_back(value.get<std::string>());
      } else if (value.is_array()) {
        for (const Json& a : value) {
          if (!a.is_string()) return MalformedClaims("aud is not strings");
          out.aud.push_back(a.get<std::string>());
        }
      } else {
        return MalformedClaims("aud is not a string or array");
      }
    } else if (value.is_string()) {
      const std::string& s = value.get_ref<const std::string&>();
      out.string_claims[name] = s;
      if (name == "scope") {
        std::vector<std::string>& scopes = out.list_claims["scope"];
        size_t pos = 0;
        while (pos < s.size()) {
          size_t end = s.find(' ', pos);
          if (end == std::string::npos) end = s.size();
          if (end > pos) scopes.push_back(s.substr(pos, end - pos));
          pos = end + 1;
        }
      }
    } else if (value.is_array() &&
               std::all_of(value.begin(), value.end(),
                           [](const Json& v) { return v.is_string(); })) {
      std::vector<std::string>& list = out.list_claims[name];
      for (const Json& v : value) list.push_back(v.get<std::string>());
    }
  }

  if (!has_exp) return MalformedClaims("exp missing");
  if (!(check.now < absl::FromUnixSeconds(out.exp) + check.skew)) {
    return Unauthenticated("token expired");
  }
  if (has_nbf && check.now + check.skew < absl::FromUnixSeconds(out.nbf)) {
    return Unauthenticated("token not yet valid");
  }
  if (has_iat && absl::FromUnixSeconds(out.iat) > check.now + check.skew) {
    return Unauthenticated("token not yet valid");
  }
  if (!check.issuers.empty() &&
      (!has_iss || std::find(check.issuers.begin(), check.issuers.end(),
                             out.iss) == check.issuers.end())) {
    return Unauthenticated("wrong issuer");
  }
  if (!check.audience.empty() && std::find(out.aud.begin(), out.aud.end(),
                                           check.audience) == out.aud.end()) {
    return Unauthenticated("wrong audience");
  }
  return out;
}

}  // namespace

// -----------------------------------------------------------------------------
// Public API.

std::string_view JwsAlgName(JwsAlg alg) {
  switch (alg) {
    case JwsAlg::kHs256:
      return "HS256";
    case JwsAlg::kRs256:
      return "RS256";
    case JwsAlg::kEs256:
      return "ES256";
    case JwsAlg::kEdDsa:
      return "EdDSA";
  }
  return "";
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out.push_back(kB64UrlAlphabet[(v >> 18) & 63]);
    out.push_back(kB64UrlAlphabet[(v >> 12) & 63]);
    out.push_back(kB64UrlAlphabet[(v >> 6) & 63]);
    out.push_back(kB64UrlAlphabet[v & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = byte(i) << 16;
    out.push_back(kB64UrlAlphabet[(v >> 18) & 63]);
    out.push_back(kB64UrlAlphabet[(v >> 12) & 63]);
  } else if (rest == 2) {
    uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8);
    out.push_back(kB64UrlAlphabet[(v >> 18) & 63]);
    out.push_back(kB64UrlAlphabet[(v >> 12) & 63]);
    out.push_back(kB64UrlAlphabet[(v >> 6) & 63]);
  }
  return out;
}

absl::StatusOr<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) {
    return absl::InvalidArgumentError("base64url: impossible length");
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = B64UrlValue(c);
    if (v < 0) {
      return absl::InvalidArgumentError(c == '='
                                            ? "base64url: padding not allowed"
                                            : "base64url: invalid character");
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Leftover bits (2 or 4) must be zero, so every value has one encoding.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    return absl::InvalidArgumentError("base64url: non-zero trailing bits");
  }
  return out;
}

JwsKey::JwsKey(std::string kid, JwsAlg alg, bool can_sign, std::string secret,
               std::shared_ptr<EVP_PKEY> pkey)
    : kid_(std::move(kid)),
      alg_(alg),
      can_sign_(can_sign),
      secret_(std::move(secret)),
      pkey_(std::move(pkey)) {}

absl::StatusOr<JwsKey> JwsKey::Hmac(std::string kid, std::string secret) {
  if (kid.empty()) return absl::InvalidArgumentError("empty kid");
  if (secret.size() < kMinHmacSecretBytes) {
    return absl::InvalidArgumentError("HS256 secret shorter than 32 bytes");
  }
  return JwsKey(std::move(kid), JwsAlg::kHs256, true, std::move(secret),
                nullptr);
}

absl::StatusOr<JwsKey> JwsKey::Ed25519FromRawPrivate(std::string kid,
                                                     std::string raw32) {
  if (kid.empty()) return absl::InvalidArgumentError("empty kid");
  if (raw32.size() != kEd25519KeyBytes) {
    OPENSSL_cleanse(raw32.data(), raw32.size());
    return absl::InvalidArgumentError("Ed25519 private key is not 32 bytes");
  }
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                            Bytes(raw32), raw32.size()));
  OPENSSL_cleanse(raw32.data(), raw32.size());
  if (pkey == nullptr) {
    ERR_clear_error();
    return absl::InternalError("Ed25519 key creation failed");
  }
  return JwsKey(std::move(kid), JwsAlg::kEdDsa, true, "",
                Share(std::move(pkey)));
}

absl::StatusOr<JwsKey> JwsKey::FromJwk(const std::string& jwk_json) {
  try {
    Json jwk = Json::parse(jwk_json, nullptr, /*allow_exceptions=*/false);
    if (jwk.is_discarded()) return InvalidJwk("not JSON");
    return KeyFromJwk(jwk);
  } catch (const std::exception&) {
    return InvalidJwk("unreadable");
  }
}

absl::StatusOr<JwsKey> JwsKey::FromPem(std::string kid, JwsAlg alg,
                                       std::string_view pem) {
  if (kid.empty()) return absl::InvalidArgumentError("empty kid");
  if (alg == JwsAlg::kHs256) {
    return absl::InvalidArgumentError("HS256 keys do not come from PEM");
  }
  // Never prompt for a passphrase: encrypted PEM simply fails.
  pem_password_cb* no_password = [](char*, int, int, void*) { return 0; };
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return absl::InternalError("BIO allocation failed");
  PkeyPtr pkey(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
  bool is_private = pkey != nullptr;
  if (!is_private) {
    ERR_clear_error();
    bio.reset(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (bio == nullptr) return absl::InternalError("BIO allocation failed");
    pkey.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_password, nullptr));
  }
  ERR_clear_error();
  if (pkey == nullptr) return absl::InvalidArgumentError("unreadable PEM key");
  if (absl::Status s = CheckKeyMatchesAlg(pkey.get(), alg); !s.ok()) return s;
  return JwsKey(std::move(kid), alg, is_private, "", Share(std::move(pkey)));
}

absl::StatusOr<std::string> JwsKey::PublicJwk() const {
  try {
    nlohmann::ordered_json jwk;
    EVP_PKEY* pkey = pkey_.get();
    switch (alg_) {
      case JwsAlg::kHs256:
        return absl::FailedPreconditionError("HS256 secrets are not published");
      case JwsAlg::kRs256: {
        std::optional<std::string> n =
            BnParamB64(pkey, OSSL_PKEY_PARAM_RSA_N, 0);
        std::optional<std::string> e =
            BnParamB64(pkey, OSSL_PKEY_PARAM_RSA_E, 0);
        if (!n || !e) break;
        jwk = {{"kty", "RSA"}, {"n", *n}, {"e", *e}};
        break;
      }
      case JwsAlg::kEs256: {
        std::optional<std::string> x =
            BnParamB64(pkey, OSSL_PKEY_PARAM_EC_PUB_X, kEs256CoordBytes);
        std::optional<std::string> y =
            BnParamB64(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, kEs256CoordBytes);
        if (!x || !y) break;
        jwk = {{"kty", "EC"}, {"crv", "P-256"}, {"x", *x}, {"y", *y}};
        break;
      }
      case JwsAlg::kEdDsa: {
        std::array<unsigned char, kEd25519KeyBytes> pub{};
        size_t len = pub.size();
        if (EVP_PKEY_get_raw_public_key(pkey, pub.data(), &len) != 1) break;
        jwk = {{"kty", "OKP"},
               {"crv", "Ed25519"},
               {"x", Base64UrlEncode(std::string_view(
                         reinterpret_cast<const char*>(pub.data()), len))}};
        break;
      }
    }
    ERR_clear_error();
    if (jwk.is_null()) return absl::InternalError("public key export failed");
    jwk["kid"] = kid_;
    jwk["alg"] = std::string(JwsAlgName(alg_));
    jwk["use"] = "sig";
    return jwk.dump();
  } catch (const std::exception&) {
    return absl::InternalError("public key export failed");
  }
}

absl::Status JwsKeySet::Add(JwsKey key) {
  std::string kid = key.kid();
  auto [it, inserted] = keys_.emplace(std::move(kid), std::move(key));
  if (!inserted) {
    return absl::AlreadyExistsError("duplicate kid \"" + it->first + "\"");
  }
  return absl::OkStatus();
}

absl::StatusOr<JwsKeySet> JwsKeySet::FromJwks(const std::string& jwks_json) {
  try {
    Json jwks = Json::parse(jwks_json, nullptr, /*allow_exceptions=*/false);
    if (jwks.is_discarded() || !jwks.is_object()) {
      return absl::InvalidArgumentError("invalid JWKS: not a JSON object");
    }
    auto keys = jwks.find("keys");
    if (keys == jwks.end() || !keys->is_array()) {
      return absl::InvalidArgumentError("invalid JWKS: missing keys array");
    }
    JwsKeySet set;
    for (const Json& jwk : *keys) {
      absl::StatusOr<JwsKey> key = KeyFromJwk(jwk);
      if (absl::IsUnimplemented(key.status())) continue;
      if (!key.ok()) return key.status();
      if (absl::Status s = set.Add(std::move(*key)); !s.ok()) return s;
    }
    return set;
  } catch (const std::exception&) {
    return absl::InvalidArgumentError("invalid JWKS: unreadable");
  }
}

const JwsKey* JwsKeySet::Find(std::string_view kid) const {
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : &it->second;
}

absl::StatusOr<std::string> JwsSign(const JwsKey& key,
                                    std::string_view payload_json,
                                    std::string_view typ) {
  if (!key.can_sign()) {
    return absl::FailedPreconditionError("key cannot sign (public only)");
  }
  try {
    if (!Json::accept(payload_json)) {
      return absl::InvalidArgumentError("payload is not JSON");
    }
    nlohmann::ordered_json header;
    header["alg"] = std::string(JwsAlgName(key.alg()));
    if (!typ.empty()) header["typ"] = std::string(typ);
    header["kid"] = key.kid();
    std::string input =
        Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload_json);
    std::optional<std::string> sig = SignInput(key, input);
    if (!sig.has_value()) return absl::InternalError("signing failed");
    return input + "." + Base64UrlEncode(*sig);
  } catch (const std::exception&) {
    // dump() throws on invalid UTF-8 in kid or typ.
    return absl::InvalidArgumentError("kid or typ is not valid UTF-8");
  }
}

absl::StatusOr<JwsParts> JwsVerify(const JwsKeySet& keys,
                                   std::string_view token,
                                   const JwsVerifyOptions& options) {
  try {
    return VerifyImpl(keys, token, options);
  } catch (const std::exception&) {
    return Unauthenticated("malformed token");
  }
}

absl::StatusOr<JwtClaims> CheckClaims(std::string_view payload_json,
                                      const ClaimCheck& check) {
  try {
    return CheckClaimsImpl(payload_json, check);
  } catch (const std::exception&) {
    return MalformedClaims("unreadable");
  }
}

}  // namespace sisker::common
