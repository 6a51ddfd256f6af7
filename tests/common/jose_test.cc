// Tests for common/jose: base64url, JWK/JWKS loading, JWS signing and
// verification (HS256, RS256, ES256, EdDSA) and JWT claim checks.
#include "common/jose.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <memory>
#include <string>
#include <string_view>

namespace sisker::common {
namespace {

using ::testing::HasSubstr;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

constexpr int64_t kNow = 1'700'000'000;

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

PkeyPtr GenRsa() {
  return PkeyPtr(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
}

PkeyPtr GenEc() {
  return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

std::string BioString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string PrivatePem(EVP_PKEY* pkey) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  std::string pem = BioString(bio);
  BIO_free(bio);
  return pem;
}

std::string PublicPem(EVP_PKEY* pkey) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, pkey);
  std::string pem = BioString(bio);
  BIO_free(bio);
  return pem;
}

// A BIGNUM parameter of `pkey` as base64url of its big-endian bytes.
std::string BnB64(EVP_PKEY* pkey, const char* name, int pad_to = 0) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(pkey, name, &bn), 1);
  int len = std::max(pad_to, BN_num_bytes(bn));
  std::string bytes(static_cast<size_t>(len), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), len);
  BN_free(bn);
  return Base64UrlEncode(bytes);
}

std::string RsaPublicJwk(EVP_PKEY* pkey, const std::string& kid) {
  return R"({"kty":"RSA","kid":")" + kid + R"(","n":")" +
         BnB64(pkey, OSSL_PKEY_PARAM_RSA_N) + R"(","e":")" +
         BnB64(pkey, OSSL_PKEY_PARAM_RSA_E) + R"("})";
}

std::string EcPublicJwk(EVP_PKEY* pkey, const std::string& kid) {
  return R"({"kty":"EC","crv":"P-256","kid":")" + kid + R"(","x":")" +
         BnB64(pkey, OSSL_PKEY_PARAM_EC_PUB_X, 32) + R"(","y":")" +
         BnB64(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, 32) + R"("})";
}

std::string Payload(int64_t exp = kNow + 3600) {
  return R"({"iss":"https://idp.example","sub":"user-1","aud":"org-api",)"
         R"("exp":)" +
         std::to_string(exp) + "}";
}

// A compact JWS with an arbitrary header, HMAC-SHA256 signed with `secret`.
std::string HsToken(std::string_view secret, std::string_view header,
                    std::string_view payload) {
  std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
       &mac_len);
  return input + "." +
         Base64UrlEncode(
             std::string_view(reinterpret_cast<char*>(mac), mac_len));
}

const std::string kSecret = "0123456789abcdef0123456789abcdef";

JwsKeySet SetOf(JwsKey key) {
  JwsKeySet set;
  EXPECT_TRUE(set.Add(std::move(key)).ok());
  return set;
}

JwsKey HmacKey(const std::string& kid = "hs-1") {
  absl::StatusOr<JwsKey> key = JwsKey::Hmac(kid, kSecret);
  EXPECT_TRUE(key.ok()) << key.status();
  return *key;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n));
  return out;
}

// ---------------------------------------------------------------------------

TEST(Base64Url, EncodesWithoutPaddingAndRoundTrips) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  for (size_t n = 0; n < 40; ++n) {
    std::string bytes = RandomBytes(n);
    absl::StatusOr<std::string> back = Base64UrlDecode(Base64UrlEncode(bytes));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, bytes);
  }
}

TEST(Base64Url, RejectsPaddingAndInvalidCharacters) {
  EXPECT_FALSE(Base64UrlDecode("Zg==").ok());
  EXPECT_FALSE(Base64UrlDecode("Zm8=").ok());
  EXPECT_FALSE(Base64UrlDecode("Zm+v").ok());  // Standard alphabet.
  EXPECT_FALSE(Base64UrlDecode("Zm/v").ok());
  EXPECT_FALSE(Base64UrlDecode("Zm9 v").ok());
  EXPECT_FALSE(Base64UrlDecode("Z").ok());    // Impossible length.
  EXPECT_FALSE(Base64UrlDecode("Zh").ok());   // Non-zero trailing bits.
  EXPECT_FALSE(Base64UrlDecode("Zm9").ok());  // Non-zero trailing bits.
}

// ---------------------------------------------------------------------------

TEST(Jws, RoundTripsHs256) {
  JwsKey key = HmacKey();
  absl::StatusOr<std::string> token = JwsSign(key, Payload());
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<JwsParts> parts = JwsVerify(SetOf(key), *token);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->payload_json, Payload());
  EXPECT_EQ(parts->header_json, R"({"alg":"HS256","typ":"JWT","kid":"hs-1"})");
}

