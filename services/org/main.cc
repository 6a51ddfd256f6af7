// sisker-org: wiring only. `sisker-org migrate` applies the schema and exits.
#include <cstdio>
#include <set>

#include "absl/strings/str_split.h"
#include "common/access_log.h"
#include "common/config.h"
#include "common/event_relay.h"
#include "common/log.h"
#include "common/migrations.h"
#include "common/pg_pool.h"
#include "common/policy_profiles.h"
#include "common/principal.h"
#include "common/redis_client.h"
#include "common/server.h"
#include "common/server_flags.h"
#include "common/stream_follower.h"
#include "services/org/org.h"
#include "services/org/resources.h"
#include "services/org/schema.h"
#include "services/org/service.h"

namespace {

int Fail(const std::string& what) {
  std::fprintf(stderr, "sisker-org: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sisker;  // NOLINT(google-build-using-namespace): main only
  common::BlockTerminationSignals();
  common::Config config;
  common::AddServerFlags(config, 50051, 9091);
  config.AddString("pg", "", "libpq conninfo of PostgreSQL", true);
  config.AddInt("pg_pool_size", 8, 1, 256, "database connections");
  config.AddString("redis", "",
                   "host:port of Redis (event stream; serving only)");
  config.AddString("policy_dir", "deploy/policies",
                   "directory of *.textproto profiles");
  config.AddString("assertion_keys", "",
                   "JWKS file of principal-assertion keys", true);
  config.AddString("bootstrap_admins", "",
                   "comma-separated subjects of bootstrap administrators");
  config.AddSecret("page_token_key",
                   "secret that signs page tokens (>= 16 bytes; serving only)");
  config.AddBool("migrate_on_start", true, "apply migrations before serving");
  common::ParseOrExit(config, argc, const_cast<const char* const*>(argv),
                      "sisker-org", SISKER_VERSION);
  common::ConfigureLogging("sisker-org", common::LogLevel::kInfo);
  const bool migrate_only =
      !config.positional().empty() && config.positional()[0] == "migrate";
  if (!migrate_only && config.GetString("redis").empty()) {
    return Fail("bad configuration: --redis (SISKER_REDIS) is required");
  }
  if (!migrate_only && config.GetString("page_token_key").size() < 16) {
    return Fail(
        "bad configuration: --page_token_key (SISKER_PAGE_TOKEN_KEY) must be "
        "at least 16 bytes");
  }
  if (migrate_only || config.GetBool("migrate_on_start")) {
    auto applied = common::ApplyMigrations(config.GetString("pg"), org::kSchema,
                                           org::Migrations());
    if (!applied.ok()) return Fail(std::string(applied.status().message()));
    if (migrate_only) return 0;
  }
  auto profiles = common::PolicyProfiles::LoadDirectory(
      config.GetString("policy_dir"), org::ValidateOrgProfile);
  if (!profiles.ok()) return Fail(std::string(profiles.status().message()));
  auto keys = common::LoadKeySet(config.GetString("assertion_keys"));
  if (!keys.ok()) return Fail(std::string(keys.status().message()));

  common::MetricsRegistry metrics;
  common::PgPoolOptions pool_options;
  pool_options.conninfo = config.GetString("pg");
  pool_options.schema = org::kSchema;
  pool_options.size = static_cast<int>(config.GetInt("pg_pool_size"));
  pool_options.setup = org::PrepareOrgStatements;
  common::PgPool pool(pool_options, &metrics);
  common::Authenticator authenticator(
      *std::move(keys), org::kServiceName,
      {"sisker-gateway", "sisker-dev", "sisker-assignment", "sisker-teamwork"});
  org::OrgOptions options;
  for (auto s : absl::StrSplit(config.GetString("bootstrap_admins"), ',',
                               absl::SkipEmpty())) {
    options.bootstrap_admins.insert(std::string(s));
  }
  options.page_token_secret = config.GetString("page_token_key");
  common::AccessLog access_log(&pool, {}, &metrics);
  org::Org use_cases(&pool, &*profiles, &access_log, options);
  org::OrgServiceImpl service(&use_cases, &authenticator);

  // Events: the relay publishes this service's event log to its stream;
  // the follower hears other replicas' changes and invalidates the cache
  // (which stays off while the stream cannot be followed).
  common::RedisClient redis({config.GetString("redis")});
  common::EventRelay relay(&pool, &redis, {.source = "org"}, &metrics);
  use_cases.SetCacheEnabled(false);
  common::StreamFollower follower(
      &redis, "org",
      [&use_cases](const sisker::v1::EventEnvelope& e) {
        use_cases.InvalidateCache(e.instansi());
      },
      [&use_cases](bool following) { use_cases.SetCacheEnabled(following); });
  relay.Start();
  follower.Start();

  common::ServerOptions server_options =
      common::ServerOptionsFrom(config, org::kServiceName, SISKER_VERSION);
  common::ServiceRunner runner(server_options, &metrics, &authenticator);
  runner.AddService(&service);
  runner.SetReadinessCheck([&pool] { return pool.Ping(); });
  if (auto status = runner.Start(); !status.ok())
    return Fail(std::string(status.message()));
  common::WaitForTerminationSignal();
  runner.Shutdown();
  follower.Stop();
  relay.Stop();
  access_log.Stop();  // after the last call: nothing recorded is lost
  return 0;
}
