// Attachments (scanned letters, evidence) kept in the owning service's
// schema (ARCHITECTURE.md 6): size and type limits, a magic-byte check of
// the declared type, and the SHA-256 of the content. Table `attachments`
// comes with the platform migrations (common/migrations/002_attachments.sql).
#ifndef SISKER_COMMON_ATTACHMENTS_H_
#define SISKER_COMMON_ATTACHMENTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg_transaction.h"
#include "common/sha256.h"  // Sha256Hex, the content hash

namespace sisker::common {

struct AttachmentLimits {
  int64_t max_bytes = 10 * 1024 * 1024;
  // Compared exactly (write them lower-case). Content of application/pdf,
  // image/jpeg and image/png must start with its format's magic bytes;
  // other types allowed here are taken as declared.
  std::vector<std::string> media_types = {"application/pdf", "image/jpeg",
                                          "image/png"};
};

struct NewAttachment {
  std::string instansi_id;
  // The resource it belongs to, e.g. "instansi/kampar/externalParticipants/x".
  std::string owner_name;
  // What it is for: a short machine word, [a-z_]{1,40}, e.g. "evidence".
  std::string purpose;
  // As uploaded (never used as a path): 1-255 bytes of UTF-8 without '/',
  // '\' or control characters.
  std::string filename;
  std::string media_type;
  std::string content;      // binary
  std::string uploaded_by;  // the subject of the uploader
};

// An attachment without its content.
struct AttachmentInfo {
  std::string id;  // UUID
  std::string instansi_id;
  std::string owner_name;
  std::string purpose;
  std::string filename;
  std::string media_type;
  std::string sha256;  // lower-case hex
  int64_t size_bytes = 0;
  absl::Time created_at;
};

// OK, or INVALID_ARGUMENT (INVALID_FIELDS) naming every bad field of `a`
// ("content", "media_type", "filename", "purpose", "instansi_id",
// "owner_name", "uploaded_by"). No database.
absl::Status ValidateAttachment(const NewAttachment& a,
                                const AttachmentLimits& limits);

// The functions below join the caller's transaction (the caller writes its
// history row / event in the same one) and throw what libpqxx throws;
// RunTransaction classifies it.

// Validates `a` (see ValidateAttachment; nothing is written when invalid),
// then stores it.
absl::StatusOr<AttachmentInfo> StoreAttachment(
    Tx& tx, const NewAttachment& a, const AttachmentLimits& limits = {});

// One owner's attachments without content, oldest first.
absl::StatusOr<std::vector<AttachmentInfo>> ListAttachments(
    Tx& tx, const std::string& instansi_id, const std::string& owner_name);

// One attachment and its content. NOT_FOUND when there is none with this id
// in `instansi_id` (an attachment of another instansi is not found either;
// so is a malformed id).
absl::StatusOr<std::pair<AttachmentInfo, std::string>> GetAttachment(
    Tx& tx, const std::string& instansi_id, const std::string& id);

}  // namespace sisker::common

#endif  // SISKER_COMMON_ATTACHMENTS_H_