TEST(Jws, RoundTripsEdDsa) {
  absl::StatusOr<JwsKey> key =
      JwsKey::Ed25519FromRawPrivate("ed-1", RandomBytes(32));
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->alg(), JwsAlg::kEdDsa);
  EXPECT_TRUE(key->can_sign());
  absl::StatusOr<std::string> token = JwsSign(*key, Payload());
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<JwsParts> parts = JwsVerify(SetOf(*key), *token);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->payload_json, Payload());
}

TEST(Jws, VerifiesEdDsaWithPublicJwkPublishedBySigner) {
  absl::StatusOr<JwsKey> signer =
      JwsKey::Ed25519FromRawPrivate("ed-1", RandomBytes(32));
  ASSERT_TRUE(signer.ok());
  absl::StatusOr<std::string> jwk = signer->PublicJwk();
  ASSERT_TRUE(jwk.ok()) << jwk.status();
  absl::StatusOr<JwsKeySet> set =
      JwsKeySet::FromJwks(R"({"keys":[)" + *jwk + "]}");
  ASSERT_TRUE(set.ok()) << set.status();
  const JwsKey* verifier = set->Find("ed-1");
  ASSERT_NE(verifier, nullptr);
  EXPECT_FALSE(verifier->can_sign());

  absl::StatusOr<std::string> token = JwsSign(*signer, Payload());
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(JwsVerify(*set, *token).ok());
}

TEST(Jws, VerifiesRs256WithKeyFromJwk) {
  PkeyPtr rsa = GenRsa();
  ASSERT_NE(rsa, nullptr);
  absl::StatusOr<JwsKey> signer =
      JwsKey::FromPem("rsa-1", JwsAlg::kRs256, PrivatePem(rsa.get()));
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_TRUE(signer->can_sign());
  absl::StatusOr<JwsKey> verifier =
      JwsKey::FromJwk(RsaPublicJwk(rsa.get(), "rsa-1"));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_EQ(verifier->alg(), JwsAlg::kRs256);
  EXPECT_FALSE(verifier->can_sign());

  absl::StatusOr<std::string> token = JwsSign(*signer, Payload());
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<JwsParts> parts = JwsVerify(SetOf(*verifier), *token);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->payload_json, Payload());
}

TEST(Jws, VerifiesRs256WithPublicPemKey) {
  PkeyPtr rsa = GenRsa();
  absl::StatusOr<JwsKey> signer =
      JwsKey::FromPem("rsa-1", JwsAlg::kRs256, PrivatePem(rsa.get()));
  absl::StatusOr<JwsKey> verifier =
      JwsKey::FromPem("rsa-1", JwsAlg::kRs256, PublicPem(rsa.get()));
  ASSERT_TRUE(signer.ok() && verifier.ok());
  EXPECT_FALSE(verifier->can_sign());
  absl::StatusOr<std::string> token = JwsSign(*signer, Payload());
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(JwsVerify(SetOf(*verifier), *token).ok());
}

TEST(Jws, VerifiesEs256WithKeyFromJwks) {
  PkeyPtr ec = GenEc();
  ASSERT_NE(ec, nullptr);
  absl::StatusOr<JwsKey> signer =
      JwsKey::FromPem("ec-1", JwsAlg::kEs256, PrivatePem(ec.get()));
  ASSERT_TRUE(signer.ok()) << signer.status();
  absl::StatusOr<JwsKeySet> set = JwsKeySet::FromJwks(
      R"({"keys":[)" + EcPublicJwk(ec.get(), "ec-1") + "]}");
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->size(), 1u);
  EXPECT_EQ(set->Find("ec-1")->alg(), JwsAlg::kEs256);

  absl::StatusOr<std::string> token = JwsSign(*signer, Payload());
  ASSERT_TRUE(token.ok()) << token.status();
  // JWS carries the raw 64-byte r||s form, not DER.
  std::string_view sig_b64 =
      std::string_view(*token).substr(token->rfind('.') + 1);
  absl::StatusOr<std::string> sig = Base64UrlDecode(sig_b64);
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->size(), 64u);
  EXPECT_TRUE(JwsVerify(*set, *token).ok());
}

