#include "services/assignment/letter_signer.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <map>

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

std::string KeyIdOf(EVP_PKEY* key) {
  unsigned char pub[32];
  size_t len = sizeof(pub);
  EVP_PKEY_get_raw_public_key(key, pub, &len);
  return common::Sha256Hex(std::string(reinterpret_cast<const char*>(pub), len))
      .substr(0, 16);
}

bool VerifyWith(EVP_PKEY* key, const std::string& message,
                const std::string& signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  return ctx &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1 &&
         EVP_DigestVerify(
             ctx.get(),
             reinterpret_cast<const unsigned char*>(signature.data()),
             signature.size(),
             reinterpret_cast<const unsigned char*>(message.data()),
             message.size()) == 1;
}

class DevSigner : public LetterSigner {
 public:
  DevSigner(KeyPtr key, std::map<std::string, KeyPtr> retired)
      : key_(std::move(key)),
        key_id_(KeyIdOf(key_.get())),
        retired_(std::move(retired)) {}

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
    if (s.provider() != "dev-ed25519") return false;
    if (s.key_id() == key_id_)
      return VerifyWith(key_.get(), content_sha256, s.signature());
    auto old = retired_.find(s.key_id());
    return old != retired_.end() &&
           VerifyWith(old->second.get(), content_sha256, s.signature());
  }

 private:
  KeyPtr key_;
  std::string key_id_;
  std::map<std::string, KeyPtr> retired_;  // by key_id
};

// Every Ed25519 public key (PEM) in `dir`, by key_id.
absl::StatusOr<std::map<std::string, KeyPtr>> RetiredKeys(
    const std::string& dir) {
  std::map<std::string, KeyPtr> keys;
  if (dir.empty() || !std::filesystem::is_directory(dir)) return keys;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    FILE* f = std::fopen(entry.path().c_str(), "r");
    if (f == nullptr) continue;
    EVP_PKEY* key = PEM_read_PUBKEY(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (key == nullptr || EVP_PKEY_id(key) != EVP_PKEY_ED25519) {
      EVP_PKEY_free(key);
      return absl::FailedPreconditionError(entry.path().string() +
                                           " holds no Ed25519 public key");
    }
    std::string id = KeyIdOf(key);
    keys.emplace(std::move(id), KeyPtr(key, &EVP_PKEY_free));
  }
  return keys;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LetterSigner>> MakeDevSigner(
    const std::string& key_path, const std::string& retired_dir) {
  auto key = LoadOrCreate(key_path);
  if (!key.ok()) return key.status();
  auto retired = RetiredKeys(retired_dir);
  if (!retired.ok()) return retired.status();
  return std::unique_ptr<LetterSigner>(
      new DevSigner(*std::move(key), *std::move(retired)));
}

absl::Status WriteDevPublicKey(const std::string& key_path,
                               const std::string& public_path) {
  if (key_path.empty()) return absl::InvalidArgumentError("no key file");
  auto key = LoadOrCreate(key_path);
  if (!key.ok()) return key.status();
  FILE* f = std::fopen(public_path.c_str(), "w");
  if (f == nullptr) {
    return absl::FailedPreconditionError("cannot write " + public_path);
  }
  const bool written = PEM_write_PUBKEY(f, key->get()) == 1;
  std::fclose(f);
  return written ? absl::OkStatus()
                 : absl::InternalError("cannot write " + public_path);
}

}  // namespace sisker::assignment
