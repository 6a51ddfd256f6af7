// SHA-256 as lower-case hex (OpenSSL EVP): migration checksums, attachment
// and letter content hashes, token cache keys.
#ifndef SISKER_COMMON_SHA256_H_
#define SISKER_COMMON_SHA256_H_

#include <string>
#include <string_view>

namespace sisker::common {

// "" only if OpenSSL fails.
std::string Sha256Hex(std::string_view bytes);

}  // namespace sisker::common

#endif  // SISKER_COMMON_SHA256_H_