TEST(Jws, Es256AcceptsRawSignatureAndRefusesDer) {
  PkeyPtr ec = GenEc();
  absl::StatusOr<JwsKey> verifier =
      JwsKey::FromJwk(EcPublicJwk(ec.get(), "ec-1"));
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  JwsKeySet set = SetOf(*verifier);

  // Sign with OpenSSL directly: the result is DER.
  std::string input = Base64UrlEncode(R"({"alg":"ES256","kid":"ec-1"})") + "." +
                      Base64UrlEncode(Payload());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, ec.get()),
            1);
  size_t der_len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  ASSERT_EQ(EVP_DigestSign(ctx, nullptr, &der_len, in, input.size()), 1);
  std::string der(der_len, '\0');
  ASSERT_EQ(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(der.data()),
                           &der_len, in, input.size()),
            1);
  der.resize(der_len);
  EVP_MD_CTX_free(ctx);

  // Convert DER to raw r||s by hand.
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* ecdsa = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  ASSERT_NE(ecdsa, nullptr);
  std::string raw(64, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  BN_bn2binpad(ECDSA_SIG_get0_r(ecdsa), out, 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(ecdsa), out + 32, 32);
  ECDSA_SIG_free(ecdsa);

  EXPECT_TRUE(JwsVerify(set, input + "." + Base64UrlEncode(raw)).ok());
  absl::StatusOr<JwsParts> with_der =
      JwsVerify(set, input + "." + Base64UrlEncode(der));
  ASSERT_FALSE(with_der.ok());
  EXPECT_EQ(Msg(with_der.status()), "bad signature");
}

TEST(Jws, RefusesAlgNone) {
  JwsKeySet set = SetOf(HmacKey());
  std::string header = R"({"alg":"none","kid":"hs-1"})";
  std::string unsigned_token =
      Base64UrlEncode(header) + "." + Base64UrlEncode(Payload()) + ".";
  absl::StatusOr<JwsParts> parts = JwsVerify(set, unsigned_token);
  ASSERT_FALSE(parts.ok());
  EXPECT_TRUE(absl::IsUnauthenticated(parts.status()));
  EXPECT_THAT(Msg(parts.status()), HasSubstr("none"));

  // Even with a valid HMAC attached, "none" is refused.
  parts = JwsVerify(set, HsToken(kSecret, header, Payload()));
  ASSERT_FALSE(parts.ok());
  EXPECT_THAT(Msg(parts.status()), HasSubstr("none"));
}

TEST(Jws, RefusesHsRsConfusion) {
  PkeyPtr rsa = GenRsa();
  std::string public_pem = PublicPem(rsa.get());
  absl::StatusOr<JwsKey> rsa_key =
      JwsKey::FromJwk(RsaPublicJwk(rsa.get(), "rsa-1"));
  ASSERT_TRUE(rsa_key.ok());
  JwsKeySet set = SetOf(*rsa_key);

  // The attacker HMAC-signs with the public key bytes as the secret.
  absl::StatusOr<JwsKey> forged_key = JwsKey::Hmac("rsa-1", public_pem);
  ASSERT_TRUE(forged_key.ok());
  absl::StatusOr<std::string> forged = JwsSign(*forged_key, Payload());
  ASSERT_TRUE(forged.ok());
  absl::StatusOr<JwsParts> parts = JwsVerify(set, *forged);
  ASSERT_FALSE(parts.ok());
  EXPECT_TRUE(absl::IsUnauthenticated(parts.status()));
  EXPECT_EQ(Msg(parts.status()), "algorithm not allowed for key");

  // Same with the raw modulus as the secret.
  std::string n_secret = *Base64UrlDecode(BnB64(rsa.get(), "n"));
  parts = JwsVerify(
      set, HsToken(n_secret, R"({"alg":"HS256","kid":"rsa-1"})", Payload()));
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(Msg(parts.status()), "algorithm not allowed for key");
}

TEST(Jws, RefusesUnknownKid) {
  JwsKeySet set = SetOf(HmacKey("hs-1"));
  absl::StatusOr<std::string> token = JwsSign(HmacKey("hs-2"), Payload());
  ASSERT_TRUE(token.ok());
  absl::StatusOr<JwsParts> parts = JwsVerify(set, *token);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(Msg(parts.status()), "unknown kid");

  std::string no_kid = HsToken(kSecret, R"({"alg":"HS256"})", Payload());
  parts = JwsVerify(set, no_kid);
  ASSERT_FALSE(parts.ok());
  EXPECT_THAT(Msg(parts.status()), HasSubstr("kid"));
}

TEST(Jws, RefusesTamperedPayload) {
  JwsKey key = HmacKey();
  absl::StatusOr<std::string> token = JwsSign(key, Payload());
  ASSERT_TRUE(token.ok());
  size_t dot1 = token->find('.');
  size_t dot2 = token->rfind('.');
  std::string tampered = token->substr(0, dot1 + 1) +
                         Base64UrlEncode(Payload(kNow + 999999)) +
                         token->substr(dot2);
  absl::StatusOr<JwsParts> parts = JwsVerify(SetOf(key), tampered);
  ASSERT_FALSE(parts.ok());
  EXPECT_TRUE(absl::IsUnauthenticated(parts.status()));
  EXPECT_EQ(Msg(parts.status()), "bad signature");
}

