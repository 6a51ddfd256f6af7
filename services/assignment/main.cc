// sisker-assignment: wiring only. `sisker-assignment migrate` applies the
// schema and exits.
#include <grpcpp/create_channel.h>

#include <cstdio>

#include "common/config.h"
#include "common/event_relay.h"
#include "common/log.h"
#include "common/migrations.h"
#include "common/org_client.h"
#include "common/pg_pool.h"
#include "common/policy_profiles.h"
#include "common/principal.h"
#include "common/redis_client.h"
#include "common/server.h"
#include "common/server_flags.h"
#include "common/stream_follower.h"
#include "services/assignment/assignments.h"
#include "services/assignment/letter_rules.h"
#include "services/assignment/schema.h"
#include "services/assignment/service.h"

namespace {

int Fail(const std::string& what) {
  std::fprintf(stderr, "sisker-assignment: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sisker;  // NOLINT(build/namespaces): wiring only
  common::BlockTerminationSignals();
  common::Config config;
  common::AddServerFlags(config, 50052, 9092);
  config.AddString("pg", "", "libpq conninfo of PostgreSQL", true);
  config.AddInt("pg_pool_size", 8, 1, 256, "database connections");
  config.AddString("redis", "", "host:port of Redis (serving only)");
  config.AddString("org", "127.0.0.1:50051", "org service address");
  config.AddString("policy_dir", "deploy/policies", "policy profiles");
  config.AddString("assertion_keys", "", "JWKS of principal-assertion keys",
                   true);
  config.AddString("assertion_kid", "dev-1", "kid of the key that signs calls");
  config.AddSecret("page_token_key", "secret that signs page tokens");
  config.AddBool("migrate_on_start", true, "apply migrations before serving");
  config.AddString("letter_signing_key", "",
                   "development signer: Ed25519 key file (PEM; created when "
                   "missing; empty: a key in memory)");
  config.AddString("letter_retired_keys", "",
                   "directory of retired letter-signing public keys (PEM): "
                   "letters signed before a rotation still verify");
  config.AddString("public_base_url", "http://127.0.0.1:8080",
                   "where the public letter check is reached (letters' QR)");
  common::ParseOrExit(config, argc, const_cast<const char* const*>(argv),
                      "sisker-assignment", SISKER_VERSION);
  common::ConfigureLogging("sisker-assignment", common::LogLevel::kInfo);
  const bool migrate_only =
      !config.positional().empty() && config.positional()[0] == "migrate";
  if (migrate_only || config.GetBool("migrate_on_start")) {
    auto applied = common::ApplyMigrations(
        config.GetString("pg"), assignment::kSchema, assignment::Migrations());
    if (!applied.ok()) return Fail(std::string(applied.status().message()));
    if (migrate_only) return 0;
  }
  if (config.GetString("redis").empty())
    return Fail("bad configuration: --redis (SISKER_REDIS) is required");
  if (config.GetString("page_token_key").size() < 16)
    return Fail("bad configuration: --page_token_key must be >= 16 bytes");
  auto profiles = common::PolicyProfiles::LoadDirectory(
      config.GetString("policy_dir"),
      [](const sisker::v1::PolicyProfile& p, std::vector<std::string>& e) {
        absl::Status s = assignment::ValidateAssignmentRules(p.assignment());
        if (!s.ok()) e.push_back(std::string(s.message()));
      });
  if (!profiles.ok()) return Fail(std::string(profiles.status().message()));
  auto keys = common::LoadKeySet(config.GetString("assertion_keys"));
  if (!keys.ok()) return Fail(std::string(keys.status().message()));
  const common::JwsKey* key = keys->Find(config.GetString("assertion_kid"));
  if (key == nullptr || !key->can_sign())
    return Fail("bad configuration: --assertion_kid names no signing key");
  common::AssertionSigner signer(*key, "sisker-assignment");

  common::MetricsRegistry metrics;
  common::PgPoolOptions pool_options;
  pool_options.conninfo = config.GetString("pg");
  pool_options.schema = assignment::kSchema;
  pool_options.size = static_cast<int>(config.GetInt("pg_pool_size"));
  // Every write locks the rows it decides on (pg_assignments.h).
  pool_options.write_isolation =
      common::PgPoolOptions::WriteIsolation::kReadCommittedWithRowLocks;
  common::PgPool pool(pool_options, &metrics);
  common::Authenticator authenticator(
      *std::move(keys), assignment::kServiceName,
      {"sisker-gateway", "sisker-dev", "sisker-teamwork"});
  common::OrgClient org(grpc::CreateChannel(config.GetString("org"),
                                            grpc::InsecureChannelCredentials()),
                        &signer, {.service = "sisker-assignment"});
  common::RedisClient redis({config.GetString("redis")});
  common::StreamFollower follower(
      &redis, "org",
      [&org](const sisker::v1::EventEnvelope& e) { org.OnOrgEvent(e); },
      [&org](bool following) { org.OnFollowing(following); });
  common::EventRelay relay(&pool, &redis, {.source = "assignment"}, &metrics);
  auto letter_signer =
      assignment::MakeDevSigner(config.GetString("letter_signing_key"),
                                config.GetString("letter_retired_keys"));
  if (!letter_signer.ok())
    return Fail(std::string(letter_signer.status().message()));
  assignment::Assignments use_cases(&pool, &*profiles, &org,
                                    config.GetString("page_token_key"),
                                    letter_signer->get());
  use_cases.SetPublicBaseUrl(config.GetString("public_base_url"));
  assignment::AssignmentServiceImpl service(&use_cases, &authenticator);

  common::ServerOptions server_options = common::ServerOptionsFrom(
      config, assignment::kServiceName, SISKER_VERSION);
  common::ServiceRunner runner(server_options, &metrics, &authenticator);
  runner.AddService(&service);
  runner.SetReadinessCheck([&pool] { return pool.Ping(); });
  if (auto status = runner.Start(); !status.ok())
    return Fail(std::string(status.message()));
  relay.Start();
  follower.Start();
  common::WaitForTerminationSignal();
  runner.Shutdown();
  follower.Stop();
  relay.Stop();
  return 0;
}
