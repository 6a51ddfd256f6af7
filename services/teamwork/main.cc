// sisker-teamwork: wiring only. `sisker-teamwork migrate` applies the
// schema and exits.
#include <grpcpp/create_channel.h>

#include <cstdio>

#include "common/config.h"
#include "common/event_consumer.h"
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
#include "services/teamwork/assignment_client.h"
#include "services/teamwork/schema.h"
#include "services/teamwork/service.h"
#include "services/teamwork/team_rules.h"
#include "services/teamwork/teamwork.h"

namespace {

int Fail(const std::string& what) {
  std::fprintf(stderr, "sisker-teamwork: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sisker;  // NOLINT(build/namespaces): wiring only
  common::BlockTerminationSignals();
  common::Config config;
  common::AddServerFlags(config, 50053, 9093);
  config.AddString("pg", "", "libpq conninfo of PostgreSQL", true);
  config.AddInt("pg_pool_size", 8, 1, 256, "database connections");
  config.AddString("redis", "", "host:port of Redis (serving only)");
  config.AddString("org", "127.0.0.1:50051", "org service address");
  config.AddString("assignment", "127.0.0.1:50052",
                   "assignment service address");
  config.AddString("policy_dir", "deploy/policies", "policy profiles");
  config.AddString("assertion_keys", "", "JWKS of principal-assertion keys",
                   true);
  config.AddString("assertion_kid", "dev-1", "kid of the key that signs calls");
  config.AddSecret("page_token_key", "secret that signs page tokens");
  config.AddBool("migrate_on_start", true, "apply migrations before serving");
  common::ParseOrExit(config, argc, const_cast<const char* const*>(argv),
                      "sisker-teamwork", SISKER_VERSION);
  common::ConfigureLogging("sisker-teamwork", common::LogLevel::kInfo);
  const bool migrate_only =
      !config.positional().empty() && config.positional()[0] == "migrate";
  if (migrate_only || config.GetBool("migrate_on_start")) {
    auto applied = common::ApplyMigrations(
        config.GetString("pg"), teamwork::kSchema, teamwork::Migrations());
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
        absl::Status s = teamwork::ValidateTeamworkRules(p.teamwork());
        if (!s.ok()) e.push_back(std::string(s.message()));
      });
  if (!profiles.ok()) return Fail(std::string(profiles.status().message()));
  auto keys = common::LoadKeySet(config.GetString("assertion_keys"));
  if (!keys.ok()) return Fail(std::string(keys.status().message()));
  const common::JwsKey* key = keys->Find(config.GetString("assertion_kid"));
  if (key == nullptr || !key->can_sign())
    return Fail("bad configuration: --assertion_kid names no signing key");
  common::AssertionSigner signer(*key, "sisker-teamwork");

  common::MetricsRegistry metrics;
  common::PgPoolOptions pool_options;
  pool_options.conninfo = config.GetString("pg");
  pool_options.schema = teamwork::kSchema;
  pool_options.size = static_cast<int>(config.GetInt("pg_pool_size"));
  // Every write locks its team's row first (pg_teams.h).
  pool_options.write_isolation =
      common::PgPoolOptions::WriteIsolation::kReadCommittedWithRowLocks;
  common::PgPool pool(pool_options, &metrics);
  common::Authenticator authenticator(*std::move(keys), teamwork::kServiceName,
                                      {"sisker-gateway", "sisker-dev"});
  common::OrgClient org(grpc::CreateChannel(config.GetString("org"),
                                            grpc::InsecureChannelCredentials()),
                        &signer, {.service = "sisker-teamwork"});
  auto assignment = teamwork::MakeAssignmentClient(
      grpc::CreateChannel(config.GetString("assignment"),
                          grpc::InsecureChannelCredentials()),
      &signer);
  common::RedisClient redis({config.GetString("redis")});
  common::StreamFollower follower(
      &redis, "org",
      [&org](const sisker::v1::EventEnvelope& e) { org.OnOrgEvent(e); },
      [&org](bool following) { org.OnFollowing(following); });
  common::EventRelay relay(&pool, &redis, {.source = "teamwork"}, &metrics);
  teamwork::Teamwork use_cases(&pool, &*profiles, &org, assignment.get(),
                               config.GetString("page_token_key"));
  common::EventConsumer consumer(
      &pool, &redis,
      [&assignment](int64_t after, int page_size) {
        return assignment->ListEvents(after, page_size);
      },
      [&use_cases](common::Tx& tx, const sisker::v1::EventEnvelope& e) {
        return use_cases.OnAssignmentEvent(tx, e);
      },
      {.consumer = "teamwork.assignment-events", .source = "assignment"},
      &metrics);
  teamwork::TeamworkServiceImpl service(&use_cases, &authenticator);

  common::ServerOptions server_options =
      common::ServerOptionsFrom(config, teamwork::kServiceName, SISKER_VERSION);
  common::ServiceRunner runner(server_options, &metrics, &authenticator);
  runner.AddService(&service);
  runner.SetReadinessCheck([&pool] { return pool.Ping(); });
  if (auto status = runner.Start(); !status.ok())
    return Fail(std::string(status.message()));
  relay.Start();
  follower.Start();
  consumer.Start();
  common::WaitForTerminationSignal();
  runner.Shutdown();
  consumer.Stop();
  follower.Stop();
  relay.Stop();
  return 0;
}