TEST(Jws, RefusesTamperedEdDsaSignature) {
  absl::StatusOr<JwsKey> key =
      JwsKey::Ed25519FromRawPrivate("ed-1", RandomBytes(32));
  ASSERT_TRUE(key.ok());
  absl::StatusOr<std::string> token = JwsSign(*key, Payload());
  ASSERT_TRUE(token.ok());
  size_t dot2 = token->rfind('.');
  std::string sig = *Base64UrlDecode(token->substr(dot2 + 1));
  sig[10] ^= 0x01;
  absl::StatusOr<JwsParts> parts =
      JwsVerify(SetOf(*key), token->substr(0, dot2 + 1) + Base64UrlEncode(sig));
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(Msg(parts.status()), "bad signature");
}

TEST(Jws, RefusesBadBase64) {
  JwsKey key = HmacKey();
  absl::StatusOr<std::string> token = JwsSign(key, Payload());
  ASSERT_TRUE(token.ok());
  JwsKeySet set = SetOf(key);
  for (std::string bad : {*token + "=", "*" + *token,
                          token->substr(0, token->find('.')) + "+." +
                              token->substr(token->find('.') + 1)}) {
    absl::StatusOr<JwsParts> parts = JwsVerify(set, bad);
    ASSERT_FALSE(parts.ok()) << bad;
    EXPECT_TRUE(absl::IsUnauthenticated(parts.status()));
    EXPECT_THAT(Msg(parts.status()), HasSubstr("malformed token"));
  }
}

TEST(Jws, RefusesWrongNumberOfSegments) {
  JwsKey key = HmacKey();
  absl::StatusOr<std::string> token = JwsSign(key, Payload());
  ASSERT_TRUE(token.ok());
  JwsKeySet set = SetOf(key);
  std::string two = token->substr(0, token->rfind('.'));
  for (std::string bad : {std::string(""), std::string("abc"), two,
                          *token + ".", *token + ".abc", two + ".." + "x"}) {
    absl::StatusOr<JwsParts> parts = JwsVerify(set, bad);
    ASSERT_FALSE(parts.ok()) << bad;
    EXPECT_THAT(Msg(parts.status()), HasSubstr("malformed token"));
  }
}

TEST(Jws, RefusesNonJsonHeaderAndPayload) {
  JwsKeySet set = SetOf(HmacKey());
  absl::StatusOr<JwsParts> parts =
      JwsVerify(set, HsToken(kSecret, "not json", Payload()));
  ASSERT_FALSE(parts.ok());
  EXPECT_THAT(Msg(parts.status()), HasSubstr("malformed token"));
  parts = JwsVerify(
      set, HsToken(kSecret, R"({"alg":"HS256","kid":"hs-1"})", "not json"));
  ASSERT_FALSE(parts.ok());
  EXPECT_THAT(Msg(parts.status()), HasSubstr("malformed token"));
}

TEST(Jws, AcceptsAtJwtTypeAndNoType) {
  JwsKey key = HmacKey();
  JwsKeySet set = SetOf(key);
  for (std::string_view typ :
       {"at+jwt", "AT+JWT", "application/at+jwt", "JWT", "jwt", ""}) {
    absl::StatusOr<std::string> token = JwsSign(key, Payload(), typ);
    ASSERT_TRUE(token.ok());
    EXPECT_TRUE(JwsVerify(set, *token).ok()) << typ;
  }
}

TEST(Jws, RefusesFooType) {
  JwsKey key = HmacKey();
  absl::StatusOr<std::string> token = JwsSign(key, Payload(), "foo");
  ASSERT_TRUE(token.ok());
  absl::StatusOr<JwsParts> parts = JwsVerify(SetOf(key), *token);
  ASSERT_FALSE(parts.ok());
  EXPECT_THAT(Msg(parts.status()), HasSubstr("type"));

  JwsVerifyOptions options;
  options.accepted_typ = {"foo"};
  EXPECT_TRUE(JwsVerify(SetOf(key), *token, options).ok());
}

TEST(Jws, RefusesCritHeader) {
  JwsKeySet set = SetOf(HmacKey());
  std::string token =
      HsToken(kSecret, R"({"alg":"HS256","kid":"hs-1","crit":["exp"],"exp":1})",
              Payload());
  absl::StatusOr<JwsParts> parts = JwsVerify(set, token);
  ASSERT_FALSE(parts.ok());
  EXPECT_THAT(Msg(parts.status()), HasSubstr("critical"));
}

