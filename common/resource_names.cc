// Resource id rules and name parsing.
#include "common/resource_names.h"

#include <openssl/rand.h>

#include "absl/strings/str_split.h"

namespace sisker::common {

bool IsValidResourceId(const std::string& id) {
  if (id.size() < 3 || id.size() > 40) return false;
  if (id.front() < 'a' || id.front() > 'z' || id.back() == '-') return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && id[i - 1] == '-')) return false;
  }
  return true;
}

std::string NewResourceId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[12];
  RAND_bytes(bytes, sizeof(bytes));
  std::string id;
  id.push_back(kAlphabet[bytes[0] % 26]);
  for (size_t i = 1; i < sizeof(bytes); ++i)
    id.push_back(kAlphabet[bytes[i] % 36]);
  return id;
}

std::optional<std::vector<std::string>> ParseName(
    const std::string& name, const std::vector<std::string>& collections) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  if (parts.size() != collections.size() * 2) return std::nullopt;
  std::vector<std::string> ids;
  for (size_t i = 0; i < collections.size(); ++i) {
    if (parts[2 * i] != collections[i]) return std::nullopt;
    if (!IsValidResourceId(parts[2 * i + 1])) return std::nullopt;
    ids.push_back(parts[2 * i + 1]);
  }
  return ids;
}

}  // namespace sisker::common
