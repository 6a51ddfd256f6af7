// The electronic signature of a letter's content (DOMAIN.md 3.2: the
// signing official signs with their own credentials). In production this is
// the national signing service (BSrE, Balai Sertifikasi Elektronik): its
// adapter implements LetterSigner with the official's NIK and passphrase.
// Development and tests use the Ed25519 signer below. No gRPC, no SQL.
#ifndef SISKER_SERVICES_ASSIGNMENT_LETTER_SIGNER_H_
#define SISKER_SERVICES_ASSIGNMENT_LETTER_SIGNER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "sisker/v1/assignment.pb.h"

namespace sisker::assignment {

struct SignatureRequest {
  // The official (`instansi/{i}/pegawai/{p}`) and their name.
  std::string signer;
  std::string signer_name;
  // What is signed: the letter's content hash (lower-case hex SHA-256).
  std::string content_sha256;
  // The official's passphrase for the signing service; never stored.
  std::string passphrase;
};

class LetterSigner {
 public:
  virtual ~LetterSigner() = default;
  // UNAUTHENTICATED when the signing service refuses the credentials,
  // UNAVAILABLE when it cannot be reached.
  virtual absl::StatusOr<sisker::v1::LetterSignature> Sign(
      const SignatureRequest& request) = 0;
  // Whether `signature` is this provider's valid signature of the hash.
  virtual bool Verify(const std::string& content_sha256,
                      const sisker::v1::LetterSignature& signature) const = 0;
};

// Ed25519 with a key kept in `key_path` (PEM, PKCS#8; created with mode
// 0600 when missing). An empty path keeps a fresh key in memory (tests).
// Provider "dev-ed25519"; key_id: the first 16 hex digits of the SHA-256 of
// the public key. Letters signed with earlier keys still verify when their
// public keys (PEM) are in `retired_dir` (rotation: write the old key's
// public part there with WriteDevPublicKey, then remove the private key).
absl::StatusOr<std::unique_ptr<LetterSigner>> MakeDevSigner(
    const std::string& key_path, const std::string& retired_dir = "");

// Writes the public part of the key in `key_path` to `public_path` (PEM).
absl::Status WriteDevPublicKey(const std::string& key_path,
                               const std::string& public_path);

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_LETTER_SIGNER_H_