TEST(Jws, VerifiesBothKeysDuringRotation) {
  absl::StatusOr<JwsKey> old_key =
      JwsKey::Ed25519FromRawPrivate("2024-01", RandomBytes(32));
  absl::StatusOr<JwsKey> new_key =
      JwsKey::Ed25519FromRawPrivate("2024-02", RandomBytes(32));
  ASSERT_TRUE(old_key.ok() && new_key.ok());
  JwsKeySet set;
  ASSERT_TRUE(set.Add(*old_key).ok());
  ASSERT_TRUE(set.Add(*new_key).ok());
  EXPECT_EQ(set.size(), 2u);
  absl::StatusOr<std::string> old_token = JwsSign(*old_key, Payload());
  absl::StatusOr<std::string> new_token = JwsSign(*new_key, Payload());
  ASSERT_TRUE(old_token.ok() && new_token.ok());
  EXPECT_TRUE(JwsVerify(set, *old_token).ok());
  EXPECT_TRUE(JwsVerify(set, *new_token).ok());

  // A token claiming the new kid but signed by the old key fails.
  absl::StatusOr<JwsKey> impostor =
      JwsKey::Ed25519FromRawPrivate("2024-02", RandomBytes(32));
  ASSERT_TRUE(impostor.ok());
  absl::StatusOr<std::string> forged = JwsSign(*impostor, Payload());
  ASSERT_TRUE(forged.ok());
  absl::StatusOr<JwsParts> parts = JwsVerify(set, *forged);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(Msg(parts.status()), "bad signature");
}

TEST(Jws, PublicOnlyKeyCannotSign) {
  PkeyPtr ec = GenEc();
  absl::StatusOr<JwsKey> key = JwsKey::FromJwk(EcPublicJwk(ec.get(), "ec-1"));
  ASSERT_TRUE(key.ok());
  absl::StatusOr<std::string> token = JwsSign(*key, Payload());
  EXPECT_TRUE(absl::IsFailedPrecondition(token.status()));
}

TEST(Jws, SignRefusesNonJsonPayload) {
  EXPECT_TRUE(absl::IsInvalidArgument(JwsSign(HmacKey(), "{oops").status()));
}

// ---------------------------------------------------------------------------

TEST(JwsKey, HmacRefusesShortSecretAndEmptyKid) {
  EXPECT_TRUE(absl::IsInvalidArgument(JwsKey::Hmac("k", "too short").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(JwsKey::Hmac("", kSecret).status()));
}

TEST(JwsKey, FromPemRefusesKeyOfOtherType) {
  PkeyPtr ec = GenEc();
  EXPECT_FALSE(JwsKey::FromPem("k", JwsAlg::kRs256, PrivatePem(ec.get())).ok());
  EXPECT_FALSE(JwsKey::FromPem("k", JwsAlg::kEdDsa, PublicPem(ec.get())).ok());
  EXPECT_FALSE(JwsKey::FromPem("k", JwsAlg::kEs256, "not a pem").ok());
}

TEST(JwsKey, FromJwkReadsOctKeyAndHonoursAlg) {
  std::string k = Base64UrlEncode(kSecret);
  absl::StatusOr<JwsKey> key = JwsKey::FromJwk(
      R"({"kty":"oct","kid":"hs-1","alg":"HS256","k":")" + k + R"("})");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->alg(), JwsAlg::kHs256);
  EXPECT_TRUE(key->can_sign());
  absl::StatusOr<std::string> token = JwsSign(HmacKey(), Payload());
  EXPECT_TRUE(JwsVerify(SetOf(*key), *token).ok());
  // An HMAC secret is never published.
  EXPECT_TRUE(absl::IsFailedPrecondition(key->PublicJwk().status()));
}

TEST(JwsKey, FromJwkRefusesAlgThatDoesNotMatchKeyType) {
  PkeyPtr rsa = GenRsa();
  std::string jwk = RsaPublicJwk(rsa.get(), "rsa-1");
  jwk.insert(1, R"("alg":"HS256",)");
  absl::StatusOr<JwsKey> key = JwsKey::FromJwk(jwk);
  EXPECT_TRUE(absl::IsInvalidArgument(key.status())) << key.status();
}

TEST(JwsKey, FromJwkRequiresKidAndValidMembers) {
  std::string k = Base64UrlEncode(kSecret);
  EXPECT_FALSE(JwsKey::FromJwk(R"({"kty":"oct","k":")" + k + R"("})").ok());
  EXPECT_FALSE(JwsKey::FromJwk("not json").ok());
  EXPECT_FALSE(JwsKey::FromJwk(R"({"kty":"EC","crv":"P-256","kid":"e",)"
                               R"("x":"AAAA","y":"AAAA"})")
                   .ok());
  // A point that is not on the curve.
  std::string zeros = Base64UrlEncode(std::string(32, '\x01'));
  EXPECT_FALSE(JwsKey::FromJwk(R"({"kty":"EC","crv":"P-256","kid":"e","x":")" +
                               zeros + R"(","y":")" + zeros + R"("})")
                   .ok());
}

