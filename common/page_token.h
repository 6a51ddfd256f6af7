// Opaque, signed page tokens bound to the query that made them (AIP-158):
// a token from another query, or a forged one, is INVALID_ARGUMENT.
#ifndef SISKER_COMMON_PAGE_TOKEN_H_
#define SISKER_COMMON_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"

namespace sisker::common {

class PageTokens {
 public:
  // `secret` signs the tokens (HMAC-SHA256); at least 16 bytes.
  explicit PageTokens(std::string secret) : secret_(std::move(secret)) {}

  // `query` is a canonical description of the request without paging
  // (e.g. parent, filters, as_of); `cursor` is where the next page starts.
  std::string Encode(const std::string& query, const std::string& cursor) const;
  absl::StatusOr<std::string> Decode(const std::string& query,
                                     const std::string& token) const;

 private:
  std::string Mac(const std::string& query, const std::string& cursor) const;
  std::string secret_;
};

struct PageSize {
  int default_size;
  int max_size;
};
// The effective page size: default for 0, capped at max; a negative size is
// INVALID_ARGUMENT naming page_size.
absl::StatusOr<int> EffectivePageSize(int requested, PageSize limits);

// Offset paging: the offset a page token carries (0 without one);
// INVALID_ARGUMENT naming page_token for a token of another list.
absl::StatusOr<int> DecodeOffset(const PageTokens& tokens,
                                 const std::string& query,
                                 const std::string& token);

}  // namespace sisker::common

#endif  // SISKER_COMMON_PAGE_TOKEN_H_
