// Attachments: validation, storage and reads of table `attachments`.
#include "common/attachments.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "common/sha256.h"

namespace sisker::common {
namespace {

constexpr size_t kMaxFilenameBytes = 255;
constexpr size_t kMaxPurposeLength = 40;

// The leading bytes of each format we can recognise.
struct Magic {
  std::string_view media_type;
  std::string_view prefix;
};
constexpr Magic kMagics[] = {
    {"application/pdf", "%PDF-"},
    {"image/jpeg", "\xFF\xD8\xFF"},
    {"image/png", "\x89PNG\r\n\x1A\n"},
};

// Code points a file name must not hold: C0 and C1 controls, DEL, and the
// bidirectional controls that make a shown name read differently from what
// it is ("invoice\u202Efdp.exe").
bool IsForbiddenCodePoint(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E ||
         c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

// Decodes the UTF-8 sequence at `s[i]`, advancing `i`; false when malformed
// (truncated, overlong, a surrogate or beyond U+10FFFF).
bool NextCodePoint(std::string_view s, size_t& i, char32_t& out) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    out = b0;
    ++i;
    return true;
  }
  size_t extra;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    out = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    out = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    out = b0 & 0x07;
    min = 0x10000;
  } else {
    return false;
  }
  if (s.size() - i <= extra) return false;  // truncated
  for (size_t k = 1; k <= extra; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return false;
    out = (out << 6) | (b & 0x3F);
  }
  if (out < min || out > 0x10FFFF || (out >= 0xD800 && out <= 0xDFFF)) {
    return false;
  }
  i += extra + 1;
  return true;
}

void CheckFilename(std::string_view name, FieldErrors& errors) {
  if (name.empty()) {
    errors.Add("filename", "must not be empty");
    return;
  }
  if (name.size() > kMaxFilenameBytes) {
    errors.Add("filename", absl::StrCat("must be at most ", kMaxFilenameBytes,
                                        " bytes long"));
    return;
  }
  for (size_t i = 0; i < name.size();) {
    char32_t c;
    if (!NextCodePoint(name, i, c)) {
      errors.Add("filename", "must be valid UTF-8");
      return;
    }
    if (c == '/' || c == '\\') {
      errors.Add("filename", "must not contain '/' or '\\'");
      return;
    }
    if (IsForbiddenCodePoint(c)) {
      errors.Add("filename", "must not contain control characters");
      return;
    }
  }
}

void CheckPurpose(std::string_view purpose, FieldErrors& errors) {
  const bool fine = !purpose.empty() && purpose.size() <= kMaxPurposeLength &&
                    std::all_of(purpose.begin(), purpose.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || c == '_';
                    });
  if (!fine) {
    errors.Add("purpose",
               absl::StrCat("must be 1-", kMaxPurposeLength,
                            " lower-case letters or '_', e.g. \"evidence\""));
  }
}

void CheckContent(const NewAttachment& a, const AttachmentLimits& limits,
                  bool media_type_allowed, FieldErrors& errors) {
  if (a.content.empty()) {
    errors.Add("content", "must not be empty");
    return;
  }
  if (static_cast<int64_t>(a.content.size()) > limits.max_bytes) {
    errors.Add("content",
               absl::StrCat("is ", a.content.size(), " bytes; at most ",
                            limits.max_bytes, " bytes are allowed"));
    return;
  }
  if (!media_type_allowed) return;
  for (const Magic& m : kMagics) {
    if (m.media_type != a.media_type) continue;
    if (a.content.compare(0, m.prefix.size(), m.prefix) != 0) {
      errors.Add("content", absl::StrCat("is not a ", a.media_type,
                                         " file (its first bytes do not "
                                         "match the declared media_type)"));
    }
  }
}

bool IsUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// The metadata columns, in the order ReadInfo expects.
constexpr char kInfoColumns[] =
    "id::text, instansi_id, owner_name, purpose, filename, media_type, "
    "sha256, size_bytes, (extract(epoch FROM created_at) * 1000000)::bigint";