TEST(JwsKey, FromJwkReadsPrivateOkpAndChecksPublicHalf) {
  std::string raw = RandomBytes(32);
  absl::StatusOr<JwsKey> signer = JwsKey::Ed25519FromRawPrivate("ed-1", raw);
  ASSERT_TRUE(signer.ok());
  std::string public_jwk = *signer->PublicJwk();

  std::string private_jwk = public_jwk;
  private_jwk.insert(1, R"("d":")" + Base64UrlEncode(raw) + R"(",)");
  absl::StatusOr<JwsKey> key = JwsKey::FromJwk(private_jwk);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_TRUE(key->can_sign());
  absl::StatusOr<std::string> token = JwsSign(*key, Payload());
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(JwsVerify(SetOf(*signer), *token).ok());

  // x belongs to another private key: refused.
  std::string mismatched = public_jwk;
  mismatched.insert(1, R"("d":")" + Base64UrlEncode(RandomBytes(32)) + R"(",)");
  EXPECT_TRUE(absl::IsInvalidArgument(JwsKey::FromJwk(mismatched).status()));
}

TEST(JwsKey, FromJwkReadsPrivateRsaKeyThatSigns) {
  PkeyPtr rsa = GenRsa();
  std::string jwk = RsaPublicJwk(rsa.get(), "rsa-1");
  std::string crt =
      R"("d":")" + BnB64(rsa.get(), OSSL_PKEY_PARAM_RSA_D) + R"(","p":")" +
      BnB64(rsa.get(), OSSL_PKEY_PARAM_RSA_FACTOR1) + R"(","q":")" +
      BnB64(rsa.get(), OSSL_PKEY_PARAM_RSA_FACTOR2) + R"(","dp":")" +
      BnB64(rsa.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1) + R"(","dq":")" +
      BnB64(rsa.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2) + R"(","qi":")" +
      BnB64(rsa.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1) + R"(",)";
  std::string private_jwk = jwk;
  private_jwk.insert(1, crt);
  absl::StatusOr<JwsKey> signer = JwsKey::FromJwk(private_jwk);
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_TRUE(signer->can_sign());
  absl::StatusOr<JwsKey> verifier = JwsKey::FromJwk(jwk);
  ASSERT_TRUE(verifier.ok());
  absl::StatusOr<std::string> token = JwsSign(*signer, Payload());
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_TRUE(JwsVerify(SetOf(*verifier), *token).ok());

  // Only some CRT members: refused.
  std::string partial = jwk;
  partial.insert(
      1, R"("d":")" + BnB64(rsa.get(), OSSL_PKEY_PARAM_RSA_D) + R"(","p":")" +
             BnB64(rsa.get(), OSSL_PKEY_PARAM_RSA_FACTOR1) + R"(",)");
  EXPECT_TRUE(absl::IsInvalidArgument(JwsKey::FromJwk(partial).status()));

  // d and the CRT members of another key: refused.
  PkeyPtr other = GenRsa();
  std::string foreign = jwk;
  foreign.insert(
      1, R"("d":")" + BnB64(other.get(), OSSL_PKEY_PARAM_RSA_D) + R"(","p":")" +
             BnB64(other.get(), OSSL_PKEY_PARAM_RSA_FACTOR1) + R"(","q":")" +
             BnB64(other.get(), OSSL_PKEY_PARAM_RSA_FACTOR2) + R"(","dp":")" +
             BnB64(other.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1) + R"(","dq":")" +
             BnB64(other.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2) + R"(","qi":")" +
             BnB64(other.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1) + R"(",)");
  EXPECT_TRUE(absl::IsInvalidArgument(JwsKey::FromJwk(foreign).status()));
}

TEST(JwsKey, FromJwkReadsPrivateEcKeyAndChecksPublicHalf) {
  PkeyPtr ec = GenEc();
  std::string jwk = EcPublicJwk(ec.get(), "ec-1");
  std::string private_jwk = jwk;
  private_jwk.insert(
      1, R"("d":")" + BnB64(ec.get(), OSSL_PKEY_PARAM_PRIV_KEY, 32) + R"(",)");
  absl::StatusOr<JwsKey> signer = JwsKey::FromJwk(private_jwk);
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_TRUE(signer->can_sign());
  absl::StatusOr<std::string> token = JwsSign(*signer, Payload());
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(JwsVerify(SetOf(*JwsKey::FromJwk(jwk)), *token).ok());

  PkeyPtr other = GenEc();
  std::string mismatched = jwk;
  mismatched.insert(
      1,
      R"("d":")" + BnB64(other.get(), OSSL_PKEY_PARAM_PRIV_KEY, 32) + R"(",)");
  EXPECT_TRUE(absl::IsInvalidArgument(JwsKey::FromJwk(mismatched).status()));
}

