// HMAC-signed page tokens.
#include "common/page_token.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"

namespace sisker::common {
namespace {

absl::Status BadToken() {
  return InvalidFields({{"page_token", "invalid or from another query"}});
}

}  // namespace

std::string PageTokens::Mac(const std::string& query,
                            const std::string& cursor) const {
  const std::string message = absl::StrCat(query.size(), ":", query, cursor);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       out, &len);
  return std::string(reinterpret_cast<char*>(out), 16);
}

std::string PageTokens::Encode(const std::string& query,
                               const std::string& cursor) const {
  return absl::WebSafeBase64Escape(absl::StrCat(Mac(query, cursor), cursor));
}

absl::StatusOr<std::string> PageTokens::Decode(const std::string& query,
                                               const std::string& token) const {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < 16) {
    return BadToken();
  }
  std::string cursor = raw.substr(16);
  std::string mac = Mac(query, cursor);
  if (CRYPTO_memcmp(mac.data(), raw.data(), 16) != 0) return BadToken();
  return cursor;
}

absl::StatusOr<int> EffectivePageSize(int requested, PageSize limits) {
  if (requested < 0) {
    return InvalidFields({{"page_size", "must not be negative"}});
  }
  if (requested == 0) return limits.default_size;
  return std::min(requested, limits.max_size);
}

absl::StatusOr<int> DecodeOffset(const PageTokens& tokens,
                                 const std::string& query,
                                 const std::string& token) {
  if (token.empty()) return 0;
  ASSIGN_OR_RETURN(std::string cursor, tokens.Decode(query, token));
  int offset = 0;
  if (!absl::SimpleAtoi(cursor, &offset) || offset < 0)
    return InvalidFields({{"page_token", "not a token of this list"}});
  return offset;
}

}  // namespace sisker::common