AttachmentInfo ReadInfo(const pqxx::row& r) {
  AttachmentInfo info;
  info.id = r[0].as<std::string>();
  info.instansi_id = r[1].as<std::string>();
  info.owner_name = r[2].as<std::string>();
  info.purpose = r[3].as<std::string>();
  info.filename = r[4].as<std::string>();
  info.media_type = r[5].as<std::string>();
  info.sha256 = r[6].as<std::string>();
  info.size_bytes = r[7].as<int64_t>();
  info.created_at = absl::FromUnixMicros(r[8].as<int64_t>());
  return info;
}

}  // namespace

absl::Status ValidateAttachment(const NewAttachment& a,
                                const AttachmentLimits& limits) {
  FieldErrors errors;
  const bool media_type_allowed =
      std::find(limits.media_types.begin(), limits.media_types.end(),
                a.media_type) != limits.media_types.end();
  CheckContent(a, limits, media_type_allowed, errors);
  if (!media_type_allowed) {
    errors.Add("media_type",
               absl::StrCat("must be one of ",
                            absl::StrJoin(limits.media_types, ", ")));
  }
  CheckFilename(a.filename, errors);
  CheckPurpose(a.purpose, errors);
  if (a.instansi_id.empty()) errors.Add("instansi_id", "must not be empty");
  if (a.owner_name.empty()) errors.Add("owner_name", "must not be empty");
  if (a.uploaded_by.empty()) errors.Add("uploaded_by", "must not be empty");
  return errors.ToStatus();
}

absl::StatusOr<AttachmentInfo> StoreAttachment(Tx& tx, const NewAttachment& a,
                                               const AttachmentLimits& limits) {
  if (absl::Status s = ValidateAttachment(a, limits); !s.ok()) return s;
  AttachmentInfo info;
  info.sha256 = Sha256Hex(a.content);
  if (info.sha256.empty()) {
    return absl::InternalError("SHA-256 of the attachment failed");
  }
  info.instansi_id = a.instansi_id;
  info.owner_name = a.owner_name;
  info.purpose = a.purpose;
  info.filename = a.filename;
  info.media_type = a.media_type;
  info.size_bytes = static_cast<int64_t>(a.content.size());
  auto rows = tx.exec_params(
      "INSERT INTO attachments (instansi_id, owner_name, purpose, filename, "
      "media_type, size_bytes, sha256, content, uploaded_by) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "RETURNING id::text, (extract(epoch FROM created_at) * 1000000)::bigint",
      a.instansi_id, a.owner_name, a.purpose, a.filename, a.media_type,
      info.size_bytes, info.sha256, pqxx::binarystring(a.content),
      a.uploaded_by);
  info.id = rows[0][0].as<std::string>();
  info.created_at = absl::FromUnixMicros(rows[0][1].as<int64_t>());
  return info;
}

absl::StatusOr<std::vector<AttachmentInfo>> ListAttachments(
    Tx& tx, const std::string& instansi_id, const std::string& owner_name) {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kInfoColumns,
                   " FROM attachments WHERE instansi_id = $1 AND "
                   "owner_name = $2 ORDER BY created_at, seq"),
      instansi_id, owner_name);
  std::vector<AttachmentInfo> infos;
  infos.reserve(rows.size());
  for (const auto& r : rows) infos.push_back(ReadInfo(r));
  return infos;
}

absl::StatusOr<std::pair<AttachmentInfo, std::string>> GetAttachment(
    Tx& tx, const std::string& instansi_id, const std::string& id) {
  const std::string name = absl::StrCat("attachments/", id);
  // A malformed id would fail the ::uuid cast and abort the transaction.
  if (!IsUuid(id)) return NotFound(name);
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kInfoColumns,
                   ", content FROM attachments WHERE id = $1::uuid AND "
                   "instansi_id = $2"),
      id, instansi_id);
  if (rows.empty()) return NotFound(name);
  pqxx::binarystring content(rows[0][9]);
  return std::make_pair(ReadInfo(rows[0]), content.str());
}

}  // namespace sisker::common
