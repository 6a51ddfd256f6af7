// Principal assertions: mint, verify, and the per-call guard.
#include "common/principal.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "nlohmann/json.hpp"

namespace sisker::common {
namespace {

absl::Status Unauthenticated(std::string why) {
  return MakeError(absl::StatusCode::kUnauthenticated, "INVALID_PRINCIPAL",
                   absl::StrCat("principal assertion rejected: ", why),
                   "Identitas pemanggil tidak sah atau kedaluwarsa.");
}

}  // namespace

bool Principal::HasScope(std::string_view scope) const {
  for (const auto& s : scopes) {
    if (s == scope) return true;
  }
  return false;
}

std::string Principal::ToString() const {
  return absl::StrCat(kind == Kind::kPerson ? "person:" : "service:", subject,
                      "@", instansi_id.empty() ? "-" : instansi_id);
}

absl::StatusOr<std::string> AssertionSigner::Mint(
    const Principal& principal, const std::string& audience, absl::Time now,
    absl::Duration lifetime) const {
  nlohmann::json claims = {
      {"iss", issuer_},
      {"sub", principal.subject},
      {"aud", audience},
      {"iat", absl::ToUnixSeconds(now)},
      {"exp", absl::ToUnixSeconds(now + lifetime)},
      {"ins", principal.instansi_id},
      {"knd",
       principal.kind == Principal::Kind::kPerson ? "person" : "service"},
      {"scp", principal.scopes},
  };
  return JwsSign(key_, claims.dump(), "JWT");
}

absl::StatusOr<Principal> Authenticator::Verify(std::string_view assertion,
                                                absl::Time now) const {
  if (assertion.empty()) return Unauthenticated("missing");
  auto parts = JwsVerify(keys_, assertion);
  if (!parts.ok())
    return Unauthenticated(std::string(parts.status().message()));
  auto claims =
      CheckClaims(parts->payload_json, ClaimCheck{issuers_, audience_, now});
  if (!claims.ok()) {
    return Unauthenticated(std::string(claims.status().message()));
  }
  Principal principal;
  principal.subject = claims->sub;
  if (principal.subject.empty()) return Unauthenticated("no subject");
  if (auto it = claims->string_claims.find("ins");
      it != claims->string_claims.end()) {
    principal.instansi_id = it->second;
  }
  auto kind = claims->string_claims.find("knd");
  if (kind == claims->string_claims.end()) return Unauthenticated("no kind");
  if (kind->second == "person") {
    principal.kind = Principal::Kind::kPerson;
  } else if (kind->second == "service") {
    principal.kind = Principal::Kind::kService;
  } else {
    return Unauthenticated("unknown kind");
  }
  if (auto it = claims->list_claims.find("scp");
      it != claims->list_claims.end()) {
    principal.scopes = it->second;
  }
  return principal;
}

void Authenticator::Remember(const grpc::ServerContextBase* call,
                             absl::StatusOr<Principal> result) {
  absl::MutexLock lock(&mu_);
  calls_.insert_or_assign(call, std::move(result));
}

void Authenticator::Forget(const grpc::ServerContextBase* call) {
  absl::MutexLock lock(&mu_);
  calls_.erase(call);
}

absl::StatusOr<Principal> Authenticator::Require(
    const grpc::ServerContext& context) const {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = calls_.find(&context); it != calls_.end()) return it->second;
  }
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kPrincipalMetadata);
  if (it == metadata.end()) return Unauthenticated("missing");
  return Verify(std::string_view(it->second.data(), it->second.size()));
}

absl::StatusOr<JwsKeySet> LoadKeySet(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read key set ", path));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto keys = JwsKeySet::FromJwks(buffer.str());
  if (!keys.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad key set ", path, ": ", keys.status().message()));
  }
  return keys;
}

}  // namespace sisker::common
