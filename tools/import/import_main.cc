// sisker-import: sends a CSV to ImportPegawai (dry run unless --apply) as
// the demo BKPSDM operator of an instansi and prints the per-row report.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/config.h"
#include "common/grpc_status.h"
#include "common/principal.h"
#include "sisker/v1/org.grpc.pb.h"

int main(int argc, char** argv) {
  sisker::common::Config config;
  config.AddString("org", "127.0.0.1:50051", "org service address");
  config.AddString("assertion_keys", "var/keys/assertion.jwks",
                   "JWKS with the signing key");
  config.AddString("kid", "dev-1", "signing key id");
  config.AddString("instansi", "kampar", "instansi id");
  config.AddString("csv", "", "CSV file", true);
  config.AddBool("apply", false, "write the rows (default: dry run)");
  sisker::common::ParseOrExit(config, argc,
                              const_cast<const char* const*>(argv),
                              "sisker-import", "0.1.0");
  auto keys = sisker::common::LoadKeySet(config.GetString("assertion_keys"));
  const sisker::common::JwsKey* key =
      keys.ok() ? keys->Find(config.GetString("kid")) : nullptr;
  std::ifstream in(config.GetString("csv"));
  if (key == nullptr || !in) {
    std::fprintf(stderr, "sisker-import: missing signing key or CSV file\n");
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::string inst = config.GetString("instansi");
  sisker::common::AssertionSigner signer(*key, "sisker-dev");
  sisker::common::Principal bkpsdm{inst,
                                   "demo-bkpsdm-" + inst,
                                   sisker::common::Principal::Kind::kPerson,
                                   {}};
  auto stub = sisker::v1::OrgService::NewStub(grpc::CreateChannel(
      config.GetString("org"), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.AddMetadata(sisker::common::kPrincipalMetadata,
                  *signer.Mint(bkpsdm, "sisker-org"));
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  sisker::v1::ImportPegawaiRequest r;
  r.set_parent("instansi/" + inst);
  r.set_csv(text.str());
  r.set_dry_run(!config.GetBool("apply"));
  sisker::v1::ImportPegawaiResponse out;
  absl::Status s =
      sisker::common::FromGrpcStatus(stub->ImportPegawai(&ctx, r, &out));
  if (!s.ok()) {
    std::fprintf(stderr, "sisker-import: %s\n",
                 std::string(s.message()).c_str());
    return 1;
  }
  std::printf("%d rows: %d pegawai and %d placements %s, %d unchanged; %s\n",
              out.rows(), out.pegawai_created(), out.placements_created(),
              out.applied() ? "created" : "would be created", out.unchanged(),
              out.applied() ? "applied" : "nothing written");
  for (const auto& e : out.errors()) {
    std::printf("  error   line %d %s %s: %s\n", e.line(), e.field().c_str(),
                e.code().c_str(), e.message().c_str());
  }
  for (const auto& w : out.warnings()) {
    std::printf("  warning line %d %s %s: %s\n", w.line(), w.field().c_str(),
                w.code().c_str(), w.message().c_str());
  }
  return out.errors_size() == 0 ? 0 : 3;
}