TEST(JwsKey, RefusesShortRsaKeys) {
  PkeyPtr rsa(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(1024)));
  ASSERT_NE(rsa, nullptr);
  EXPECT_FALSE(JwsKey::FromJwk(RsaPublicJwk(rsa.get(), "r")).ok());
  EXPECT_FALSE(
      JwsKey::FromPem("r", JwsAlg::kRs256, PrivatePem(rsa.get())).ok());
}

TEST(JwsKey, PublishesPublicJwkThatRoundTrips) {
  PkeyPtr rsa = GenRsa();
  PkeyPtr ec = GenEc();
  absl::StatusOr<JwsKey> rsa_key =
      JwsKey::FromPem("rsa-1", JwsAlg::kRs256, PrivatePem(rsa.get()));
  absl::StatusOr<JwsKey> ec_key =
      JwsKey::FromPem("ec-1", JwsAlg::kEs256, PrivatePem(ec.get()));
  ASSERT_TRUE(rsa_key.ok() && ec_key.ok());
  for (const JwsKey* signer : {&*rsa_key, &*ec_key}) {
    absl::StatusOr<std::string> jwk = signer->PublicJwk();
    ASSERT_TRUE(jwk.ok()) << jwk.status();
    EXPECT_THAT(*jwk, ::testing::Not(HasSubstr("\"d\"")));
    absl::StatusOr<JwsKey> verifier = JwsKey::FromJwk(*jwk);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    EXPECT_FALSE(verifier->can_sign());
    absl::StatusOr<std::string> token = JwsSign(*signer, Payload());
    ASSERT_TRUE(token.ok());
    EXPECT_TRUE(JwsVerify(SetOf(*verifier), *token).ok());
  }
}

TEST(JwsKeySet, RefusesDuplicateKid) {
  JwsKeySet set;
  ASSERT_TRUE(set.Add(HmacKey("same")).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(set.Add(HmacKey("same"))));
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(set.Find("other"), nullptr);
}

TEST(JwsKeySet, FromJwksSkipsUnsupportedKeysAndRefusesMalformedOnes) {
  PkeyPtr rsa = GenRsa();
  std::string rsa_jwk = RsaPublicJwk(rsa.get(), "rsa-1");
  std::string enc_jwk = RsaPublicJwk(rsa.get(), "rsa-enc");
  enc_jwk.insert(1, R"("use":"enc",)");
  std::string ps_jwk = RsaPublicJwk(rsa.get(), "rsa-ps");
  ps_jwk.insert(1, R"("alg":"PS256",)");
  absl::StatusOr<JwsKeySet> set = JwsKeySet::FromJwks(
      R"({"keys":[)" + rsa_jwk + "," + enc_jwk + "," + ps_jwk +
      R"(,{"kty":"OKP","crv":"X25519","kid":"x","x":"AAAA"}]})");
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->size(), 1u);
  EXPECT_NE(set->Find("rsa-1"), nullptr);

  EXPECT_FALSE(
      JwsKeySet::FromJwks(R"({"keys":[{"kty":"RSA","kid":"r"}]})").ok());
  EXPECT_FALSE(
      JwsKeySet::FromJwks(R"({"keys":[)" + rsa_jwk + "," + rsa_jwk + "]}")
          .ok());
  EXPECT_FALSE(JwsKeySet::FromJwks(R"({"nokeys":[]})").ok());
  EXPECT_FALSE(JwsKeySet::FromJwks("[").ok());
}

// ---------------------------------------------------------------------------

ClaimCheck Check() {
  ClaimCheck check;
  check.issuers = {"https://idp.example"};
  check.audience = "org-api";
  check.now = absl::FromUnixSeconds(kNow);
  return check;
}

TEST(Claims, AcceptsValidClaimsAndExtractsThem) {
  std::string payload =
      R"({"iss":"https://idp.example","sub":"user-1","aud":["x","org-api"],)"
      R"("exp":1700003600,"nbf":1699999000,"iat":1699999000.5,"jti":"j1",)"
      R"("scope":"org.read  org.write","email":"a@b.c","roles":["r1","r2"],)"
      R"("n":5,"mixed":["a",1]})";
  absl::StatusOr<JwtClaims> claims = CheckClaims(payload, Check());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->iss, "https://idp.example");
  EXPECT_EQ(claims->sub, "user-1");
  EXPECT_THAT(claims->aud, ::testing::ElementsAre("x", "org-api"));
  EXPECT_EQ(claims->exp, 1700003600);
  EXPECT_EQ(claims->nbf, 1699999000);
  EXPECT_EQ(claims->iat, 1699999000);
  EXPECT_EQ(claims->jti, "j1");
  EXPECT_EQ(claims->string_claims.at("email"), "a@b.c");
  EXPECT_EQ(claims->string_claims.count("sub"), 0u);
  EXPECT_THAT(claims->list_claims.at("scope"),
              ::testing::ElementsAre("org.read", "org.write"));
  EXPECT_THAT(claims->list_claims.at("roles"),
              ::testing::ElementsAre("r1", "r2"));
  EXPECT_EQ(claims->list_claims.count("mixed"), 0u);
}

