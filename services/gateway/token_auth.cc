#include "services/gateway/token_auth.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"

namespace sisker::gateway {
namespace {

absl::Status Unauthenticated(std::string_view why) {
  return common::MakeError(absl::StatusCode::kUnauthenticated, "INVALID_TOKEN",
                           std::string(why),
                           "Token tidak sah atau kedaluwarsa.");
}

}  // namespace

absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::Create(
    TokenOptions options) {
  std::unique_ptr<TokenVerifier> verifier(new TokenVerifier(options));
  auto keys = common::LoadKeySet(options.keys_path);
  if (!keys.ok()) return keys.status();
  absl::MutexLock lock(&verifier->mu_);
  verifier->keys_ = *std::move(keys);
  std::error_code ec;
  verifier->loaded_mtime_ =
      std::filesystem::last_write_time(options.keys_path, ec);
  return verifier;
}

void TokenVerifier::MaybeReload(absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (now < next_check_) return;
  next_check_ = now + options_.reload_check;
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(options_.keys_path, ec);
  if (ec || mtime == loaded_mtime_) return;
  auto keys = common::LoadKeySet(options_.keys_path);
  if (!keys.ok()) {
    // Keep serving with the keys we have; say why once per change.
    common::Log(common::LogLevel::kWarning, "token keys not reloaded",
                {{"error", std::string(keys.status().message())}});
  } else {
    keys_ = *std::move(keys);
    common::Log(common::LogLevel::kInfo, "token keys reloaded",
                {{"keys", static_cast<int64_t>(keys_.size())}});
  }
  loaded_mtime_ = mtime;
}

absl::StatusOr<common::Principal> TokenVerifier::Verify(std::string_view token,
                                                        absl::Time now) {
  MaybeReload(now);
  absl::StatusOr<common::JwsParts> parts;
  {
    absl::MutexLock lock(&mu_);
    parts = common::JwsVerify(keys_, token);
  }
  if (!parts.ok())
    return Unauthenticated(std::string(parts.status().message()));
  auto claims = common::CheckClaims(
      parts->payload_json,
      {options_.issuers, options_.audience, now, options_.skew});
  if (!claims.ok())
    return Unauthenticated(std::string(claims.status().message()));
  common::Principal principal;
  principal.subject = claims->sub;
  if (principal.subject.empty()) return Unauthenticated("no sub claim");
  if (auto it = claims->string_claims.find(kInstansiClaim);
      it != claims->string_claims.end()) {
    principal.instansi_id = it->second;
  }
  auto client = claims->string_claims.find("client_id");
  if (client != claims->string_claims.end() && client->second == claims->sub) {
    principal.kind = common::Principal::Kind::kService;
    if (auto it = claims->list_claims.find("scope");
        it != claims->list_claims.end()) {
      principal.scopes = it->second;
    }
  } else if (principal.instansi_id.empty()) {
    return Unauthenticated(
        absl::StrCat("a person's token needs the ", kInstansiClaim, " claim"));
  }
  return principal;
}

}  // namespace sisker::gateway
