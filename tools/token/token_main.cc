// sisker-token: development bearer tokens for the gateway (never for
// production: the development identity provider's HS256 key signs them).
//   sisker-token --nip=<NIP>                       a pegawai of a demo instansi
//   sisker-token --service=NAME --scope="a b" [--instansi=ID]   a machine
// For a pegawai without an identity-provider subject yet, it links
// "nip-<NIP>" through the org service (as the bootstrap administrator, so
// the link has its history row) before minting.
#include <grpcpp/grpcpp.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/config.h"
#include "common/jose.h"
#include "common/principal.h"
#include "sisker/v1/org.grpc.pb.h"

namespace {

namespace v1 = ::sisker::v1;

int Fail(const std::string& what) {
  std::fprintf(stderr, "sisker-token: %s\n", what.c_str());
  return 1;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  sisker::common::Config config;
  config.AddString("nip", "", "NIP of the pegawai");
  config.AddString("service", "", "machine client id (client credentials)");
  config.AddString("scope", "", "space-separated scopes of a machine token");
  config.AddString("instansi", "", "instansi of a machine token (optional)");
  config.AddString("org", "127.0.0.1:50051", "org service address");
  config.AddString("assertion_keys", "var/keys/assertion.jwks",
                   "JWKS with the assertion key (to link the subject)");
  config.AddString("token_keys", "var/keys/token.jwks",
                   "JWKS with the development IdP's signing key");
  config.AddString("kid", "dev-token-1", "kid of the token key");
  config.AddString("admin_subject", "bootstrap-admin",
                   "bootstrap administrator subject");
  config.AddInt("hours", 8, 1, 24, "lifetime");
  sisker::common::ParseOrExit(config, argc,
                              const_cast<const char* const*>(argv),
                              "sisker-token", "0.1.0");
  auto token_keys = sisker::common::LoadKeySet(config.GetString("token_keys"));
  if (!token_keys.ok()) return Fail(std::string(token_keys.status().message()));
  const sisker::common::JwsKey* token_key =
      token_keys->Find(config.GetString("kid"));
  if (token_key == nullptr)
    return Fail("no token key " + config.GetString("kid"));
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  const int64_t exp = now + config.GetInt("hours") * 3600;
  std::string claims;
  if (!config.GetString("service").empty()) {
    const std::string& id = config.GetString("service");
    claims = absl::StrCat(
        "{\"iss\":\"sisker-dev-idp\",\"aud\":\"sisker\",\"sub\":", Quote(id),
        ",\"client_id\":", Quote(id),
        ",\"scope\":", Quote(config.GetString("scope")),
        config.GetString("instansi").empty()
            ? ""
            : absl::StrCat(",\"sisker_instansi\":",
                           Quote(config.GetString("instansi"))),
        ",\"iat\":", now, ",\"exp\":", exp, "}");
  } else if (!config.GetString("nip").empty()) {
    std::string nip;
    for (char c : config.GetString("nip"))
      if (c != ' ') nip.push_back(c);
    auto keys = sisker::common::LoadKeySet(config.GetString("assertion_keys"));
    if (!keys.ok()) return Fail(std::string(keys.status().message()));
    const sisker::common::JwsKey* key = keys->Find("dev-1");
    if (key == nullptr) return Fail("no assertion key dev-1");
    sisker::common::AssertionSigner signer(*key, "sisker-dev");
    sisker::common::Principal admin{"",
                                    config.GetString("admin_subject"),
                                    sisker::common::Principal::Kind::kPerson,
                                    {}};
    auto assertion = signer.Mint(admin, "sisker-org");
    auto stub = v1::OrgService::NewStub(grpc::CreateChannel(
        config.GetString("org"), grpc::InsecureChannelCredentials()));
    auto context = [&] {
      auto ctx = std::make_unique<grpc::ClientContext>();
      ctx->AddMetadata(sisker::common::kPrincipalMetadata, *assertion);
      ctx->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
      return ctx;
    };
    v1::ListInstansiResponse all;
    {
      auto ctx = context();
      grpc::Status s = stub->ListInstansi(ctx.get(), {}, &all);
      if (!s.ok()) return Fail("org service: " + s.error_message());
    }
    v1::Pegawai found;
    std::string instansi;
    for (const auto& i : all.instansi()) {
      v1::ListPegawaiRequest r;
      r.set_parent(i.name());
      r.set_nip(nip);
      v1::ListPegawaiResponse page;
      auto ctx = context();
      if (stub->ListPegawai(ctx.get(), r, &page).ok() &&
          page.pegawai_size() > 0) {
        found = page.pegawai(0);
        instansi = i.name().substr(i.name().find('/') + 1);
        break;
      }
    }
    if (instansi.empty()) return Fail("no pegawai with NIP " + nip);
    if (found.subject().empty()) {
      v1::UpdatePegawaiRequest r;
      r.mutable_pegawai()->set_name(found.name());
      r.mutable_pegawai()->set_subject("nip-" + nip);
      r.mutable_update_mask()->add_paths("subject");
      r.set_reason("development token (deploy/token.sh)");
      auto ctx = context();
      grpc::Status s = stub->UpdatePegawai(ctx.get(), r, &found);
      if (!s.ok()) return Fail("linking the subject: " + s.error_message());
    }
    claims = absl::StrCat(
        "{\"iss\":\"sisker-dev-idp\",\"aud\":\"sisker\",\"sub\":",
        Quote(found.subject()), ",\"sisker_instansi\":", Quote(instansi),
        ",\"name\":", Quote(found.display_name()), ",\"iat\":", now,
        ",\"exp\":", exp, "}");
  } else {
    return Fail("give --nip=<NIP> or --service=NAME --scope=...");
  }
  auto token = sisker::common::JwsSign(*token_key, claims, "JWT");
  if (!token.ok()) return Fail(std::string(token.status().message()));
  std::printf("%s\n", token->c_str());
  return 0;
}