TEST(Claims, ChecksExpiryWithSkew) {
  // Expired 30 s ago: inside the 60 s skew.
  EXPECT_TRUE(CheckClaims(Payload(kNow - 30), Check()).ok());
  absl::StatusOr<JwtClaims> claims = CheckClaims(Payload(kNow - 60), Check());
  ASSERT_FALSE(claims.ok());
  EXPECT_TRUE(absl::IsUnauthenticated(claims.status()));
  EXPECT_EQ(Msg(claims.status()), "token expired");
  ClaimCheck no_skew = Check();
  no_skew.skew = absl::ZeroDuration();
  EXPECT_EQ(Msg(CheckClaims(Payload(kNow), no_skew).status()), "token expired");
  EXPECT_TRUE(CheckClaims(Payload(kNow + 1), no_skew).ok());
}

TEST(Claims, RequiresExp) {
  absl::StatusOr<JwtClaims> claims =
      CheckClaims(R"({"iss":"https://idp.example","aud":"org-api"})", Check());
  ASSERT_FALSE(claims.ok());
  EXPECT_THAT(Msg(claims.status()), HasSubstr("malformed claims"));
  claims = CheckClaims(R"({"exp":"soon"})", Check());
  EXPECT_THAT(Msg(claims.status()), HasSubstr("malformed claims"));
  claims = CheckClaims("[1]", Check());
  EXPECT_THAT(Msg(claims.status()), HasSubstr("malformed claims"));
}

TEST(Claims, ChecksNotBeforeAndIssuedAtWithSkew) {
  auto with = [](const std::string& member, int64_t t) {
    return R"({"iss":"https://idp.example","aud":"org-api","exp":)" +
           std::to_string(kNow + 3600) + ",\"" + member +
           "\":" + std::to_string(t) + "}";
  };
  EXPECT_TRUE(CheckClaims(with("nbf", kNow + 60), Check()).ok());
  EXPECT_EQ(Msg(CheckClaims(with("nbf", kNow + 61), Check()).status()),
            "token not yet valid");
  EXPECT_TRUE(CheckClaims(with("iat", kNow + 60), Check()).ok());
  EXPECT_EQ(Msg(CheckClaims(with("iat", kNow + 61), Check()).status()),
            "token not yet valid");
}

TEST(Claims, ChecksAudience) {
  ClaimCheck check = Check();
  check.audience = "billing-api";
  EXPECT_EQ(Msg(CheckClaims(Payload(), check).status()), "wrong audience");
  std::string no_aud = R"({"iss":"https://idp.example","exp":)" +
                       std::to_string(kNow + 60) + "}";
  EXPECT_EQ(Msg(CheckClaims(no_aud, check).status()), "wrong audience");
  check.audience = "";
  EXPECT_TRUE(CheckClaims(no_aud, check).ok());
}

TEST(Claims, ChecksIssuer) {
  ClaimCheck check = Check();
  check.issuers = {"https://other.example", "https://third.example"};
  EXPECT_EQ(Msg(CheckClaims(Payload(), check).status()), "wrong issuer");
  check.issuers.push_back("https://idp.example");
  EXPECT_TRUE(CheckClaims(Payload(), check).ok());
  std::string no_iss =
      R"({"aud":"org-api","exp":)" + std::to_string(kNow + 60) + "}";
  EXPECT_EQ(Msg(CheckClaims(no_iss, check).status()), "wrong issuer");
}

TEST(Claims, VerifiedTokenFlowsIntoClaimCheck) {
  JwsKey key = HmacKey();
  absl::StatusOr<std::string> token = JwsSign(key, Payload(), "at+jwt");
  ASSERT_TRUE(token.ok());
  absl::StatusOr<JwsParts> parts = JwsVerify(SetOf(key), *token);
  ASSERT_TRUE(parts.ok());
  absl::StatusOr<JwtClaims> claims = CheckClaims(parts->payload_json, Check());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->sub, "user-1");
}

}  // namespace
}  // namespace sisker::common
