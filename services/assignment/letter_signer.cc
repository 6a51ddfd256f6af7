#include "services/assignment/letter_signer.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cstdio>

#include "absl/time/clock.h"
#include "common/sha256.h"

namespace sisker::assignment {
namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

absl::StatusOr<KeyPtr> NewKey() {
  EVP_PKEY* key = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_keygen(ctx.get(), &key) != 1) {
    return absl::InternalError("Ed25519 key generation failed");
  }
  return KeyPtr(key, &EVP_PKEY_free);
}

absl::StatusOr<KeyPtr> LoadOrCreate(const std::string& path) {
  if (path.empty()) return NewKey();
  if (FILE* f = std::fopen(path.c_str(), "r")) {
    EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (key == nullptr || EVP_PKEY_id(key) != EVP_PKEY_ED25519) {
      EVP_PKEY_free(key);
      return absl::FailedPreconditionError(path +
                                           " holds no Ed25519 private key");
    }
    return KeyPtr(key, &EVP_PKEY_free);
  }
  auto key = NewKey();
  if (!key.ok()) return key.status();
  const mode_t old_mask = umask(077);
  FILE* f = std::fopen(path.c_str(), "w");
  umask(old_mask);
  if (f == nullptr)
    return absl::FailedPreconditionError("cannot write " + path);
  const bool written = PEM_write_PrivateKey(f, key->get(), nullptr, nullptr, 0,
                                            nullptr, nullptr) == 1;
  std::fclose(f);
  if (!written) return absl::InternalError("cannot write " + path);
  return key;
}

class DevSigner : public LetterSigner {
 public:
  explicit DevSigner(KeyPtr key) : key_(std::move(key)) {
    unsigned char pub[32];
    size_t len = sizeof(pub);
    EVP_PKEY_get_raw_public_key(key_.get(), pub, &len);
    key_id_ =
        common::Sha256Hex(std::string(reinterpret_cast<const char*>(pub), len))
            .substr(0, 16);
  }

  absl::StatusOr<sisker::v1::LetterSignature> Sign(
      const SignatureRequest& request) override {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(
        EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned char sig[64];
    size_t len = sizeof(sig);
    const auto* msg =
        reinterpret_cast<const unsigned char*>(request.content_sha256.data());
    if (!ctx ||
        EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) !=
            1 ||
        EVP_DigestSign(ctx.get(), sig, &len, msg,
                       request.content_sha256.size()) != 1) {
      return absl::InternalError("Ed25519 signing failed");
    }
    sisker::v1::LetterSignature out;
    out.set_provider("dev-ed25519");
    out.set_key_id(key_id_);
    out.set_signature(std::string(reinterpret_cast<char*>(sig), len));
    out.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    return out;
  }

  bool Verify(const std::string& content_sha256,
              const sisker::v1::LetterSignature& s) const override {
    if (s.provider() != "dev-ed25519" || s.key_id() != key_id_) return false;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(
        EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    return ctx &&
           EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr,
                                key_.get()) == 1 &&
           EVP_DigestVerify(
               ctx.get(),
               reinterpret_cast<const unsigned char*>(s.signature().data()),
               s.signature().size(),
               reinterpret_cast<const unsigned char*>(content_sha256.data()),
               content_sha256.size()) == 1;
  }

 private:
  KeyPtr key_;
  std::string key_id_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<LetterSigner>> MakeDevSigner(
    const std::string& key_path) {
  auto key = LoadOrCreate(key_path);
  if (!key.ok()) return key.status();
  return std::unique_ptr<LetterSigner>(new DevSigner(*std::move(key)));
}

}  // namespace sisker::assignment
